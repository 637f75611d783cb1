import { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError, useCsrf } from './api.ts';
import { createBodyEditor } from './body-editor.ts';
import { BodyField } from './body-field.tsx';
import { blocksToDoc, docToBlocks } from './convert.ts';
import { EditorDialogs, type Dialog } from './dialogs.tsx';
import { fieldOf, type FieldErrors } from './field-errors.ts';
import { Counted } from './field-inputs.tsx';
import { PageConflict, type PageConflictState } from './page-conflict.tsx';
import { PageHistory } from './page-history.tsx';
import { PAGE_LIMITS, pageFieldsOf, saveBody, type EditorPage, type PageEditorData, type PageFields } from './page-model.ts';

/**
 * The page editor: a page's title, address, summary and body in the article editor's block
 * editor (ProseMirror, with its toolbar, links and pictures), saved with the version it
 * edited; publish and withdraw; the revisions, any of which can be restored. A stale save or
 * restore shows both versions, as its 409 carried them, and changes nothing until the editor chooses.
 */
const STATES = { draft: 'Draft: not on the site', published: 'Published', withdrawn: 'Withdrawn: its address answers “gone”' };

export default function PageEditor({ csrf, ...initial }: PageEditorData & { csrf: string }) {
  useCsrf(csrf);
  const [data, setData] = useState(initial);
  const [fields, setFields] = useState<PageFields>(pageFieldsOf(initial.page));
  const fieldsRef = useRef(fields);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const [conflict, setConflict] = useState<PageConflictState | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [, redraw] = useState(0);
  const mountRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const { page } = data;

  function change(next: PageFields) {
    fieldsRef.current = next;
    setFields(next);
    setDirty(true);
  }
  const set = <K extends keyof PageFields>(key: K, value: PageFields[K]) => change({ ...fieldsRef.current, [key]: value });

  useEffect(() => {
    const view = createBodyEditor(
      mountRef.current!,
      blocksToDoc(initial.page.body, initial.references),
      (doc) => change({ ...fieldsRef.current, body: docToBlocks(doc) }),
      () => redraw((n) => n + 1),
    );
    viewRef.current = view;
    document.body.dataset.editorReady = 'true';
    return () => view.destroy();
  }, []);

  /** Shows a page the server sent, fields and body included, as saved. */
  function load(next: PageEditorData) {
    setData(next);
    const loaded = pageFieldsOf(next.page);
    fieldsRef.current = loaded;
    setFields(loaded);
    setDirty(false);
    const view = viewRef.current;
    if (view) view.updateState(EditorState.create({ doc: blocksToDoc(next.page.body, next.references), plugins: view.state.plugins }));
  }

  /**
   * Runs one change and shows the page it left (`reload`: its text too, when the change made
   * it). A stale version (409) brings both sides: `mine` is what this editor sent, `keepMine`
   * sends it again over the newer version.
   */
  async function run(
    work: () => Promise<PageEditorData>,
    done: string,
    onConflict: Pick<PageConflictState, 'keepMine'> & { mine?: (yours: Partial<PageFields>) => PageFields; reload?: boolean },
  ) {
    setBusy(true);
    setNotice('');
    setErrors({});
    try {
      const next = await work();
      if (onConflict.reload) load(next);
      else {
        setData(next);
        setFields((current) => ({ ...current, slug: next.page.slug }));
        setDirty(false);
      }
      setNotice(done);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      if (failure.status === 409 && failure.field === 'version') {
        // Publish and withdraw refuse without the page; a save or restore sends it along.
        const theirs = (failure.details.theirs as EditorPage | undefined) ?? (await api<PageEditorData>('GET', `/newsroom/api/pages/${page.id}`)).page;
        const yours = (failure.details.yours ?? {}) as Partial<PageFields>;
        setConflict({ mine: onConflict.mine?.(yours) ?? fieldsRef.current, theirs, keepMine: onConflict.keepMine });
      } else {
        setErrors({ [fieldOf(failure.field) || 'form']: failure.message, form: failure.message });
      }
    } finally {
      setBusy(false);
    }
  }

  /** Takes the saved version: read whole again, for its pictures and revisions. */
  async function takeTheirs() {
    try {
      load(await api<PageEditorData>('GET', `/newsroom/api/pages/${page.id}`));
    } catch (failure) {
      setErrors({ form: failure instanceof ApiError ? failure.message : 'The page could not be read.' });
    }
  }

  const save = (version = page.version): Promise<void> =>
    run(() => api<PageEditorData>('PUT', `/newsroom/api/pages/${page.id}`, saveBody(fieldsRef.current, { ...page, version })), 'Saved.', { keepMine: save });
  const publish = () =>
    run(() => api<PageEditorData>('POST', `/newsroom/api/pages/${page.id}/publish`, { version: page.version }), 'Published: readers see it now.', {
      keepMine: save,
    });
  const withdraw = () =>
    run(() => api<PageEditorData>('POST', `/newsroom/api/pages/${page.id}/withdraw`, { version: page.version }), 'Withdrawn from the site.', {
      keepMine: save,
    });
  const restore = (from: number, version = page.version): Promise<void> =>
    run(
      () => api<PageEditorData>('POST', `/newsroom/api/pages/${page.id}/revisions/${from}/restore`, { version }),
      `Version ${from} restored: its title and text are saved as a new version.`,
      { keepMine: (newer) => restore(from, newer), mine: (yours) => ({ ...fieldsRef.current, ...yours }), reload: true },
    );
  async function remove() {
    if (!confirm(`Delete “${page.title}” and its history? This cannot be undone.`)) return;
    await api('DELETE', `/newsroom/api/pages/${page.id}`).then(
      () => location.assign('/newsroom/pages'),
      (failure: ApiError) => setErrors({ form: failure.message }),
    );
  }

  return (
    <div class="editor page-editor" data-state={page.state}>
      <div class="editor__bar">
        <p>
          <strong>{STATES[page.state]}</strong> · version {page.version}
          {dirty ? ' · unsaved changes' : ''}
        </p>
        <p class="editor__links">{page.state === 'published' && <a href={page.url}>View on the site</a>}</p>
      </div>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      {conflict && (
        <PageConflict
          conflict={conflict}
          edited={page.version}
          onKeepMine={() => (setConflict(null), void conflict.keepMine(conflict.theirs.version))}
          onTakeTheirs={() => (setConflict(null), void takeTheirs())}
        />
      )}
      <div class="editor__columns">
        <main class="editor__main">
          <Counted id="title" label="Title" value={fields.title} limit={PAGE_LIMITS.title} error={errors.title} onInput={(v) => set('title', v)} />
          <div class={`ed-field${errors.slug ? ' ed-field--error' : ''}`}>
            <label for="slug">Address</label>
            <input id="slug" value={fields.slug} readOnly={page.reserved} aria-describedby="slug-note" onInput={(e) => set('slug', e.currentTarget.value)} />
            <p class="ed-field__note" id="slug-note">
              {page.reserved
                ? `/info/${page.slug}: fixed, because the site’s forms link to this page. It can be edited but not renamed or deleted.`
                : 'After /info/: lower-case letters, digits and single hyphens.'}
            </p>
            {errors.slug && (
              <p class="field-error" role="alert">
                {errors.slug}
              </p>
            )}
          </div>
          <Counted
            id="summary"
            label="Summary"
            value={fields.summary}
            limit={PAGE_LIMITS.summary}
            error={errors.summary}
            multiline
            onInput={(v) => set('summary', v)}
          />
          <BodyField
            mountRef={mountRef}
            viewRef={viewRef}
            editable
            related={false}
            errors={errors}
            onLinkProblem={(problem) => setErrors({ ...errors, link: problem })}
            onDialog={setDialog}
          />
        </main>
        <aside class="editor__side">
          <section class="workflow" aria-label="Publishing">
            <button type="button" class="button button--primary" disabled={busy || !dirty} onClick={() => void save()}>
              Save
            </button>{' '}
            {page.state === 'published' ? (
              <button type="button" class="button" disabled={busy || dirty} onClick={() => void withdraw()}>
                Withdraw
              </button>
            ) : (
              <button type="button" class="button" disabled={busy || dirty} onClick={() => void publish()}>
                Publish
              </button>
            )}
            {dirty && <p class="hint">Save your changes before publishing or withdrawing.</p>}
            {!page.reserved && (
              <p>
                <button type="button" class="button button--danger" disabled={busy} onClick={() => void remove()}>
                  Delete page
                </button>
              </p>
            )}
          </section>
          <PageHistory
            pageId={page.id}
            current={page.version}
            revisions={data.revisions}
            restoreBlocked={dirty}
            onRestore={(from) => void (busy || restore(from))}
          />
        </aside>
      </div>
      <EditorDialogs dialog={dialog} articleId={page.id} viewRef={viewRef} onHero={() => undefined} onClose={() => setDialog(null)} />
    </div>
  );
}
