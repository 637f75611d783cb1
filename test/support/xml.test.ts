import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validateSitemap } from './xml.ts';

const NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"';
const NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"';
const doc = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const news = (inner: string) => doc(`<urlset ${NS} ${NEWS}><url><loc>https://news.example/world/a</loc><news:news>${inner}</news:news></url></urlset>`);
const goodNews =
  '<news:publication><news:name>The Masthead</news:name><news:language>en</news:language></news:publication><news:publication_date>2026-11-27T12:00:00Z</news:publication_date><news:title>A headline</news:title>';

/** Our own sitemap schema must be able to fail, or the sitemap test proves nothing on a fresh clone. */
describe('sitemap validation', () => {
  it('accepts the three sitemaps as we write them', async () => {
    assert.deepEqual(
      await validateSitemap(
        doc(
          `<sitemapindex ${NS}><sitemap><loc>https://news.example/sitemaps/articles-1.xml</loc><lastmod>2026-11-27T12:00:00Z</lastmod></sitemap></sitemapindex>`,
        ),
        'index',
      ),
      { valid: true, errors: [] },
    );
    assert.deepEqual(
      await validateSitemap(
        doc(`<urlset ${NS}><url><loc>https://news.example/world/a</loc><lastmod>2026-11-27T12:00:00Z</lastmod></url></urlset>`),
        'articles',
      ),
      { valid: true, errors: [] },
    );
    assert.deepEqual(await validateSitemap(news(goodNews), 'news'), { valid: true, errors: [] });
  });

  it('refuses what is not a sitemap as we promise one', async () => {
    const refused = async (xml: string, kind: 'index' | 'articles' | 'news', why: string) => assert.equal((await validateSitemap(xml, kind)).valid, false, why);
    await refused(doc(`<urlset ${NS}><url><lastmod>2026-11-27T12:00:00Z</lastmod></url></urlset>`), 'articles', 'an entry without its address');
    await refused(doc(`<urlset ${NS}><url><loc>/world/a</loc></url></urlset>`), 'articles', 'a relative address');
    await refused(
      doc(`<urlset ${NS}><url><loc>https://news.example/a</loc><lastmod>27/11/2026</lastmod></url></urlset>`),
      'articles',
      'a date not in W3C form',
    );
    await refused(
      doc(`<urlset ${NS}><url><loc>https://news.example/a</loc><lastmod>2026-11-27T12:00:00</lastmod></url></urlset>`),
      'articles',
      'a time without its zone',
    );
    await refused(doc(`<urlset ${NS}><url><loc>https://news.example/a</loc><colour>blue</colour></url></urlset>`), 'articles', 'an element of no schema');
    await refused(doc(`<urlset><url><loc>https://news.example/a</loc></url></urlset>`), 'articles', 'no namespace');
    await refused(doc(`<urlset ${NS}><url><loc>https://news.example/a</loc></url></urlset>`), 'index', 'a list of addresses where an index belongs');
    await refused(news(goodNews.replace('<news:title>A headline</news:title>', '')), 'news', 'news without a headline');
    await refused(news(goodNews.replace('<news:language>en</news:language>', '<news:language>English</news:language>')), 'news', 'a language name, not a code');
    await refused(news(goodNews.replace('<news:title>A headline</news:title>', '<news:title> </news:title>')), 'news', 'a blank headline');
    await refused('<urlset', 'articles', 'not XML at all');
  });
});
