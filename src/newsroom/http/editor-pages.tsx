import { Csrf, type FormState } from '../../web/forms/components.tsx';
import { Island } from '../../web/islands/island.tsx';
import type { RevisionSummary } from '../../content/index.ts';
import type { BodyRow, Part, RevisionDiff } from '../revisions/diff.ts';
import { statusLabel } from './status-label.ts';

/** The editor page: a placeholder the editor island replaces as soon as its code arrives. */
export function EditorPage({ props, headline, liveHref }: { props: object; headline: string; liveHref: string }) {
  return (
    <div class="newsroom newsroom--editor">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › {headline} · <a href={liveHref}>Live blog</a>
      </p>
      <Island name="article-editor" hydrate="now" props={props}>
        <p class="editor__loading">Opening the editor…</p>
        <noscript>The editor needs JavaScript. The Admin API can change articles without it.</noscript>
      </Island>
    </div>
  );
}

export function MediaPage({ csrf }: { csrf: string }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Media library
      </p>
      <h1>Media library</h1>
      <Island name="media-library" hydrate="now" props={{ csrf }}>
        <p>Opening the media library…</p>
      </Island>
    </div>
  );
}

function Parts({ parts }: { parts: Part[] }) {
  return <>{parts.map((p) => (p.kind === 'added' ? <ins>{p.text}</ins> : p.kind === 'removed' ? <del>{p.text}</del> : <span>{p.text}</span>))}</>;
}

function Row({ row }: { row: BodyRow }) {
  if (row.kind === 'folded')
    return (
      <li class="diff__folded">
        {row.count} unchanged block{row.count === 1 ? '' : 's'}
      </li>
    );
  return (
    <li class={`diff__row diff__row--${row.kind}`}>
      <span class="diff__label">{row.label}</span>{' '}
      {row.kind === 'changed' ? (
        <Parts parts={row.parts} />
      ) : row.kind === 'added' ? (
        <ins>{row.text}</ins>
      ) : row.kind === 'removed' ? (
        <del>{row.text}</del>
      ) : (
        row.text
      )}
    </li>
  );
}

const ACTIONS: Record<string, string> = {
  create: 'Created',
  update: 'Saved',
  submit: 'Submitted for review',
  return: 'Sent back to draft',
  publish: 'Published',
  schedule: 'Scheduled',
  unpublish: 'Unpublished',
  correction: 'Correction added',
  update_note: 'Update note added',
  restore: 'Restored an earlier version',
};
export const describeAction = (action: string) => ACTIONS[action] ?? action;
const who = (actor: string) => actor.replace(/^(account|token):/, '') + (actor.startsWith('token:') ? ' (API token)' : '');
const when = (date: Date) => `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export interface HistoryView {
  article: { id: string; headline: string; status: string; version: number };
  revisions: RevisionSummary[];
  selected: { version: number; action: string; actor: string; createdAt: Date; diff: RevisionDiff; previous: number | null } | null;
  canRestore: boolean;
  state: FormState;
}

/** Every saved state of an article; the chosen one compared with the one before it. */
export function HistoryPage({ article, revisions, selected, canRestore, state }: HistoryView) {
  return (
    <div class="newsroom history">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href={`/newsroom/articles/${article.id}`}>{article.headline}</a> › History
      </p>
      <h1>History of “{article.headline}”</h1>
      <p>
        Now {statusLabel(article.status).toLowerCase()}, version {article.version}.
      </p>
      {state.error && (
        <p class="field-error" role="alert">
          {state.error}
        </p>
      )}
      <div class="history__columns">
        <ol class="history__list">
          {revisions.map((r) => (
            <li class={selected?.version === r.version ? 'history__item history__item--on' : 'history__item'}>
              <a href={`/newsroom/articles/${article.id}/history?version=${r.version}`} aria-current={selected?.version === r.version ? 'true' : undefined}>
                Version {r.version}: {describeAction(r.action)}
              </a>
              <span>
                {' '}
                by {who(r.actor)}, <time datetime={r.createdAt.toISOString()}>{when(r.createdAt)}</time>
              </span>
            </li>
          ))}
        </ol>
        {selected && (
          <section class="diff" aria-label={`Changes in version ${selected.version}`}>
            <h2>
              Version {selected.version}: {describeAction(selected.action)} by {who(selected.actor)}
            </h2>
            <p>{selected.previous ? `Compared with version ${selected.previous}.` : 'The first version.'}</p>
            {selected.diff.fields.length === 0 && !selected.diff.bodyChanged && <p>No change to the text in this version.</p>}
            <dl class="diff__fields">
              {selected.diff.fields.map((f) => (
                <>
                  <dt>{f.label}</dt>
                  <dd>
                    <Parts parts={f.parts} />
                  </dd>
                </>
              ))}
            </dl>
            {selected.diff.bodyChanged && (
              <>
                <h3>Body</h3>
                <ol class="diff__body">
                  {selected.diff.body.map((row) => (
                    <Row row={row} />
                  ))}
                </ol>
              </>
            )}
            {canRestore && selected.version !== article.version && (
              <form method="post" action={`/newsroom/articles/${article.id}/restore`}>
                <Csrf state={state} />
                <input type="hidden" name="from" value={String(selected.version)} />
                <input type="hidden" name="version" value={String(article.version)} />
                <button class="button button--primary" type="submit">
                  Restore version {selected.version}
                </button>{' '}
                <span>The current text stays in the history.</span>
              </form>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
