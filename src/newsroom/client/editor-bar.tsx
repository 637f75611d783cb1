import type { EditorArticle } from './fields.ts';
import type { PreviewSize } from './preview.tsx';
import { SaveStatus } from './save-status.tsx';
import type { SaveState } from './saver.ts';

/** The editor's top bar: the article's state, where its changes are, who else is editing, and the ways out to preview, history and the live page. */
export function EditorBar({
  article,
  saveState,
  auto,
  editors,
  onPreview,
}: {
  article: EditorArticle;
  saveState: SaveState;
  auto: boolean;
  editors: string[];
  onPreview: (size: PreviewSize) => void;
}) {
  return (
    <header class="editor__bar">
      <p class="editor__status">
        <span class={`status status--${article.status}`}>{article.status.replace('_', ' ')}</span>
        {article.status === 'scheduled' && article.scheduledAt && <span> for {new Date(article.scheduledAt).toLocaleString()}</span>}
      </p>
      <SaveStatus state={saveState} auto={auto} />
      {editors.length > 0 && (
        <p class="presence" role="status">
          Also editing now: {editors.join(', ')}
        </p>
      )}
      <nav class="editor__links">
        <button type="button" class="button" onClick={() => onPreview('phone')}>
          Preview on a phone
        </button>
        <button type="button" class="button" onClick={() => onPreview('desktop')}>
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
  );
}
