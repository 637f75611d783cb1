import { entryPermalink, type KeyEvent } from '../../content/index.ts';
import { clockTime, dateline } from '../../web/time.ts';
import { Island } from '../../web/islands/island.tsx';
import type { EditionView } from '../../web/document/model.ts';
import { LiveEntry, type EntryPlace } from './entry.tsx';
import type { LivePageView } from './load.ts';

/** The address of page `page` of a blog whose latest page is `pages` (the latest is the blog's own address). */
export const livePagePath = (blogPath: string, page: number, pages: number) => (page >= pages ? blogPath : `${blogPath}/page/${page}`);

/** "Live" while the blog is open; once closed, when coverage ended (the page is then an archive). */
export function LiveMark({ view, edition }: { view: LivePageView; edition: EditionView }) {
  const { blog } = view;
  if (blog.state === 'open') return <p class="live-mark">Live</p>;
  const ended = blog.coverageEndedAt;
  return (
    <p class="live-mark live-mark--ended">
      Coverage ended{ended && ' '}
      {ended && <time datetime={ended.toISOString()}>{dateline(ended, edition.locale, edition.timeZone)}</time>}
    </p>
  );
}

function KeyEvents({ events, place }: { events: KeyEvent[]; place: EntryPlace }) {
  if (!events.length) return null;
  return (
    <nav class="key-events" aria-labelledby="key-events-title" data-live-key-events>
      <h2 id="key-events-title">Key events</h2>
      <ol>
        {events.map((event) => (
          <li data-entry-id={event.id} data-position={event.position}>
            <a href={entryPermalink(place.blogPath, event.id)}>
              <time datetime={event.publishedAt.toISOString()}>{clockTime(event.publishedAt, place.locale, place.timeZone)}</time>{' '}
              {event.title || event.excerpt}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function PageLinks({ view, blogPath }: { view: LivePageView; blogPath: string }) {
  const { page, pages } = view;
  if (pages <= 1) return null;
  return (
    <nav class="live-pages" aria-label="Older and newer entries">
      {page < pages && (
        <a class="live-pages__newer" href={livePagePath(blogPath, page + 1, pages)} rel="prev">
          Newer entries
        </a>
      )}
      <span class="live-pages__where">
        Page {pages - page + 1} of {pages}
      </span>
      {page > 1 && (
        <a class="live-pages__older" href={livePagePath(blogPath, page - 1, pages)} rel="next">
          Older entries
        </a>
      )}
    </nav>
  );
}

/**
 * A live blog's entries on one page in one edition: key events and the pinned entry on the latest
 * page, then the page's entries. The live-updates island finds its container by `id="live-entries"` and
 * reads the blog, the change the page was rendered at, the order and the page from its data.
 */
export function LiveEntries({ view, place, edition }: { view: LivePageView; place: EntryPlace; edition: string }) {
  const latest = view.page === view.pages;
  const open = view.blog.state === 'open';
  const articleId = view.blog.articleId;
  // Open blogs only: following (alerts) and live updates (this page's island, see site/client), on this edition's stream.
  const updates = { articleId, edition, after: view.blog.lastChange, order: view.blog.entryOrder, latest, latestPath: place.blogPath };
  return (
    <section class="live-blog" aria-label="Live coverage">
      {open && (
        <Island name="follow-live-blog" hydrate="visible" props={{ articleId }}>
          {''}
        </Island>
      )}
      {latest && <KeyEvents events={view.keyEvents} place={place} />}
      {latest && view.pinned && (
        <div class="live-pinned" data-live-pinned>
          <LiveEntry entry={view.pinned} place={place} />
        </div>
      )}
      <div
        id="live-entries"
        class="live-entries"
        data-live-blog={view.blog.articleId}
        data-last-change={view.blog.lastChange}
        data-order={view.blog.entryOrder}
        data-page={latest ? 'latest' : view.page}
        data-state={view.blog.state}
      >
        {view.entries.map((entry) => (
          <LiveEntry entry={entry} place={place} />
        ))}
        {!view.entries.length && !view.pinned && <p class="live-entries__none">No entries yet.</p>}
      </div>
      {open && (
        <Island name="live-updates" hydrate="idle" props={updates}>
          {''}
        </Island>
      )}
      <PageLinks view={view} blogPath={place.blogPath} />
    </section>
  );
}
