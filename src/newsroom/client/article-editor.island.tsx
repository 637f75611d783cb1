import type { Node as PMNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, useCsrf } from './api.ts';
import { commands, createBodyEditor, insertBlock, setLink } from './body-editor.ts';
import { ConflictView } from './conflict.tsx';
import { blocksToDoc, docToBlocks, type References } from './convert.ts';
import { ImagePicker, RelatedPicker, type LibraryImage } from './pickers.tsx';
import { Saver, type SaveState } from './saver.ts';
import { schema } from './schema.ts';
import { Workflow } from './workflow.tsx';
import { Discussion, type DiscussionSettings } from './discussion.tsx';
import { autosaves, fieldsOf, patchOf, same, type EditorArticle, type Fields, type Choice } from './fields.ts';

/**
 * The article editor: the article's fields, the body in ProseMirror, autosave, the workflow
 * buttons this person's role allows, preview, and who else has the article open.
 */

const LIMITS = { headline: 200, seoHeadline: 200, standfirst: 600 } as const;

/** Field errors are shown next to the field the server names (`body[3].content[0].href` belongs to the body). */
const fieldOf = (field: string | undefined) => (field ?? '').replace(/^\//, '').split(/[.[/]/)[0] ?? '';

function SaveStatus({ state, auto }: { state: SaveState; auto: boolean }) {
  const text =
    state.kind === 'saved'
      ? state.at
        ? `Saved at ${state.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`
        : 'All changes saved'
      : state.kind === 'pending'
        ? auto
          ? 'Unsaved changes…'
          : 'Changes not yet on the live article: press Update'
        : state.kind === 'saving'
          ? 'Saving…'
          : state.kind === 'offline'
            ? 'Offline: your changes are kept in this browser and will be saved when the connection is back'
            : state.kind === 'conflict'
              ? 'Someone else saved this article: choose which version to keep'
              : `Not saved: ${state.error.message}`;
  return (
    <p class={`save-status save-status--${state.kind}`} role="status" aria-live="polite" data-save-state={state.kind}>
      {text}
    </p>
  );
}

function Counted({ id, label, value, limit, error, multiline, onInput, hint }: { id: string; label: string; value: string; limit: number; error?: string | undefined; multiline?: boolean; onInput: (value: string) => void; hint?: string }) {
  const length = [...value].length;
  const over = length > limit;
  const props = { id, name: id, value, 'aria-invalid': over || !!error, 'aria-describedby': `${id}-note`, onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement).value) };
  return (
    <div class={`ed-field${over || error ? ' ed-field--error' : ''}`}>
      <label for={id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
      <p class="ed-field__note" id={`${id}-note`}>
        <span class={over ? 'field-error' : ''}>
          {length}/{limit}
          {over && ` characters: ${length - limit} too many`}
        </span>
        {hint && !over && <span> {hint}</span>}
      </p>
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function Chips({ id, label, chosen, choices, onChange, error }: { id: string; label: string; chosen: string[]; choices: Choice[]; onChange: (next: string[]) => void; error?: string | undefined }) {
  const name = (value: string) => choices.find((c) => c.value === value)?.label ?? value;
  return (
    <div class="ed-field">
      <label for={id}>{label}</label>
      <ul class="chips">
        {chosen.map((value) => (
          <li>
            {name(value)}{' '}
            <button type="button" aria-label={`Remove ${name(value)}`} onClick={() => onChange(chosen.filter((v) => v !== value))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <select
        id={id}
        value=""
        onChange={(e) => {
          const value = (e.currentTarget as HTMLSelectElement).value;
          if (value && !chosen.includes(value)) onChange([...chosen, value]);
        }}
      >
        <option value="">Add…</option>
        {choices
          .filter((c) => !chosen.includes(c.value))
          .map((c) => (
            <option value={c.value}>{c.label}</option>
          ))}
      </select>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}

export interface EditorProps {
  article: EditorArticle;
  choices: { sections: Choice[]; authors: Choice[]; topics: Choice[]; editions: Choice[] };
  discussion: DiscussionSettings;
  csrf: string;
}

type Dialog = null | 'hero' | 'figure' | 'related';

export default function ArticleEditor({ article: initial, choices, discussion, csrf }: EditorProps) {
  useCsrf(csrf);
  const storageKey = `masthead:unsaved:${initial.id}`;
  const [article, setArticle] = useState(initial);
  const [fields, setFields] = useState(() => fieldsOf(initial));
  const [saveState, setSaveState] = useState<SaveState>({ kind: 'saved', at: null });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [preview, setPreview] = useState<null | 'phone' | 'desktop'>(null);
  const [previewVersion, setPreviewVersion] = useState(initial.version);
  const [editors, setEditors] = useState<string[]>([]);
  const [conflict, setConflict] = useState<null | { mine: Fields; theirs: EditorArticle }>(null);
  const [linkDraft, setLinkDraft] = useState<string | null>(null);
  const [, redraw] = useState(0);
  const fieldsRef = useRef(fields);
  const bodyMount = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const editable = article.rights.edit;

  const saver = useMemo(
    () =>
      new Saver<Fields>({
        storageKey,
        version: initial.version,
        auto: autosaves(initial.status),
        send: async (f, version) => {
          const saved = await api<EditorArticle>('PATCH', `/newsroom/api/articles/${initial.id}`, { ...patchOf(f), version });
          setArticle(saved);
          setErrors({});
          return saved.version;
        },
        onState: (state) => {
          setSaveState(state);
          if (state.kind === 'failed') setErrors({ [fieldOf(state.error.field) || 'form']: state.error.message });
          if (state.kind === 'conflict') {
            const mine = Saver.unsaved<Fields>(storageKey)?.fields ?? fieldsRef.current;
            void api<EditorArticle>('GET', `/newsroom/api/articles/${initial.id}`).then((theirs) => setConflict({ mine, theirs }));
          }
        },
      }),
    [],
  );

  function change(next: Fields) {
    fieldsRef.current = next;
    setFields(next);
    saver.changed(next);
  }
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => change({ ...fieldsRef.current, [key]: value });

  function loadIntoEditor(next: Fields, refs?: References) {
    fieldsRef.current = next;
    setFields(next);
    const view = viewRef.current;
    if (view) view.updateState(EditorState.create({ doc: blocksToDoc(next.body, refs ?? initial.references), plugins: view.state.plugins }));
  }

  // The body editor, and whatever this browser kept that the server does not have yet.
  useEffect(() => {
    const kept = Saver.unsaved<Fields>(storageKey);
    let start = fieldsRef.current;
    const restore = !!kept && editable && !same(kept.fields, start);
    if (restore) {
      start = kept.fields;
      fieldsRef.current = start;
      setFields(start);
      saver.version = kept.baseVersion;
      setNotice(`Changes made in this browser on ${new Date(kept.at).toLocaleString()} had not reached the newsroom; they are back in the editor${saver.auto ? ' and being saved' : ''}.`);
    } else if (kept) {
      localStorage.removeItem(storageKey);
    }
    const view = createBodyEditor(
      bodyMount.current!,
      blocksToDoc(start.body, initial.references),
      (doc: PMNode) => change({ ...fieldsRef.current, body: docToBlocks(doc) }),
      () => redraw((n) => n + 1),
    );
    view.setProps({ editable: () => editable });
    viewRef.current = view;
    if (restore) saver.changed(start);
    document.body.dataset.editorReady = 'true';
    // Interactive: mounted, painted once, and the main thread free again (the benchmark reads this).
    requestAnimationFrame(() => setTimeout(() => performance.mark('editor-interactive')));
    return () => view.destroy();
  }, []);

  // Who else has this article open, renewed while the page is open.
  useEffect(() => {
    const beat = () =>
      api<{ editors: string[] }>('POST', `/newsroom/api/articles/${initial.id}/presence`, {})
        .then((r) => setEditors(r.editors))
        .catch(() => undefined);
    void beat();
    const timer = setInterval(beat, 15_000);
    const leave = () => void api('POST', `/newsroom/api/articles/${initial.id}/presence`, { leaving: true }, { keepalive: true }).catch(() => undefined);
    window.addEventListener('pagehide', leave);
    const keys = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key === 's') {
        e.preventDefault();
        void saver.flush().catch(() => undefined);
      }
    };
    window.addEventListener('keydown', keys);
    const unload = (e: BeforeUnloadEvent) => {
      if (saver.hasChanges) e.preventDefault();
    };
    window.addEventListener('beforeunload', unload);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pagehide', leave);
      window.removeEventListener('keydown', keys);
      window.removeEventListener('beforeunload', unload);
    };
  }, []);

  /** After a workflow action: the article's new state decides whether it autosaves. */
  function adopt(next: EditorArticle) {
    setArticle(next);
    saver.version = next.version;
    saver.auto = autosaves(next.status);
    viewRef.current?.setProps({ editable: () => next.rights.edit });
  }

  async function showPreview(size: 'phone' | 'desktop') {
    try {
      await saver.flush();
    } catch {
      // The preview then shows the last saved version; the save state says why.
    }
    setPreviewVersion(saver.version);
    setPreview(size);
  }

  function pickImage(image: LibraryImage) {
    if (dialog === 'hero') set('hero', { imageId: image.id, alt: '', caption: '', credit: '', src: image.src ?? '', libraryAlt: image.alt });
    else if (viewRef.current) insertBlock(viewRef.current, schema.nodes.image, { imageId: image.id, src: image.src ?? '', libraryAlt: image.alt });
    setDialog(null);
  }

  const view = viewRef.current;
  const tool = (label: string, run: () => void, active = false, disabled = false) => (
    <button type="button" class={`tool${active ? ' tool--on' : ''}`} aria-pressed={active} disabled={!editable || disabled} onMouseDown={(e) => e.preventDefault()} onClick={run}>
      {label}
    </button>
  );
  const command = (name: keyof typeof commands) => () => view && commands[name](view.state, view.dispatch, view);
  const markOn = (mark: 'bold' | 'italic') => {
    if (!view) return false;
    const { from, to, empty, $from } = view.state.selection;
    const type = schema.marks[mark];
    return empty ? !!type.isInSet(view.state.storedMarks ?? $from.marks()) : view.state.doc.rangeHasMark(from, to, type);
  };
  const blockIs = (name: string, level?: number) => {
    const parent = view?.state.selection.$from.parent;
    return !!parent && parent.type.name === name && (level === undefined || parent.attrs.level === level);
  };

  return (
    <div class="editor" data-status={article.status}>
      <header class="editor__bar">
        <p class="editor__status">
          <span class={`status status--${article.status}`}>{article.status.replace('_', ' ')}</span>
          {article.status === 'scheduled' && article.scheduledAt && <span> for {new Date(article.scheduledAt).toLocaleString()}</span>}
        </p>
        <SaveStatus state={saveState} auto={saver.auto} />
        {editors.length > 0 && (
          <p class="presence" role="status">
            Also editing now: {editors.join(', ')}
          </p>
        )}
        <nav class="editor__links">
          <button type="button" class="button" onClick={() => void showPreview('phone')}>
            Preview on a phone
          </button>
          <button type="button" class="button" onClick={() => void showPreview('desktop')}>
            Preview on a desktop
          </button>
          <a class="button" href={`/newsroom/articles/${article.id}/history`}>
            History
          </a>
          {article.status === 'published' && (
            <a class="button" href={article.url}>
              View live
            </a>
          )}
        </nav>
      </header>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      {!editable && <p class="notice">This article is {article.status.replace('_', ' ')}; your role cannot change it now.</p>}
      {errors.form && (
        <p class="field-error" role="alert">
          {errors.form}
        </p>
      )}
      {conflict && (
        <ConflictView
          mine={conflict.mine}
          theirs={conflict.theirs}
          onKeepMine={() => {
            adopt(conflict.theirs);
            saver.resume(conflict.theirs.version, conflict.mine);
            setConflict(null);
          }}
          onTakeTheirs={() => {
            adopt(conflict.theirs);
            loadIntoEditor(fieldsOf(conflict.theirs), conflict.theirs.references);
            saver.resume(conflict.theirs.version, null);
            setConflict(null);
          }}
        />
      )}

      {/* A role that may not change the article in its state sees it read-only. */}
      <fieldset class="editor__fieldset" disabled={!editable}>
        <div class="editor__columns">
          <main class="editor__main">
            <Counted id="headline" label="Headline" value={fields.headline} limit={LIMITS.headline} error={errors.headline} onInput={(v) => set('headline', v)} />
            <Counted id="standfirst" label="Standfirst" value={fields.standfirst} limit={LIMITS.standfirst} error={errors.standfirst} multiline onInput={(v) => set('standfirst', v)} />

            <div class="ed-field">
              <span class="ed-field__label">Body</span>
              <div class="toolbar" role="toolbar" aria-label="Body formatting">
                {tool('Bold', command('bold'), markOn('bold'))}
                {tool('Italic', command('italic'), markOn('italic'))}
                {tool('Link', () => setLinkDraft(''), false)}
                {tool('Paragraph', command('paragraph'), blockIs('paragraph'))}
                {tool('Heading', command('heading2'), blockIs('heading', 2))}
                {tool('Subheading', command('heading3'), blockIs('heading', 3))}
                {tool('Quote', command('quote'), blockIs('quote'))}
                {tool('Pull quote', command('pullquote'), blockIs('pullquote'))}
                {tool('Bulleted list', command('bulletList'))}
                {tool('Numbered list', command('orderedList'))}
                {tool('Image', () => setDialog('figure'))}
                {tool('Related story', () => setDialog('related'))}
                {tool('Embed', () => view && insertBlock(view, schema.nodes.embed))}
                {tool('Divider', () => view && insertBlock(view, schema.nodes.divider))}
                {tool('Undo', command('undo'))}
                {tool('Redo', command('redo'))}
              </div>
              {linkDraft !== null && (
                <form
                  class="link-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    const problem = view ? setLink(view, linkDraft) : null;
                    if (problem) setErrors({ ...errors, link: problem });
                    else {
                      setErrors({ ...errors, link: '' });
                      view?.focus();
                      setLinkDraft(null);
                    }
                  }}
                >
                  <label>
                    Link address <input name="href" value={linkDraft} autoFocus onInput={(e) => setLinkDraft((e.currentTarget as HTMLInputElement).value)} placeholder="https://" />
                  </label>
                  <button class="button" type="submit">
                    Apply
                  </button>
                  <button class="button" type="button" onClick={() => setLinkDraft(null)}>
                    Cancel
                  </button>
                  {errors.link && <p class="field-error">{errors.link}</p>}
                </form>
              )}
              <div ref={bodyMount} class="ed-body-mount" />
              {errors.body && (
                <p class="field-error" role="alert">
                  {errors.body}
                </p>
              )}
            </div>
          </main>

          <aside class="editor__side">
            <Workflow
              article={article}
              saver={saver}
              onDone={(next, message) => {
                adopt(next);
                setErrors({});
                setNotice(message);
              }}
              onError={(error) => setErrors({ [fieldOf(error.field) || 'workflow']: error.message, workflow: error.message })}
              error={errors.workflow}
            />

            <div class="ed-field">
              <span class="ed-field__label">Hero image</span>
              {fields.hero ? (
                <div class="hero-pick">
                  {fields.hero.src && <img src={fields.hero.src} alt="" />}
                  <label>
                    Alt text <input name="heroAlt" value={fields.hero.alt} placeholder={fields.hero.libraryAlt || 'Required before publishing'} onInput={(e) => set('hero', { ...fields.hero!, alt: (e.currentTarget as HTMLInputElement).value })} />
                  </label>
                  <label>
                    Caption <input name="heroCaption" value={fields.hero.caption} onInput={(e) => set('hero', { ...fields.hero!, caption: (e.currentTarget as HTMLInputElement).value })} />
                  </label>
                  <label>
                    Credit <input name="heroCredit" value={fields.hero.credit} onInput={(e) => set('hero', { ...fields.hero!, credit: (e.currentTarget as HTMLInputElement).value })} />
                  </label>
                  <button type="button" class="button" disabled={!editable} onClick={() => setDialog('hero')}>
                    Change
                  </button>{' '}
                  <button type="button" class="button" disabled={!editable} onClick={() => set('hero', null)}>
                    Remove
                  </button>
                </div>
              ) : (
                <button type="button" class="button" disabled={!editable} onClick={() => setDialog('hero')}>
                  Choose a hero image
                </button>
              )}
              {errors.hero && <p class="field-error">{errors.hero}</p>}
            </div>

            <Chips id="authors" label="Byline" chosen={fields.authors} choices={choices.authors} onChange={(v) => set('authors', v)} error={errors.authors} />
            <div class="ed-field">
              <label for="section">Section</label>
              <select id="section" value={fields.section} onChange={(e) => set('section', (e.currentTarget as HTMLSelectElement).value)}>
                {choices.sections.map((s) => (
                  <option value={s.value}>{s.label}</option>
                ))}
              </select>
            </div>
            <Chips id="topics" label="Topics" chosen={fields.topics} choices={choices.topics} onChange={(v) => set('topics', v)} error={errors.topics} />
            <fieldset class="ed-field">
              <legend>Editions</legend>
              {choices.editions.map((e) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={fields.editions.includes(e.value)}
                    onChange={(ev) => set('editions', (ev.currentTarget as HTMLInputElement).checked ? [...fields.editions, e.value] : fields.editions.filter((x) => x !== e.value))}
                  />{' '}
                  {e.label}
                </label>
              ))}
              {errors.editions && <p class="field-error">{errors.editions}</p>}
      </fieldset>
          <Counted id="seoHeadline" label="SEO headline" value={fields.seoHeadline} limit={LIMITS.seoHeadline} error={errors.seoHeadline} hint="For search results; the headline is used when empty." onInput={(v) => set('seoHeadline', v)} />
          <label class="check">
            <input type="checkbox" checked={fields.commentsEnabled} onChange={(e) => set('commentsEnabled', (e.currentTarget as HTMLInputElement).checked)} /> Comments on
          </label>
          {fields.commentsEnabled && article.rights.publish && <Discussion articleId={article.id} initial={discussion} />}
        </aside>
      </div>
      </fieldset>

      {preview && (
        <section class={`preview preview--${preview}`} aria-label="Preview">
          <header>
            <h2>Preview ({preview === 'phone' ? 'phone, 390 px' : 'desktop, 1280 px'})</h2>
            <button type="button" class="button" onClick={() => setPreview(preview === 'phone' ? 'desktop' : 'phone')}>
              Show on a {preview === 'phone' ? 'desktop' : 'phone'}
            </button>{' '}
            <button type="button" class="button" onClick={() => setPreview(null)}>
              Close preview
            </button>
          </header>
          <iframe title="Article preview" src={`/newsroom/articles/${article.id}/preview?v=${previewVersion}`} />
        </section>
      )}

      {dialog === 'hero' || dialog === 'figure' ? <ImagePicker onPick={pickImage} onClose={() => setDialog(null)} /> : null}
      {dialog === 'related' && (
        <RelatedPicker
          exclude={article.id}
          onClose={() => setDialog(null)}
          onPick={(hit) => {
            if (viewRef.current) insertBlock(viewRef.current, schema.nodes.related, { articleId: hit.id, headline: hit.headline });
            setDialog(null);
          }}
        />
      )}
    </div>
  );
}
