import type { LiveEntryView } from '../../content/index.ts';
import type { FeedChannel } from '../feeds/rss.ts';
import { rfc822, xml } from '../feeds/xml.ts';
import { describe } from '../seo.ts';

/**
 * A live blog's own RSS 2.0 feed: one item per entry, newest first, each linking to the entry's
 * permalink. An entry without a title is named by the start of its text.
 */
export function liveEntriesRss(channel: FeedChannel, entries: LiveEntryView[], permalink: (id: string) => string, now: Date): string {
  const items = entries
    .map((entry) => {
      const link = xml(permalink(entry.id));
      return (
        `<item><title>${xml(entry.title || describe(entry.bodyText, 100))}</title><link>${link}</link><guid isPermaLink="true">${link}</guid>` +
        `<description>${xml(entry.bodyText)}</description><pubDate>${rfc822(new Date(entry.publishedAt))}</pubDate>` +
        entry.writers.map((writer) => `<dc:creator>${xml(writer.name)}</dc:creator>`).join('') +
        (entry.keyEvent ? '<category>Key event</category>' : '') +
        `</item>`
      );
    })
    .join('');
  const built = entries
    .map((e) => e.updatedAt ?? e.publishedAt)
    .sort()
    .at(-1);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
    `<channel><title>${xml(channel.title)}</title><link>${xml(channel.link)}</link><description>${xml(channel.description)}</description>` +
    `<language>${xml(channel.language)}</language><lastBuildDate>${rfc822(built ? new Date(built) : now)}</lastBuildDate>` +
    `<atom:link href="${xml(channel.self)}" rel="self" type="application/rss+xml"/><ttl>1</ttl>${items}</channel></rss>\n`
  );
}
