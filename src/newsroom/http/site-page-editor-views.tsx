import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { Island } from '../../web/islands/island.tsx';

/** The newsroom's views of the site's own pages: the list, the new-page form and the editor's frame. */

export interface PageListItem {
  id: string;
  title: string;
  url: string;
  state: string;
  reserved: boolean;
  modifiedAt: string;
}

const STATE_LABELS: Record<string, string> = { draft: 'Draft', published: 'Published', withdrawn: 'Withdrawn' };

export function PageList({ items }: { items: PageListItem[] }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Pages
      </p>
      <h1>Pages</h1>
      <p>
        The site’s own pages: about, contact, the privacy notice, terms and the rest, at their own addresses and linked from the footer. The privacy notice and
        the community standards are linked from the site’s forms: they can be edited but keep their addresses and cannot be deleted.
      </p>
      <p>
        <a class="button button--primary" href="/newsroom/pages/new">
          New page
        </a>
      </p>
      {items.length === 0 ? (
        <p>No pages yet.</p>
      ) : (
        <table class="table">
          <thead>
            <tr>
              <th scope="col">Title</th>
              <th scope="col">Address</th>
              <th scope="col">State</th>
              <th scope="col">Last changed</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr>
                <td>
                  <a href={`/newsroom/pages/${item.id}`}>{item.title}</a>
                  {item.reserved && <span class="hint"> (linked from the site’s forms)</span>}
                </td>
                <td>{new URL(item.url).pathname}</td>
                <td>{STATE_LABELS[item.state] ?? item.state}</td>
                <td>
                  <time datetime={item.modifiedAt}>{item.modifiedAt.slice(0, 16).replace('T', ' ')} UTC</time>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function NewPageForm({ state, values }: { state: FormState; values: { title?: string | undefined; slug?: string | undefined } }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/pages">Pages</a> › New page
      </p>
      <h1>New page</h1>
      <Notices error={state.error} />
      <form method="post" action="/newsroom/pages/new" class="account-form">
        <Csrf state={state} />
        <label for="title">Title</label>
        <input id="title" name="title" required maxLength={200} value={values.title ?? ''} />
        <label for="slug">Address (optional)</label>
        <input id="slug" name="slug" maxLength={100} pattern="[a-z0-9]+(-[a-z0-9]+)*" value={values.slug ?? ''} aria-describedby="slug-hint" />
        <p id="slug-hint" class="hint">
          The page lives at /info/ followed by this: lower-case letters, digits and single hyphens. Left empty, it is made from the title.
        </p>
        <button class="button button--primary" type="submit">
          Create the draft
        </button>
      </form>
    </div>
  );
}

export function PageEditorFrame({ props, title }: { props: object; title: string }) {
  return (
    <div class="newsroom newsroom--editor">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/pages">Pages</a> › {title}
      </p>
      <Island name="page-editor" hydrate="now" props={props}>
        <p class="editor__loading">Opening the editor…</p>
        <noscript>The editor needs JavaScript. The Admin API can change pages without it.</noscript>
      </Island>
    </div>
  );
}
