import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';

// What the reader site's tests share (article-page, listings and publishing .int.test.ts): the
// app with a published story (hero image, two authors, two editions, a link to another article)
// and that other article, an explainer in the UK edition only.

/** The path of an absolute address on the site. */
export const path = (url: string) => new URL(url).pathname;

export interface ReaderSite {
  t: TestApp;
  story: { id: string; slug: string; url: string; version: number };
  other: { id: string; slug: string };
  /** The page at `url`, which must answer 200. */
  html: (url: string) => Promise<string>;
}

/** Uploads a plain 1600×900 JPEG with these details (alt text, caption...) to the library; returns its id. */
export async function uploadPicture(t: TestApp, details: Record<string, string>): Promise<string> {
  const data = await sharp({ create: { width: 1600, height: 900, channels: 3, background: { r: 30, g: 60, b: 90 } } })
    .jpeg()
    .toBuffer();
  const form = multipart(details, { filename: 'x.jpg', type: 'image/jpeg', data });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/admin/images',
    payload: form.payload,
    headers: { ...form.headers, authorization: `Bearer ${t.token}` },
  });
  assert.equal(response.statusCode, 201, response.body);
  return response.json().id;
}

/**
 * Opens the app on the clock `now` and publishes the story and the explainer it links to.
 * `env`: settings beyond the test defaults (SURROGATE_KEYS for the tests reading the header).
 */
export async function openReaderSite(now: () => Date, env: Record<string, string> = {}): Promise<ReaderSite> {
  const t = await createTestApp({ now, env });
  const html = async (url: string) => {
    const response = await t.get(url);
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode}`);
    return response.body;
  };
  await seedBasics(t);
  const heroId = await uploadPicture(t, { alt: 'Leaders at the table', caption: 'The closing session.', credit: 'Photo: Test Desk' });
  const other: ReaderSite['other'] = (
    await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'An earlier explainer', status: 'published', editions: ['uk'] }))
  ).json();
  const story: ReaderSite['story'] = (
    await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({
        headline: 'Leaders sign a joint statement at the harbour summit',
        standfirst: 'Two governments back monitored talks.',
        authors: ['ada-reporter', 'ben-editor'],
        topics: ['diplomacy', 'trade'],
        editions: ['us', 'uk'],
        hero: { imageId: heroId },
        bodyMarkdown: undefined,
        body: [
          { type: 'paragraph', content: [{ text: 'The statement was signed on ' }, { text: 'Saturday', bold: true }, { text: '.' }] },
          { type: 'quote', content: [{ text: 'We agreed on the next step.' }], attribution: 'A negotiator' },
          { type: 'related', articleId: other.id },
          { type: 'paragraph', content: [{ text: 'Aid agencies welcomed it.' }] },
        ],
        status: 'published',
        publishedAt: '2017-11-11T09:36:00Z',
      }),
    )
  ).json();
  return { t, story, other, html };
}
