import { renderToString } from 'preact-render-to-string';
import { entryPermalink, type LiveEntryView } from '../../content/index.ts';
import { clockTime } from '../../web/time.ts';
import { Body } from '../components/body.tsx';

/** Where an entry is shown: the edition whose zone its times are in, and the blog's own address. */
export interface EntryPlace {
  locale: string;
  timeZone: string;
  /** The live blog's address (`/{section}/{slug}` on the site), which permalinks extend. */
  blogPath: string;
}

function Writers({ writers }: { writers: LiveEntryView['writers'] }) {
  if (!writers.length) return null;
  return (
    <p class="live-entry__writers">
      {writers.map((writer, i) => (
        <>
          {i > 0 && (i === writers.length - 1 ? ' and ' : ', ')}
          <a href={writer.url} rel="author">
            {writer.name}
          </a>
        </>
      ))}
    </p>
  );
}

/**
 * One entry of a live blog exactly as the page shows it; the live stream renders new and edited
 * entries with the same component (`renderEntryHtml`), so a pushed entry matches a loaded one.
 */
export function LiveEntry({ entry, place }: { entry: LiveEntryView; place: EntryPlace }) {
  const at = (iso: string) => clockTime(new Date(iso), place.locale, place.timeZone);
  const permalink = entryPermalink(place.blogPath, entry.id);
  const classes = ['live-entry', entry.keyEvent && 'live-entry--key', entry.pinned && 'live-entry--pinned'].filter(Boolean).join(' ');
  return (
    <article id={`entry-${entry.id}`} class={classes} data-entry-id={entry.id} data-position={entry.position} data-change={entry.lastChange}>
      <header class="live-entry__header">
        <a class="live-entry__time" href={permalink}>
          <time datetime={entry.publishedAt}>{at(entry.publishedAt)}</time>
        </a>
        {entry.pinned && <span class="live-entry__mark live-entry__mark--pinned">Pinned</span>}
        {entry.keyEvent && <span class="live-entry__mark live-entry__mark--key">Key event</span>}
        {entry.updatedAt && (
          <span class="live-entry__updated">
            Updated <time datetime={entry.updatedAt}>{at(entry.updatedAt)}</time>
          </span>
        )}
      </header>
      {entry.title && <h2 class="live-entry__title">{entry.title}</h2>}
      <Body blocks={entry.body} />
      <footer class="live-entry__footer">
        <Writers writers={entry.writers} />
        <a class="live-entry__permalink" href={permalink}>
          Link to this entry
        </a>
      </footer>
    </article>
  );
}

/** An entry's HTML, as the live stream sends it to readers' pages. */
export function renderEntryHtml(entry: LiveEntryView, place: EntryPlace): string {
  return renderToString(<LiveEntry entry={entry} place={place} />);
}
