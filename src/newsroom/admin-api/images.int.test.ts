import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestApp, multipart, seedBasics, tableCounts, validArticle, type TestApp } from '../../../test/support/app.ts';
import { testdata } from '../../../test/support/testdata.ts';

const png = (width = 1600, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: { r: 20, g: 90, b: 160 } } })
    .png()
    .toBuffer();

describe('Admin API: images', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { MAX_UPLOAD_MB: '1' } });
    await seedBasics(t);
  });
  after(() => t.close());

  const upload = (fields: Record<string, string>, file?: Parameters<typeof multipart>[1]) => {
    const body = multipart(fields, file);
    return t.app.inject({ method: 'POST', url: '/api/admin/images', payload: body.payload, headers: { ...body.headers, authorization: `Bearer ${t.token}` } });
  };
  const mediaFiles = () => fs.readdirSync(t.mediaDir, { recursive: true }).length;

  async function refusedUpload(fields: Record<string, string>, file: Parameters<typeof multipart>[1] | undefined, status: number, pattern?: RegExp) {
    const counts = await tableCounts(t);
    const files = mediaFiles();
    const response = await upload(fields, file);
    assert.equal(response.statusCode, status, response.body);
    if (pattern) assert.match(response.json().error.message, pattern);
    assert.deepEqual(await tableCounts(t), counts);
    assert.equal(mediaFiles(), files, 'no files are left behind');
    return response.json().error;
  }

  let imageId: string;

  it('stores an upload with JPEG and WebP variants now and AVIF from the queue', async () => {
    const response = await upload(
      { alt: 'A blue field', caption: 'Blue, <b>very</b> blue', credit: 'Photo: Test', focalX: '0.25', focalY: '0.75' },
      { filename: 'photo.png', type: 'image/png', data: await png() },
    );
    assert.equal(response.statusCode, 201, response.body);
    const image = response.json();
    imageId = image.id;
    assert.deepEqual([image.width, image.height, image.format], [1600, 900, 'png']);
    assert.deepEqual(image.focalPoint, { x: 0.25, y: 0.75 });
    assert.equal(image.caption, 'Blue, <b>very</b> blue');
    const widths = (format: string) => image.variants.filter((v: { format: string }) => v.format === format).map((v: { width: number }) => v.width);
    assert.deepEqual(widths('jpeg'), [320, 640, 960, 1280, 1600]);
    assert.deepEqual(widths('webp'), [320, 640, 960, 1280, 1600]);
    assert.deepEqual(widths('avif'), []);
    assert.match(image.src, /\/media\/[0-9a-f-]+\/1280\.jpg$/);

    const jpeg = await t.get(new URL(image.src).pathname);
    assert.equal(jpeg.statusCode, 200);
    assert.equal(jpeg.headers['content-type'], 'image/jpeg');
    assert.match(jpeg.headers['cache-control'] as string, /immutable/);
    assert.equal((await sharp(jpeg.rawPayload).metadata()).width, 1280);
    // The original is kept but never served.
    assert.equal((await t.get(`/media/${image.id}/original.png`)).statusCode, 404);

    assert.ok((await t.app.jobs.runDue()) >= 1);
    const later = (await t.admin('GET', `/api/admin/images/${image.id}`)).json();
    assert.deepEqual(
      later.variants.filter((v: { format: string }) => v.format === 'avif').map((v: { width: number }) => v.width),
      [320, 640, 960, 1280, 1600],
    );
    const avif = await t.get(`/media/${image.id}/640.avif`);
    assert.equal(avif.headers['content-type'], 'image/avif');
    assert.equal((await sharp(avif.rawPayload).metadata()).format, 'heif');
  });

  it('never uses the uploaded file name', async () => {
    for (const filename of testdata.pathTraversal().slice(0, 20)) {
      const response = await upload({ alt: 'x' }, { filename: filename.replace(/"/g, ''), type: 'image/png', data: await png(400, 300) });
      assert.equal(response.statusCode, 201, `${filename}: ${response.body}`);
      const stored = fs.readdirSync(path.join(t.mediaDir, response.json().id));
      assert.ok(
        stored.every((name) => /^(original\.png|\d+\.(jpg|webp))$/.test(name)),
        stored.join(','),
      );
    }
    assert.ok(fs.readdirSync(path.dirname(t.mediaDir)).every((name) => !/passwd|win\.ini/.test(name)));
  });

  it('refuses what is not an image, whatever it claims to be', async () => {
    await refusedUpload({}, { filename: 'photo.jpg', type: 'image/jpeg', data: Buffer.from('just some text, not a picture') }, 415, /not an image/);
    const jpeg = await sharp(await png(200, 100))
      .jpeg()
      .toBuffer();
    await refusedUpload({}, { filename: 'cut.jpg', type: 'image/jpeg', data: jpeg.subarray(0, jpeg.length / 3) }, 415);
  });

  it('refuses SVG, which can carry script', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>');
    await refusedUpload({}, { filename: 'logo.png', type: 'image/png', data: svg }, 415, /SVG/);
  });

  it('refuses a file over the size limit with 413', async () => {
    const noise = await sharp(Buffer.from(Array.from({ length: 900 * 900 * 3 }, () => Math.floor(Math.random() * 256))), {
      raw: { width: 900, height: 900, channels: 3 },
    })
      .png()
      .toBuffer();
    assert.ok(noise.length > 1024 * 1024);
    await refusedUpload({}, { filename: 'big.png', type: 'image/png', data: noise }, 413);
  });

  it('refuses bad fields by name', async () => {
    const data = await png(300, 200);
    assert.equal((await refusedUpload({ focalX: '2' }, { filename: 'a.png', type: 'image/png', data }, 422)).field, 'focalX');
    assert.equal((await refusedUpload({ colour: 'red' }, { filename: 'a.png', type: 'image/png', data }, 422)).field, 'colour');
    assert.equal((await refusedUpload({ alt: 'bad\u0000alt' }, { filename: 'a.png', type: 'image/png', data }, 422)).field, 'alt');
    assert.equal((await refusedUpload({ credit: 'two\nlines' }, { filename: 'a.png', type: 'image/png', data }, 422)).field, 'credit');
    assert.equal((await refusedUpload({ alt: 'no file' }, undefined, 422)).field, 'file');
    assert.equal((await refusedUpload({}, { field: 'image', filename: 'a.png', type: 'image/png', data }, 422)).field, 'image');
    const json = await t.admin('POST', '/api/admin/images', { file: 'x' });
    assert.equal(json.statusCode, 415);
  });

  it('searches, edits with a version, and deletes only what no article uses', async () => {
    const found = (await t.admin('GET', '/api/admin/images?q=blue')).json().items;
    assert.deepEqual(
      found.map((i: { id: string }) => i.id),
      [imageId],
    );
    const edited = await t.admin('PATCH', `/api/admin/images/${imageId}`, { version: 1, alt: 'A deep blue field', focalX: 0.5 });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().alt, 'A deep blue field');
    assert.equal((await t.admin('PATCH', `/api/admin/images/${imageId}`, { version: 1, alt: 'stale' })).statusCode, 409);

    const article = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({
        headline: 'With pictures',
        hero: { imageId, caption: 'Hero caption' },
        bodyMarkdown: undefined,
        body: [{ type: 'image', imageId, caption: 'In the body' }],
        status: 'published',
      }),
    );
    assert.equal(article.statusCode, 201, article.body);
    const read = (await t.get(`/api/content/articles/${article.json().slug}`)).json();
    assert.equal(read.hero.caption, 'Hero caption');
    assert.equal(read.hero.alt, 'A deep blue field');
    assert.ok(read.hero.srcset.webp.includes('640w'));
    assert.equal(read.body[0].image.caption, 'In the body');
    assert.equal((await t.admin('DELETE', `/api/admin/images/${imageId}`)).statusCode, 409);

    const spare = (await upload({}, { filename: 'b.png', type: 'image/png', data: await png(300, 200) })).json();
    assert.equal((await t.admin('DELETE', `/api/admin/images/${spare.id}`)).statusCode, 204);
    assert.equal(fs.existsSync(path.join(t.mediaDir, spare.id)), false);
    assert.equal((await t.get(`/media/${spare.id}/300.jpg`)).statusCode, 404);
  });

  it('records in the audit log a change to a picture a published article shows, and only then', async () => {
    const audited = async (id: string) =>
      (
        (await t.db.database.db.execute(
          sql`select actor_kind, actor_name, action, details from audit_events where target_type = 'image' and target_id = ${id}`,
        )) as unknown as { rows: { actor_kind: string; actor_name: string; action: string; details: Record<string, unknown> }[] }
      ).rows;
    const live = (await upload({ alt: 'A green field' }, { filename: 'g.png', type: 'image/png', data: await png(300, 200) })).json();
    const spare = (await upload({ alt: 'A grey field' }, { filename: 'h.png', type: 'image/png', data: await png(300, 200) })).json();
    const article = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ headline: 'Fields in summer', hero: { imageId: live.id }, status: 'published' }),
    );
    assert.equal(article.statusCode, 201, article.body);

    const changed = await t.admin('PATCH', `/api/admin/images/${live.id}`, { version: live.version, caption: 'Hay in June' });
    assert.equal(changed.statusCode, 200, changed.body);
    const logged = await audited(live.id);
    assert.equal(logged.length, 1);
    assert.deepEqual([logged[0]!.actor_kind, logged[0]!.actor_name, logged[0]!.action], ['api-token', 'tests', 'image.change']);
    assert.deepEqual(logged[0]!.details.changes, { caption: { from: '', to: 'Hay in June' } });
    assert.deepEqual(logged[0]!.details.liveArticles, ['Fields in summer']);

    assert.equal((await t.admin('PATCH', `/api/admin/images/${spare.id}`, { version: spare.version, caption: 'Unused' })).statusCode, 200);
    assert.deepEqual(await audited(spare.id), [], 'a picture no reader sees is not audited');
  });

  it('will not publish an image without alt text', async () => {
    const bare = (await upload({}, { filename: 'c.png', type: 'image/png', data: await png(300, 200) })).json();
    const draft = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'No alt', hero: { imageId: bare.id } }))).json();
    const response = await t.admin('POST', `/api/admin/articles/${draft.id}/publish`);
    assert.equal(response.statusCode, 422);
    assert.equal(response.json().error.field, 'hero.alt');
    const withAlt = await t.admin('PATCH', `/api/admin/articles/${draft.id}`, {
      version: draft.version,
      hero: { imageId: bare.id, alt: 'A small blue square' },
    });
    assert.equal(withAlt.statusCode, 200);
    assert.equal((await t.admin('POST', `/api/admin/articles/${draft.id}/publish`)).statusCode, 200);
  });

  it('refuses media paths that are not ours', async () => {
    for (const payload of testdata.pathTraversal()) {
      const response = await t.get(`/media/${encodeURIComponent(payload)}/640.jpg`);
      assert.ok([400, 404, 414].includes(response.statusCode), `${response.statusCode} for ${payload}`);
      assert.equal(typeof response.json().error.message, 'string');
      const second = await t.get(`/media/${imageId}/${encodeURIComponent(payload)}`);
      assert.ok([400, 404, 414].includes(second.statusCode), `${second.statusCode} for ${payload}`);
    }
  });
});
