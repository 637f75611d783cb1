import { useState } from 'preact/hooks';
import { BlockOutline } from './block-outline.tsx';
import { api, ApiError } from './api.ts';
import type { PageFields, PageRevisionItem } from './page-model.ts';

/** A page's text as a short list, block by block: for a revision and for the two sides of a conflict. */
export function PageSummary({ fields }: { fields: Pick<PageFields, 'title' | 'summary' | 'body'> }) {
  return (
    <div class="conflict__version">
      <p class="conflict__headline">{fields.title}</p>
      {fields.summary && <p>{fields.summary}</p>}
      <BlockOutline body={fields.body} />
    </div>
  );
}

/**
 * Every save of the page, newest first; any one can be opened to read what it said, and any
 * but the current one restored (its title and body saved as a new version). Restoring waits
 * while there are unsaved changes, so they are never replaced unseen; while a change is being
 * sent, `onRestore` ignores presses (the button is not disabled, which would drop its focus).
 */
export function PageHistory({
  pageId,
  current,
  revisions,
  restoreBlocked,
  onRestore,
}: {
  pageId: string;
  current: number;
  revisions: PageRevisionItem[];
  /** Unsaved changes: restoring waits (the buttons are disabled, with a hint why). */
  restoreBlocked: boolean;
  onRestore: (version: number) => void;
}) {
  const [open, setOpen] = useState<{ version: number; fields: PageFields } | null>(null);
  const [error, setError] = useState('');
  async function show(version: number) {
    setError('');
    try {
      const revision = await api<{ snapshot: Partial<PageFields> }>('GET', `/newsroom/api/pages/${pageId}/revisions/${version}`);
      setOpen({ version, fields: { title: '', slug: '', summary: '', body: [], ...revision.snapshot } });
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : 'The revision could not be read.');
    }
  }
  return (
    <section class="page-history" aria-labelledby="page-history-title">
      <h2 id="page-history-title">Revisions</h2>
      <ol class="page-history__list">
        {revisions.map((r) => (
          // Keyed by version: after a restore the list grows at the top, and focus stays on the button pressed.
          <li key={r.version}>
            <button
              type="button"
              class="button"
              aria-expanded={open?.version === r.version}
              onClick={() => (open?.version === r.version ? setOpen(null) : void show(r.version))}
            >
              Version {r.version}
            </button>{' '}
            {r.action} by {r.actor.replace(/^(account|token):/, '')}, <time datetime={r.createdAt}>{new Date(r.createdAt).toLocaleString()}</time>
            {r.version !== current && (
              <>
                {' '}
                <button type="button" class="button" disabled={restoreBlocked} onClick={() => onRestore(r.version)}>
                  Restore version {r.version}
                </button>
              </>
            )}
            {open?.version === r.version && <PageSummary fields={open.fields} />}
          </li>
        ))}
      </ol>
      {restoreBlocked && revisions.length > 1 && <p class="hint">Save your changes before restoring a version.</p>}
      {error && (
        <p class="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
