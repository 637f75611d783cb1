import type { ArticleView } from '../components/cards.tsx';
import { rfc822, xml } from './xml.ts';

export interface FeedChannel {
  title: string;
  link: string;
  self: string;
  description: string;
  language: string;
}

function mediaContent(article: ArticleView): string {
  const jpegs = article.hero?.variants.filter((v) => v.format === 'jpeg') ?? [];
  const best = jpegs.filter((v) => v.width <= 1280).pop() ?? jpegs[0];
  if (!best || !article.hero) return '';
  // Feed readers show a small square beside each item: ours, cut around the focal point.
  const thumb = article.hero.crops.thumbnail;
  return `<media:content url="${xml(best.url)}" type="image/jpeg" medium="image" width="${best.width}" height="${best.height}"><media:description type="plain">${xml(article.hero.alt)}</media:description>${article.hero.credit ? `<media:credit>${xml(article.hero.credit)}</media:credit>` : ''}<media:thumbnail url="${xml(thumb.url)}" width="${thumb.width}" height="${thumb.height}"/></media:content>`;
}

/** An open live blog reads "Live: " in feed readers, which show titles and little else. */
const titleOf = (a: ArticleView) => (a.liveBlogState === 'open' ? `Live: ${a.headline}` : a.headline);

/** RSS 2.0 with Dublin Core creators and Media RSS pictures. */
export function rss(channel: FeedChannel, articles: ArticleView[], now: Date): string {
  const items = articles
    .map(
      (a) =>
        `<item><title>${xml(titleOf(a))}</title><link>${xml(a.url)}</link><guid isPermaLink="true">${xml(a.url)}</guid>` +
        `<description>${xml(a.standfirst)}</description><pubDate>${rfc822(new Date(a.publishedAt!))}</pubDate>` +
        a.authors.map((author) => `<dc:creator>${xml(author.name)}</dc:creator>`).join('') +
        `<category>${xml(a.section.name)}</category>` +
        (a.liveBlogState === 'open' ? '<category>Live</category>' : '') +
        a.topics.map((t) => `<category>${xml(t.name)}</category>`).join('') +
        mediaContent(a) +
        `</item>`,
    )
    .join('');
  const built = articles[0]?.updatedAt ?? articles[0]?.publishedAt;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">` +
    `<channel><title>${xml(channel.title)}</title><link>${xml(channel.link)}</link><description>${xml(channel.description)}</description>` +
    `<language>${xml(channel.language)}</language><lastBuildDate>${rfc822(built ? new Date(built) : now)}</lastBuildDate>` +
    `<atom:link href="${xml(channel.self)}" rel="self" type="application/rss+xml"/><ttl>5</ttl>${items}</channel></rss>\n`
  );
}

/** JSON Feed 1.1. */
export function jsonFeed(channel: FeedChannel, articles: ArticleView[]): string {
  return JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: channel.title,
    home_page_url: channel.link,
    feed_url: channel.self,
    description: channel.description,
    language: channel.language,
    items: articles.map((a) => ({
      id: a.url,
      url: a.url,
      title: titleOf(a),
      summary: a.standfirst,
      content_text: a.standfirst,
      // Feed readers cut the picture to their cards' shape: give them one already cut around the focal point.
      ...(a.hero?.src ? { image: a.hero.crops.card.url } : {}),
      date_published: a.publishedAt,
      ...(a.updatedAt ? { date_modified: a.updatedAt } : {}),
      authors: a.authors.map((author) => ({ name: author.name, url: author.url })),
      tags: [a.section.name, ...a.topics.map((t) => t.name), ...(a.liveBlogState === 'open' ? ['Live'] : [])],
    })),
  });
}
