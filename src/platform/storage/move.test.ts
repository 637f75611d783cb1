import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestBucket, type TestBucket } from '../../../test/support/s3.ts';
import { s3Gate, type S3Gate } from '../../../test/support/s3-gate.ts';
import { DiskStorage, moveMedia, type MediaStorage, type MoveOptions } from './index.ts';

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

async function contents(storage: MediaStorage): Promise<Record<string, string>> {
  const found: Record<string, string> = {};
  for await (const { id, file } of storage.list()) found[`${id}/${file}`] = (await storage.readAll(id, file)).toString();
  return found;
}

describe('moving media between the disk and a bucket', () => {
  let bucket: TestBucket;
  let gate: S3Gate;
  let root: string;
  let disk: DiskStorage;
  const images = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
  const avatar = crypto.randomUUID();
  const recorded = new Map<string, string>();
  const files: Record<string, string> = {};
  const move = (options: Partial<MoveOptions> & Pick<MoveOptions, 'source' | 'target'>) =>
    moveMedia({ deleteSource: false, expectedSha256: async (id) => recorded.get(id) ?? null, ...options });

  before(async () => {
    bucket = await createTestBucket();
    gate = await s3Gate(bucket.settings.endpoint!);
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-move-'));
    disk = new DiskStorage(root);
    for (const [i, id] of images.entries()) {
      const original = Buffer.from(`original ${i}`);
      recorded.set(id, sha256(original));
      await disk.put(id, 'original.jpg', original);
      files[`${id}/original.jpg`] = original.toString();
      for (const variant of ['320.webp', '320.jpg']) {
        await disk.put(id, variant, Buffer.from(`${variant} of ${i}`));
        files[`${id}/${variant}`] = `${variant} of ${i}`;
      }
    }
    await disk.put(avatar, '256.webp', Buffer.from('a face'));
    files[`${avatar}/256.webp`] = 'a face';
  });
  after(async () => {
    await gate.close();
    await bucket.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('stopped part-way (the bucket fails), then run again: goes on where it stopped, nothing copied twice, the source kept', async () => {
    const target = bucket.storage({ endpoint: gate.endpoint });
    let puts = 0;
    gate.rule = (method) => (method === 'PUT' && ++puts > 4 ? 500 : 'pass');
    const first = await move({ source: disk, target });
    assert.equal(first.copied, 4);
    assert.match(first.stopped ?? '', /^The media store \(S3 bucket "[^"]+"\) is not available/);
    gate.rule = () => 'pass';
    const second = await move({ source: disk, target });
    assert.deepEqual(second, { copied: 6, skipped: 4, removed: 0, failed: [], stopped: null });
    assert.deepEqual(await contents(target), files);
    assert.deepEqual(await contents(disk), files, 'the source is kept without deleteSource');
    const third = await move({ source: disk, target });
    assert.deepEqual(third, { copied: 0, skipped: 10, removed: 0, failed: [], stopped: null });
  });

  it('a file of another size in the target is copied again', async () => {
    const target = bucket.storage();
    await target.put(images[0]!, '320.webp', Buffer.from('cut'));
    const report = await move({ source: disk, target });
    assert.deepEqual([report.copied, report.skipped], [1, 9]);
    assert.equal((await target.readAll(images[0]!, '320.webp')).toString(), files[`${images[0]}/320.webp`]);
  });

  it('an original that does not match its sha256 is not moved, and its source is never removed', async () => {
    const back = new DiskStorage(fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-move-back-')));
    const target = bucket.storage();
    const bad = images[1]!;
    await target.put(bad, 'original.jpg', Buffer.from('bit rot'));
    try {
      const report = await move({ source: target, target: back, deleteSource: true });
      assert.equal(report.failed.length, 1);
      assert.match(report.failed[0]!, new RegExp(`^${bad}/original\\.jpg: the source's bytes do not match the sha256 recorded at upload`));
      assert.equal(report.stopped, null);
      assert.equal(await back.exists(bad, 'original.jpg'), false);
      assert.equal((await target.readAll(bad, 'original.jpg')).toString(), 'bit rot', 'kept where it was');
      assert.deepEqual(await bucket.keys(), [`private/${bad}/original.jpg`], 'every other file moved and removed from the bucket');
      const expected = { ...files };
      delete expected[`${bad}/original.jpg`];
      assert.deepEqual(await contents(back), expected);
    } finally {
      fs.rmSync(back.root, { recursive: true, force: true });
    }
  });

  it('a copy in the target that does not match is reported and the source kept, even at the same size', async () => {
    const target = bucket.storage();
    const id = images[2]!;
    await target.put(id, 'original.jpg', Buffer.from('original X')); // the size of "original 2"
    const report = await move({ source: disk, target, deleteSource: true });
    assert.deepEqual(report.failed, [`${id}/original.jpg: the copy in the target does not match the sha256 recorded at upload (the source is kept)`]);
    assert.equal(await disk.exists(id, 'original.jpg'), true);
    assert.equal(report.removed, 9);
    assert.deepEqual(Object.keys(await contents(disk)), [`${id}/original.jpg`]);
  });
});
