import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';

/** A tall picture, grey, with its subject (a red block) in the bottom-left corner: a centred crop of any wide or square shape loses it. */
const WIDTH = 900;
const HEIGHT = 1600;
const picture = () =>
  sharp({ create: { width: WIDTH, height: HEIGHT, channels: 3, background: { r: 128, g: 128, b: 128 } } })
    .composite([{ input: { create: { width: 180, height: 180, channels: 3, background: { r: 230, g: 20, b: 20 } } }, left: 0, top: HEIGHT - 180 }])
    .png()
    .toBuffer();
const FOCAL = { x: 0.1, y: 0.94 };

/** Decodes a picture and says its shape and how much of it is the subject's red. */
async function look(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += 3) if (data[i]! > 180 && data[i + 1]! < 80 && data[i + 2]! < 80) red++;
  return { width: info.width, height: info.height, redShare: red / (info.width * info.height) };
}

/**
 * The focal point an editor sets decides every crop of a picture: the social image, the
 * square thumbnail and the 16:9 card picture the site makes, and the crop the browser makes
 * of cards and portraits. A subject in a corner stays in all of them.
 */
describe(`crops keep the focal point on ${engine}`, () => {
  let t: TestApp;
  let imageId: string;
  let articlePath: string;
  const fetchImage = async (url: string) => {
    const response = await t.get(new URL(url).pathname);
    assert.equal(response.statusCode, 200, `${url}: ${response.statusCode} ${response.body.slice(0, 200)}`);
    assert.equal(response.headers['content-type'], 'image/jpeg');
    return look(response.rawPayload);
  };
  const metaContent = (html: string, attr: string, name: string) => new RegExp(`<meta ${attr}="${name}" content="([^"]+)"`).exec(html)?.[1];

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    const form = multipart(
      { alt: 'A red block in a grey field', focalX: String(FOCAL.x), focalY: String(FOCAL.y) },
      { filename: 'corner.png', type: 'image/png', data: await picture() },
    );
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      payload: form.payload,
      headers: { ...form.headers, authorization: `Bearer ${t.token}` },
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    imageId = uploaded.json().id;
    const article = (
      await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'The red block holds its corner', hero: { imageId }, status: 'published' }))
    ).json();
    articlePath = new URL(article.url).pathname;
  });
  after(() => t.close());

  it('a centred crop would lose the subject (the test picture is a fair one)', async () => {
    const centred = await look(
      await sharp(await picture())
        .resize(1200, 630, { fit: 'cover', position: 'centre' })
        .png()
        .toBuffer(),
    );
    assert.equal(centred.redShare, 0);
  });

  it('the social image (og:image, twitter:image) is cut to 1.91:1 around the focal point', async () => {
    const page = (await t.get(articlePath)).body;
    const og = metaContent(page, 'property', 'og:image');
    assert.ok(og, 'an og:image');
    assert.equal(metaContent(page, 'name', 'twitter:image'), og);
    const social = await fetchImage(og);
    assert.ok(Math.abs(social.width / social.height - 1200 / 630) < 0.02, `the shape previews use: ${social.width}×${social.height}`);
    assert.equal(metaContent(page, 'property', 'og:image:width'), String(social.width));
    assert.equal(metaContent(page, 'property', 'og:image:height'), String(social.height));
    assert.ok(social.redShare > 0.02, `the subject is in the social image (${social.redShare})`);
  });

  it('the 16:9 card picture and the square thumbnail, in JSON-LD and both feeds, keep the subject', async () => {
    const page = (await t.get(articlePath)).body;
    const jsonLd = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)![1]!);
    const [card, thumbnail] = jsonLd.image as string[];
    const cardLook = await fetchImage(card!);
    assert.ok(Math.abs(cardLook.width / cardLook.height - 16 / 9) < 0.02, `16:9: ${cardLook.width}×${cardLook.height}`);
    assert.ok(cardLook.redShare > 0.02, `the subject is in the card picture (${cardLook.redShare})`);
    const square = await fetchImage(thumbnail!);
    assert.equal(square.width, square.height);
    assert.ok(square.redShare > 0.02, `the subject is in the thumbnail (${square.redShare})`);
    const rss = (await t.get('/rss.xml')).body;
    const rssThumb = /<media:thumbnail url="([^"]+)" width="(\d+)" height="(\d+)"\/>/.exec(rss);
    assert.ok(rssThumb, 'RSS gives feed readers a thumbnail');
    assert.equal(rssThumb[1], thumbnail);
    const feed = JSON.parse((await t.get('/feed.json')).body);
    assert.equal(feed.items.find((i: { title: string }) => i.title === 'The red block holds its corner').image, card);
  });

  it('where the browser crops a card picture, the focal point places it', async () => {
    const section = (await t.get('/world')).body;
    const img = new RegExp(`<div class="card__image"><picture>.*?<img class="([^"]+)"[^>]*/media/${imageId}/`, 's').exec(section);
    assert.ok(img, 'the card picture');
    assert.equal(img[1], 'fx-2 fy-19');
    const css = (await t.get(/href="(\/assets\/[^"]+\.css)"/.exec(section)![1]!)).body;
    assert.match(css, /\.card__image img,\s*\.author-head img\s*\{\s*object-position:\s*var\(--fx, 50%\) var\(--fy, 50%\);?\s*\}/);
    assert.match(css, /\.fx-2\s*\{\s*--fx: 10%;?\s*\}/);
    assert.match(css, /\.fy-19\s*\{\s*--fy: 95%;?\s*\}/);
  });

  it('a moved focal point moves every crop; an old address leads to the new crop; names we do not make are 404', async () => {
    const before = (await t.admin('GET', `/api/admin/images/${imageId}`)).json();
    const oldSocial = before.crops.social.url as string;
    const moved = await t.admin('PATCH', `/api/admin/images/${imageId}`, { version: before.version, focalX: 0.9, focalY: 0.05 });
    assert.equal(moved.statusCode, 200, moved.body);
    const newSocial = moved.json().crops.social.url as string;
    assert.notEqual(newSocial, oldSocial);
    const redirect = await t.get(new URL(oldSocial).pathname);
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers.location, new URL(newSocial).pathname);
    assert.equal((await fetchImage(newSocial)).redShare, 0, 'the crop follows the point to the empty corner');
    assert.equal(metaContent((await t.get(articlePath)).body, 'property', 'og:image'), newSocial, 'the article page shares the new crop');
    const square = new URL(moved.json().crops.thumbnail.url).pathname;
    const burst = await Promise.all(Array.from({ length: 6 }, () => t.get(square)));
    assert.deepEqual(
      burst.map((r) => r.statusCode),
      [200, 200, 200, 200, 200, 200],
      'first requests arriving together all get the crop',
    );
    assert.equal(new Set(burst.map((r) => r.rawPayload.toString('base64'))).size, 1);
    for (const file of ['social-1-1.png', 'banner-100-100.jpg', 'social-100.jpg', 'social-100-100.jpg.jpg', 'original.png'])
      assert.equal((await t.get(`/media/${imageId}/${file}`)).statusCode, 404, file);
    assert.equal((await t.get('/media/00000000-0000-4000-8000-000000000000/social-100-940.jpg')).statusCode, 404);
  });
});
