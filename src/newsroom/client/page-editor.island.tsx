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
import { PageHistory, PageSummary } from './page-history.tsx';
import { PAGE_LIMITS, pageFieldsOf, saveBody, type PageEditorData, type PageFields } from './page-model.ts';

/**
 * The page editor: a page's title, address, summary and body in the article editor's block
 * editor (ProseMirror, with its toolbar, links and pictures), saved with the version it
 * edited; publish and withdraw; the revisions. A stale save shows both versions and changes
 * nothing until the editor chooses.
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
  const [conflict, setConflict] = useState<PageEditorData | null>(null);
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

  async function run(work: () => Promise<PageEditorData>, done: string) {
    setBusy(true);
    setNotice('');
    setErrors({});
    try {
      const next = await work();
      setData(next);
      setFields((current) => ({ ...current, slug: next.page.slug }));
      setDirty(false);
      setNotice(done);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      if (failure.status === 409 && failure.field === 'version') {
        setConflict(await api<PageEditorData>('GET', `/newsroom/api/pages/${page.id}`));
      } else {
        setErrors({ [fieldOf(failure.field) || 'form']: failure.message, form: failure.message });
      }
    } finally {
      setBusy(false);
    }
  }

  const save = (version = page.version) =>
    run(() => api<PageEditorData>('PUT', `/newsroom/api/pages/${page.id}`, saveBody(fieldsRef.current, { ...page, version })), 'Saved.');
  const publish = () =>
    run(() => api<PageEditorData>('POST', `/newsroom/api/pages/${page.id}/publish`, { version: page.version }), 'Published: readers see it now.');
  const withdraw = () =>
    run(() => api<PageEditorData>('POST', `/newsroom/api/pages/${page.id}/withdraw`, { version: page.version }), 'Withdrawn from the site.');
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
        <section class="conflict" role="alertdialog" aria-labelledby="conflict-title">
          <h2 id="conflict-title">This page was changed by someone else while you were editing</h2>
          <p>
            You edited version {page.version}; the saved version is now {conflict.page.version}. Nothing is lost: choose which to keep, the other stays in the
            revisions.
          </p>
          <div class="conflict__columns">
            <div>
              <h3>Your version (not saved yet)</h3>
              <PageSummary fields={fields} />
            </div>
            <div>
              <h3>Saved version {conflict.page.version}</h3>
              <PageSummary fields={conflict.page} />
            </div>
          </div>
          <p class="conflict__actions">
            <button type="button" class="button button--primary" onClick={() => (setConflict(null), void save(conflict.page.version))}>
              Keep my version
            </button>{' '}
            <button type="button" class="button" onClick={() => (setConflict(null), load(conflict))}>
              Use the saved version
            </button>
          </p>
        </section>
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
          <PageHistory pageId={page.id} revisions={data.revisions} />
        </aside>
      </div>
      <EditorDialogs dialog={dialog} articleId={page.id} viewRef={viewRef} onHero={() => undefined} onClose={() => setDialog(null)} />
    </div>
  );
}
