import { useState } from 'preact/hooks';
import { useCsrf } from './api.ts';
import { ArticleDetails, type ArticleChoices } from './article-details.tsx';
import { BodyField } from './body-field.tsx';
import { ConflictView } from './conflict.tsx';
import { EditorDialogs, type Dialog } from './dialogs.tsx';
import type { DiscussionSettings } from './discussion.tsx';
import { EditorBar } from './editor-bar.tsx';
import { fieldOf, type FieldErrors } from './field-errors.ts';
import { Counted } from './field-inputs.tsx';
import { autosaves, fieldsOf, LIMITS, type EditorArticle, type Fields } from './fields.ts';
import { HeroField } from './hero-field.tsx';
import { PreviewPanel, usePreview } from './preview.tsx';
import { useAutosave } from './use-autosave.ts';
import { useBodyEditor } from './use-body-editor.ts';
import { useFields } from './use-fields.ts';
import { usePresence } from './use-presence.ts';
import { useSaveShortcuts } from './use-save-shortcuts.ts';
import { Workflow } from './workflow.tsx';

/**
 * The article editor: the article's fields, the body in ProseMirror, autosave, the workflow
 * buttons this person's role allows, preview, and who else has the article open. This file puts
 * the parts together and holds what they share: the article, its fields and the errors shown.
 */

export interface EditorProps {
  article: EditorArticle;
  choices: ArticleChoices;
  discussion: DiscussionSettings;
  csrf: string;
}

export default function ArticleEditor({ article: initial, choices, discussion, csrf }: EditorProps) {
  useCsrf(csrf);
  const [article, setArticle] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [notice, setNotice] = useState('');
  const [dialog, setDialog] = useState<Dialog>(null);
  const editable = article.rights.edit;

  const { fields, fieldsRef, show } = useFields(initial);
  const { saver, storageKey, saveState, conflict, setConflict } = useAutosave({ initial, fieldsRef, setArticle, setErrors });
  function change(next: Fields) {
    show(next);
    saver.changed(next);
  }
  const set = <K extends keyof Fields>(key: K, value: Fields[K]) => change({ ...fieldsRef.current, [key]: value });
  const body = useBodyEditor({ initial, storageKey, editable, saver, fieldsRef, show, change, setNotice });
  const editors = usePresence(initial.id);
  useSaveShortcuts(saver);
  const preview = usePreview(saver, initial.version);

  /** After a workflow action: the article's new state decides whether it autosaves. */
  function adopt(next: EditorArticle) {
    setArticle(next);
    saver.version = next.version;
    saver.auto = autosaves(next.status);
    body.viewRef.current?.setProps({ editable: () => next.rights.edit });
  }

  return (
    <div class="editor" data-status={article.status}>
      <EditorBar article={article} saveState={saveState} auto={saver.auto} editors={editors} onPreview={(size) => void preview.show(size)} />
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
            body.load(fieldsOf(conflict.theirs), conflict.theirs.references);
            saver.resume(conflict.theirs.version, null);
            setConflict(null);
          }}
        />
      )}

      {/* A role that may not change the article in its state sees it read-only. */}
      <fieldset class="editor__fieldset" disabled={!editable}>
        <div class="editor__columns">
          <main class="editor__main">
            <Counted
              id="headline"
              label="Headline"
              value={fields.headline}
              limit={LIMITS.headline}
              error={errors.headline}
              onInput={(v) => set('headline', v)}
            />
            <Counted
              id="standfirst"
              label="Standfirst"
              value={fields.standfirst}
              limit={LIMITS.standfirst}
              error={errors.standfirst}
              multiline
              onInput={(v) => set('standfirst', v)}
            />
            <BodyField
              mountRef={body.mountRef}
              viewRef={body.viewRef}
              editable={editable}
              errors={errors}
              onLinkProblem={(problem) => setErrors({ ...errors, link: problem })}
              onDialog={setDialog}
            />
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
            <HeroField hero={fields.hero} editable={editable} error={errors.hero} onChange={(hero) => set('hero', hero)} onChoose={() => setDialog('hero')} />
            <ArticleDetails article={article} fields={fields} choices={choices} discussion={discussion} errors={errors} set={set} />
          </aside>
        </div>
      </fieldset>

      {preview.size && <PreviewPanel articleId={article.id} size={preview.size} version={preview.version} onSize={preview.setSize} />}

      <EditorDialogs dialog={dialog} articleId={article.id} viewRef={body.viewRef} onHero={(hero) => set('hero', hero)} onClose={() => setDialog(null)} />
    </div>
  );
}
