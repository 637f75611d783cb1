import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import sharp from 'sharp';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { createTestBucket, type TestBucket } from '../../../test/support/s3.ts';

const picture = () =>
  sharp({ create: { width: 1400, height: 900, channels: 3, background: { r: 200, g: 120, b: 30 } } })
    .jpeg()
    .toBuffer();

async function upload(t: TestApp, data: Buffer) {
  const form = multipart({ alt: 'An orange field' }, { filename: 'field.jpg', type: 'image/jpeg', data });
  return t.app.inject({ method: 'POST', url: '/api/admin/images', payload: form.payload, headers: { ...form.headers, authorization: `Bearer ${t.token}` } });
}

/** Everything media does, with the files in an S3 bucket: several machines can then share them. */
describe(`media on S3 on ${engine}: upload, serve, crop, AVIF, delete`, () => {
  let bucket: TestBucket;
  let t: TestApp;
  let id: string;
  const keysOf = async (imageId: string) => (await bucket.keys()).filter((key) => key.includes(`/${imageId}/`));
  before(async () => {
    bucket = await createTestBucket();
    t = await createTestApp({ storage: bucket.storage(), env: bucket.env });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await bucket.close();
  });

  it('an upload puts the original under private/ and the variants under public/, and nothing on disk', async () => {
    const original = await picture();
    const response = await upload(t, original);
    assert.equal(response.statusCode, 201, response.body);
    id = response.json().id;
    const keys = await keysOf(id);
    assert.deepEqual(
      keys.filter((key) => key.startsWith('private/')),
      [`private/${id}/original.jpg`],
    );
    const widths = [320, 640, 960, 1280, 1400];
    assert.deepEqual(keys.filter((key) => key.startsWith('public/')).sort(), widths.flatMap((w) => [`public/${id}/${w}.jpg`, `public/${id}/${w}.webp`]).sort());
    assert.deepEqual(await t.storage.readAll(id, 'original.jpg'), original, 'the original, byte for byte (no upload framing stored with it)');
    assert.deepEqual(fs.readdirSync(t.mediaDir), [], 'nothing written to DATA_DIR');
  });

  it('/media streams a variant from the bucket, with its type, length and a year of caching; originals and unknown files are 404', async () => {
    const response = await t.get(`/media/${id}/640.webp`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'image/webp');
    assert.equal(Number(response.headers['content-length']), response.rawPayload.length);
    assert.match(String(response.headers['cache-control']), /max-age=31536000, immutable/);
    assert.deepEqual(response.rawPayload, await t.storage.readAll(id, '640.webp'));
    assert.equal((await sharp(response.rawPayload).metadata()).width, 640);
    const head = await t.app.inject({ method: 'HEAD', url: `/media/${id}/640.webp` });
    assert.equal(head.statusCode, 200);
    assert.equal(head.headers['content-length'], response.headers['content-length']);
    assert.equal(head.headers['content-type'], 'image/webp');
    assert.equal(head.rawPayload.length, 0);
    assert.equal((await t.app.inject({ method: 'HEAD', url: `/media/${id}/2000.webp` })).statusCode, 404);
    assert.equal((await t.get(`/media/${id}/original.jpg`)).statusCode, 404);
    const missing = await t.get(`/media/${id}/2000.webp`);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'not_found');
  });

  it('a crop is made from the original in the bucket on first request, stored under public/ and served', async () => {
    const image = (await t.admin('GET', `/api/admin/images/${id}`)).json();
    const crop = new URL(image.crops.social.url).pathname;
    const file = crop.split('/').pop()!;
    assert.equal(await t.storage.exists(id, file), false);
    const response = await t.get(crop);
    assert.equal(response.statusCode, 200, response.body);
    assert.equal(response.headers['content-type'], 'image/jpeg');
    const { width, height } = await sharp(response.rawPayload).metadata();
    assert.deepEqual([width, height], [image.crops.social.width, image.crops.social.height]);
    assert.ok((await keysOf(id)).includes(`public/${id}/${file}`));
    assert.deepEqual((await t.get(crop)).rawPayload, response.rawPayload, 'served as made the second time');
  });

  it('the AVIF job reads the original from the bucket and adds its variants there', async () => {
    assert.ok((await t.app.jobs.runDue()) >= 1);
    const image = (await t.admin('GET', `/api/admin/images/${id}`)).json();
    assert.deepEqual(
      image.variants.filter((v: { format: string }) => v.format === 'avif').map((v: { width: number }) => v.width),
      [320, 640, 960, 1280, 1400],
    );
    const avif = await t.get(`/media/${id}/960.avif`);
    assert.equal(avif.statusCode, 200);
    assert.equal(avif.headers['content-type'], 'image/avif');
    assert.equal((await sharp(avif.rawPayload).metadata()).format, 'heif');
  });

  it('an image used by an article stays; deleted, every object of it goes, private and public', async () => {
    const article = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'In the bucket', slug: 'in-the-bucket', hero: { imageId: id } }));
    assert.equal(article.statusCode, 201, article.body);
    assert.equal((await t.admin('DELETE', `/api/admin/images/${id}`)).statusCode, 409);
    assert.equal((await keysOf(id)).length, 1 + 10 + 1 + 5, 'the original, JPEG and WebP variants, the crop and AVIF variants');
    assert.equal((await t.admin('DELETE', `/api/admin/articles/${article.json().id}`)).statusCode, 204);
    const deleted = await t.admin('DELETE', `/api/admin/images/${id}`);
    assert.equal(deleted.statusCode, 204, deleted.body);
    assert.deepEqual(await keysOf(id), []);
    assert.equal((await t.get(`/media/${id}/640.webp`)).statusCode, 404);
  });
});

describe(`MEDIA_PUBLIC_URL on ${engine}: variants linked at the bucket`, () => {
  let bucket: TestBucket;
  let t: TestApp;
  before(async () => {
    bucket = await createTestBucket();
    t = await createTestApp({ storage: bucket.storage(), env: { ...bucket.env, MEDIA_PUBLIC_URL: 'https://media.example/' } });
    await seedBasics(t);
  });
  after(async () => {
    await t.close();
    await bucket.close();
  });

  it('links each variant at its public/ key there, crops at the site (where they are made), and /media still serves', async () => {
    const response = await upload(t, await picture());
    assert.equal(response.statusCode, 201, response.body);
    const image = response.json();
    for (const variant of image.variants as { url: string }[]) {
      const key = new URL(variant.url).pathname.slice(1);
      assert.match(variant.url, /^https:\/\/media\.example\/public\//);
      assert.ok((await bucket.keys()).includes(key), `${key} is in the bucket`);
    }
    assert.match(image.crops.thumbnail.url, /^https:\/\/news\.example\/media\//);
    assert.equal((await t.get(`/media/${image.id}/320.jpg`)).statusCode, 200);
  });
});
