import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { createTestApp, multipart, tableCounts, type TestApp } from '../../../test/support/app.ts';
import { engine } from '../../../test/support/database.ts';
import { createTestBucket, type TestBucket } from '../../../test/support/s3.ts';
import { s3Gate, silentServer, type S3Gate } from '../../../test/support/s3-gate.ts';
import { REMOVE_FILES_JOB } from './service.ts';

const picture = () =>
  sharp({ create: { width: 700, height: 400, channels: 3, background: { r: 40, g: 160, b: 90 } } })
    .png()
    .toBuffer();

async function upload(t: TestApp) {
  const form = multipart({ alt: 'A green field' }, { filename: 'field.png', type: 'image/png', data: await picture() });
  return t.app.inject({ method: 'POST', url: '/api/admin/images', payload: form.payload, headers: { ...form.headers, authorization: `Bearer ${t.token}` } });
}

/** The jobs still to run. */
const jobNames = async (t: TestApp) =>
  ((await t.db.database.db.execute(sql`select name from jobs where state = 'queued' order by name`)) as unknown as { rows: { name: string }[] }).rows.map(
    (row) => row.name,
  );

/** A 503 naming the media store and saying when to come back, never a 500 or a stack trace. */
function assertStoreDown(response: Awaited<ReturnType<TestApp['get']>>, bucket: TestBucket) {
  assert.equal(response.statusCode, 503, response.body);
  assert.equal(response.headers['retry-after'], '30');
  const { error } = response.json();
  assert.equal(error.code, 'unavailable');
  assert.equal(
    error.message,
    `The media store (S3 bucket "${bucket.settings.bucket}") is not available, so the file could not be ${error.message.includes('saved') ? 'saved' : 'read'}. Please try again in a moment.`,
  );
  assert.doesNotMatch(response.body, /S3RVER|at .*\.ts|stack|<Error>/);
}

describe(`media store faults on ${engine}: an upload fails clearly and leaves nothing half-written`, () => {
  let bucket: TestBucket;
  let gate: S3Gate;
  let t: TestApp;
  const log = new PassThrough();
  let logged = '';
  log.on('data', (chunk: Buffer) => (logged += chunk.toString()));
  before(async () => {
    bucket = await createTestBucket();
    gate = await s3Gate(bucket.settings.endpoint!);
    t = await createTestApp({ storage: bucket.storage({ endpoint: gate.endpoint }), env: { ...bucket.env, LOG_LEVEL: 'info' }, logStream: log });
  });
  after(async () => {
    await t.close();
    await gate.close();
    await bucket.close();
  });

  it('a bucket that refuses (403): 503 naming the media store, no row, no object; the log says why without the secret', async () => {
    gate.rule = () => 403;
    const before = await tableCounts(t);
    const response = await upload(t);
    assertStoreDown(response, bucket);
    assert.deepEqual({ ...(await tableCounts(t)), jobs: before.jobs }, before, 'no row');
    assert.deepEqual(await bucket.keys(), []);
    assert.match(logged, /"cause":"media store S3 bucket \\"masthead-test-[0-9a-f]+\\": PutObject: AccessDenied \(HTTP 403\)"/);
    assert.ok(!logged.includes(bucket.settings.credentials!.secretAccessKey), 'the secret is never logged');
    assert.doesNotMatch(logged, /unhandled error/);
  });

  it('a bucket that fails (500) after taking the original: 503, no row, and the job removes what was written once the bucket answers', async () => {
    gate.rule = () => 'pass';
    assert.equal(await t.app.jobs.runDue(), 1, "the earlier upload's clean-up, now that nothing is refused");
    gate.rule = (method, path) => (method === 'PUT' && path.includes('/public/') ? 500 : 'pass');
    const images = (await tableCounts(t)).images;
    assertStoreDown(await upload(t), bucket);
    assert.equal((await tableCounts(t)).images, images);
    const left = await bucket.keys();
    assert.equal(left.length, 1);
    assert.match(left[0]!, /^private\/[0-9a-f-]{36}\/original\.png$/);
    assert.deepEqual(await jobNames(t), [REMOVE_FILES_JOB], 'the clean-up is queued, the editor is not kept waiting for it');
    gate.rule = () => 'pass';
    assert.equal(await t.app.jobs.runDue(), 1);
    assert.deepEqual(await bucket.keys(), []);
  });

  it('a write that fails after the files (the row is refused): the files are removed at once', async () => {
    gate.rule = () => 'pass';
    await t.db.database.db.execute(sql`create function refuse_image() returns trigger language plpgsql as $$ begin raise exception 'no images today'; end $$`);
    await t.db.database.db.execute(sql`create trigger refuse_image before insert on images for each row execute function refuse_image()`);
    try {
      const response = await upload(t);
      assert.equal(response.statusCode, 500);
      assert.deepEqual(await bucket.keys(), [], 'removed before the answer');
      assert.deepEqual(await jobNames(t), []);
    } finally {
      await t.db.database.db.execute(sql`drop trigger if exists refuse_image on images`);
      await t.db.database.db.execute(sql`drop function if exists refuse_image()`);
    }
  });

  it('reading: a missing file is 404, a bucket that refuses is 503', async () => {
    gate.rule = () => 'pass';
    const uploaded = await upload(t);
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const { id } = uploaded.json();
    assert.equal((await t.get(`/media/${id}/640.webp`)).statusCode, 200);
    assert.equal((await t.get(`/media/${id}/1280.webp`)).statusCode, 404);
    gate.rule = () => 403;
    assertStoreDown(await t.get(`/media/${id}/640.webp`), bucket);
    const image = (await t.admin('GET', `/api/admin/images/${id}`)).json();
    assertStoreDown(await t.get(new URL(image.crops.card.url).pathname), bucket);
  });
});

describe(`a media store that hangs, on ${engine}`, () => {
  it('an upload gives up after the timeouts with the same 503, and no row', async () => {
    const bucket = await createTestBucket();
    const silent = await silentServer();
    const t = await createTestApp({
      storage: bucket.storage({ endpoint: silent.endpoint, timeouts: { connect: 1_000, request: 500, idle: 500 } }),
      env: bucket.env,
    });
    try {
      const before = await tableCounts(t);
      assertStoreDown(await upload(t), bucket);
      assert.equal((await tableCounts(t)).images, before.images);
      assert.equal(silent.connections(), 3, 'three attempts at the original, none at the variants');
      assert.deepEqual(await jobNames(t), [REMOVE_FILES_JOB]);
    } finally {
      await t.close();
      await silent.close();
      await bucket.close();
    }
  });
});
