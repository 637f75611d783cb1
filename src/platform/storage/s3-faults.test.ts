import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { createTestBucket, type TestBucket } from '../../../test/support/s3.ts';
import { s3Gate, silentServer, type S3Gate } from '../../../test/support/s3-gate.ts';
import { AppError } from '../errors.ts';
import { S3Storage } from './s3.ts';

const SECRET = 'never-show-this-secret-0123456789';

/** The store's own error: unavailable (503), naming the bucket, with a reason for the log and no secret anywhere. */
function storeDown(reason: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'unavailable');
    assert.match(error.message, /^The media store \(S3 bucket "masthead-test-[0-9a-f]+"\) is not available/);
    assert.equal(error.details?.retryAfterSeconds, 30);
    assert.ok(error.cause instanceof Error);
    assert.match(error.cause.message, reason);
    for (const text of [error.message, error.cause.message, JSON.stringify(error.details)]) assert.ok(!text.includes(SECRET) && !text.includes('S3RVER'));
    return true;
  };
}

describe('S3 store: a bucket that refuses, fails or hangs', () => {
  let bucket: TestBucket;
  let gate: S3Gate;
  const id = crypto.randomUUID();
  const seen: string[] = [];
  before(async () => {
    bucket = await createTestBucket();
    await bucket.storage().put(id, '640.webp', Buffer.from('there'));
    gate = await s3Gate(bucket.settings.endpoint!);
  });
  after(async () => {
    await gate.close();
    await bucket.close();
  });

  it('refused (403): every operation fails at once with the media store named, and is not repeated', async () => {
    const storage = bucket.storage({ endpoint: gate.endpoint });
    gate.rule = (method, path) => (seen.push(`${method} ${path}`), 403);
    seen.length = 0;
    await assert.rejects(
      () => storage.put(id, '320.webp', Buffer.from('x')),
      storeDown(/^media store S3 bucket "[^"]+": PutObject: AccessDenied \(HTTP 403\)$/),
    );
    assert.equal(seen.length, 1, 'a refusal is final: not tried again');
    await assert.rejects(() => storage.get(id, '640.webp'), storeDown(/GetObject: AccessDenied/));
    await assert.rejects(() => storage.readAll(id, '640.webp'), storeDown(/GetObject: AccessDenied/));
    await assert.rejects(() => storage.exists(id, '640.webp'), storeDown(/HeadObject: .*\(HTTP 403\)/));
    await assert.rejects(() => storage.removeAll(id), storeDown(/ListObjectsV2: AccessDenied/));
    await assert.rejects(
      async () => {
        for await (const object of storage.list()) assert.fail(`listed ${object.id}`);
      },
      storeDown(/ListObjectsV2: AccessDenied/),
    );
  });

  it('failing (500): tried three times in all, then the same clear error', async () => {
    const storage = bucket.storage({ endpoint: gate.endpoint });
    seen.length = 0;
    gate.rule = (method, path) => (seen.push(`${method} ${path}`), 500);
    await assert.rejects(() => storage.put(id, '320.webp', Buffer.from('x')), storeDown(/PutObject: InternalError \(HTTP 500\)/));
    assert.deepEqual(seen, Array(3).fill(`PUT /${bucket.settings.bucket}/public/${id}/320.webp`));
  });

  it('answering again: the same store works, and a missing file is missing, not an outage', async () => {
    const storage = bucket.storage({ endpoint: gate.endpoint });
    gate.rule = () => 'pass';
    assert.equal((await storage.readAll(id, '640.webp')).toString(), 'there');
    assert.equal(await storage.get(id, '1280.webp'), null);
    await assert.rejects(
      () => storage.readAll(id, '1280.webp'),
      (error) => error instanceof AppError && error.code === 'not_found',
    );
  });

  it('hanging (accepts, never answers): given up after the timeouts, three attempts, with the same clear error', async () => {
    const silent = await silentServer();
    try {
      const storage = bucket.storage({ endpoint: silent.endpoint, timeouts: { connect: 1_000, request: 400, idle: 400 } });
      await assert.rejects(() => storage.put(id, '320.webp', Buffer.from('x')), storeDown(/PutObject: TimeoutError/));
      await assert.rejects(() => storage.get(id, '640.webp'), storeDown(/GetObject: TimeoutError/));
      assert.equal(silent.connections(), 6, 'three attempts each');
    } finally {
      await silent.close();
    }
  });

  it('never shows the secret key: not in its description, nor in what a refusal says', async () => {
    gate.rule = () => 403;
    const withSecret = new S3Storage({ ...bucket.settings, endpoint: gate.endpoint, credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET } });
    try {
      assert.ok(!withSecret.description.includes(SECRET));
      await assert.rejects(() => withSecret.put(id, '320.webp', Buffer.from('x')), storeDown(/AccessDenied/));
    } finally {
      await withSecret.close();
    }
  });
});
