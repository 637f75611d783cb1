import { Csrf, type FormState } from '../../web/forms/components.tsx';
import { Island } from '../../web/islands/island.tsx';
import type { FrontListing } from '../directory.ts';

const when = (date: string) => `${new Date(date).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
const who = (actor: string | null) => (actor ? actor.replace(/^(account|token):/, '') : '');

/** What readers see of a front and whether a newer draft waits. */
export function frontState(front: FrontListing): string {
  if (front.id === null) return 'Automatic (never opened)';
  if (front.publishedNumber === null) return 'Automatic: a draft is being made, never published';
  return `Published, version ${front.publishedNumber}`;
}

function Row({ front, state }: { front: FrontListing; state: FormState }) {
  const scopeFields =
    front.scope.kind === 'edition' ? (
      <input type="hidden" name="edition" value={front.scope.edition} />
    ) : (
      <input type="hidden" name="sectionId" value={front.scope.sectionId} />
    );
  return (
    <tr>
      <th scope="row">
        {front.id ? (
          <a href={`/newsroom/fronts/${front.id}`}>{front.name}</a>
        ) : (
          <form method="post" action="/newsroom/fronts/open" class="ft-open">
            <Csrf state={state} />
            {scopeFields}
            <button type="submit" class="button-link">
              {front.name}
              <span class="visually-hidden">: open in the fronts tool</span>
            </button>
          </form>
        )}
      </th>
      <td>{front.scope.kind === 'edition' ? 'Edition front' : 'Section front'}</td>
      <td>{frontState(front)}</td>
      <td>{front.publishedAt ? <time datetime={new Date(front.publishedAt).toISOString()}>{when(front.publishedAt)}</time> : '—'}</td>
      <td>
        {front.savedAt ? (
          <>
            version {front.version}, <time datetime={new Date(front.savedAt).toISOString()}>{when(front.savedAt)}</time>
            {front.actor && ` by ${who(front.actor)}`}
          </>
        ) : (
          '—'
        )}
      </td>
      <td>
        <a href={front.url}>
          View<span class="visually-hidden"> {front.name} as readers see it</span>
        </a>
      </td>
    </tr>
  );
}

/** Every edition front and section front, with what readers see of each. */
export function FrontsListPage({ fronts, state, stylesheet }: { fronts: FrontListing[]; state: FormState; stylesheet: string }) {
  return (
    <div class="newsroom newsroom--fronts">
      <link rel="stylesheet" href={stylesheet} />
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Fronts
      </p>
      <h1>Fronts</h1>
      <p>Each edition’s front page and each section’s page. Open one to arrange its stories; readers see a change when it is published.</p>
      {state.error && (
        <p class="field-error" role="alert">
          {state.error}
        </p>
      )}
      <table class="newsroom-list">
        <caption class="visually-hidden">Fronts: edition fronts first, then section fronts</caption>
        <thead>
          <tr>
            <th scope="col">Front</th>
            <th scope="col">Kind</th>
            <th scope="col">Readers see</th>
            <th scope="col">Published</th>
            <th scope="col">Draft saved</th>
            <th scope="col">On the site</th>
          </tr>
        </thead>
        <tbody>
          {fronts.map((front) => (
            <Row front={front} state={state} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The tool's page: its stylesheet, and the island that replaces the placeholder. */
export function FrontToolPage({ name, url, props, stylesheet }: { name: string; url: string; props: object; stylesheet: string }) {
  return (
    <div class="newsroom newsroom--fronts">
      <link rel="stylesheet" href={stylesheet} />
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/fronts">Fronts</a> › {name}
      </p>
      <h1>
        {name} <a href={url}>(view on the site)</a>
      </h1>
      <Island name="fronts-tool" hydrate="now" props={props}>
        <p class="ft-loading">Opening the fronts tool…</p>
        <noscript>The fronts tool needs JavaScript. The Admin API can change fronts without it.</noscript>
      </Island>
    </div>
  );
}
