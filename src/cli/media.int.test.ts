import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { uploadImage } from '../content/index.ts';
import { DiskStorage } from '../platform/storage/index.ts';
import { createTestDatabase, engine } from '../../test/support/database.ts';
import { createTestBucket, type TestBucket } from '../../test/support/s3.ts';

const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/masthead.mjs');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const filesUnder = (dir: string) => (fs.existsSync(dir) ? (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.includes('.')).sort() : []);

/** `masthead media move`, as an operator runs it: a site's pictures to a bucket and back. */
describe(`masthead media move on ${engine}`, () => {
  let bucket: TestBucket;
  let dataDir: string;
  let env: Record<string, string>;
  let disposeDb: () => Promise<void> = async () => {};
  let uploaded: string[];
  before(async () => {
    bucket = await createTestBucket();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-media-move-'));
    const db = await createTestDatabase({ dataDir });
    const storage = new DiskStorage(path.join(dataDir, 'media'));
    for (const hue of [20, 200]) {
      const picture = await sharp({ create: { width: 500, height: 300, channels: 3, background: { r: hue, g: 100, b: 50 } } })
        .png()
        .toBuffer();
      await uploadImage(db.database, storage, picture, { alt: 'a field' });
    }
    await db.database.close();
    if (db.url) disposeDb = db.dispose;
    // The site still runs on its disk: the move comes before MEDIA_STORE=s3.
    const { MEDIA_STORE: _, ...s3Settings } = bucket.env;
    env = { ...s3Settings, DATA_DIR: dataDir, MASTHEAD_DEMO: '0', LOG_LEVEL: 'warn', ...(db.url ? { DATABASE_URL: db.url } : {}) };
    uploaded = filesUnder(path.join(dataDir, 'media'));
  });
  after(async () => {
    await disposeDb();
    await bucket.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('needs to know where to', async () => {
    const result = await cli(['media', 'move'], env);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /media move needs --to s3 or --to disk/);
  });

  it('--to s3 copies every file (originals checked) and keeps the disk; run again, it copies nothing', async () => {
    assert.equal(uploaded.length, 2 * (1 + 2 * 2), 'two uploads: an original and JPEG and WebP at two widths each');
    const first = await cli(['media', 'move', '--to', 's3'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /Moving media from the media folder to S3 bucket "masthead-test-[0-9a-f]+"\.\.\./);
    assert.match(first.stderr, /10 copied, 0 already there\./);
    const keys = await bucket.keys();
    assert.deepEqual(keys.map((key) => key.replace(/^(private|public)\//, '')).sort(), uploaded);
    assert.deepEqual(filesUnder(path.join(dataDir, 'media')), uploaded, 'the disk is kept');
    const again = await cli(['media', 'move', '--to', 's3'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /0 copied, 10 already there\./);
    assert.doesNotMatch(first.stderr + again.stderr, /S3RVER/, 'no credential is printed');
  });

  it('--to disk --delete-source brings them back into an emptied folder and empties the bucket', async () => {
    fs.rmSync(path.join(dataDir, 'media'), { recursive: true, force: true });
    const result = await cli(['media', 'move', '--to', 'disk', '--delete-source'], env);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /10 copied, 0 already there, 10 removed from the source\./);
    assert.deepEqual(filesUnder(path.join(dataDir, 'media')), uploaded);
    assert.deepEqual(await bucket.keys(), []);
  });

  it('an original that does not match its sha256 is not moved, and the command says so and fails', async () => {
    const original = uploaded.find((file) => file.endsWith('original.png'))!;
    fs.writeFileSync(path.join(dataDir, 'media', original), 'not the uploaded picture');
    const result = await cli(['media', 'move', '--to', 's3'], env);
    assert.equal(result.code, 1);
    assert.match(result.stderr, new RegExp(`Not moved: ${original}: the source's bytes do not match the sha256 recorded at upload`));
    assert.equal((await bucket.keys()).length, 9);
  });
});
