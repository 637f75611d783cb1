import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { createTestBucket, type TestBucket } from '../../../test/support/s3.ts';
import { AppError } from '../errors.ts';
import { DiskStorage, type MediaStorage, type StoredObject } from './index.ts';

/** What every store must do, run against each: the code above them cannot tell which it has. */
function contract(name: string, open: () => Promise<{ storage: MediaStorage; addStray(id: string): Promise<void>; close(): Promise<void> }>) {
  describe(`media storage contract: ${name}`, () => {
    let storage: MediaStorage;
    let addStray: (id: string) => Promise<void>;
    let close: () => Promise<void>;
    before(async () => ({ storage, addStray, close } = await open()));
    after(() => close());

    it('gives back what was put, as a stream with its size and whole', async () => {
      const id = crypto.randomUUID();
      await storage.put(id, '640.webp', Buffer.from('variant bytes'));
      const stored = await storage.get(id, '640.webp');
      assert.ok(stored);
      assert.equal(stored.size, 13);
      assert.equal(await text(stored.body), 'variant bytes');
      assert.deepEqual(await storage.readAll(id, '640.webp'), Buffer.from('variant bytes'));
      assert.equal(await storage.sizeOf(id, '640.webp'), 13);
      assert.equal(await storage.exists(id, '640.webp'), true);
    });

    it('replaces a file put again under its name', async () => {
      const id = crypto.randomUUID();
      await storage.put(id, 'original.jpg', Buffer.from('first, longer version'));
      await storage.put(id, 'original.jpg', Buffer.from('second'));
      assert.equal((await storage.readAll(id, 'original.jpg')).toString(), 'second');
      assert.equal(await storage.sizeOf(id, 'original.jpg'), 6);
    });

    it('says a missing file is missing: null, false, or the not_found error', async () => {
      const id = crypto.randomUUID();
      assert.equal(await storage.get(id, '320.jpg'), null);
      assert.equal(await storage.sizeOf(id, '320.jpg'), null);
      assert.equal(await storage.exists(id, '320.jpg'), false);
      await assert.rejects(
        () => storage.readAll(id, '320.jpg'),
        (error) => error instanceof AppError && error.code === 'not_found',
      );
    });

    it('refuses any name we would not make, before it reaches a path or a key', async () => {
      const id = crypto.randomUUID();
      for (const [badId, badFile] of [
        [id, '../../etc/passwd'],
        [id, 'a/b.jpg'],
        ['..', 'original.jpg'],
        [id, '.hidden'],
        [`${id}/x`, '1.jpg'],
      ] as const) {
        await assert.rejects(() => storage.put(badId, badFile, Buffer.from('x')), /Refusing media name/);
        await assert.rejects(() => storage.get(badId, badFile), /Refusing media name/);
      }
    });

    it('removes one file, or every file of an id and no other; removing what is gone is no error', async () => {
      const [one, other] = [crypto.randomUUID(), crypto.randomUUID()];
      for (const file of ['original.png', '320.webp', '640.jpg']) await storage.put(one, file, Buffer.from(file));
      await storage.put(other, '320.webp', Buffer.from('kept'));
      await storage.remove(one, '640.jpg');
      await storage.remove(one, '640.jpg');
      assert.equal(await storage.exists(one, '640.jpg'), false);
      assert.equal(await storage.exists(one, '320.webp'), true);
      await storage.removeAll(one);
      await storage.removeAll(one);
      for (const file of ['original.png', '320.webp']) assert.equal(await storage.exists(one, file), false);
      assert.equal((await storage.readAll(other, '320.webp')).toString(), 'kept');
    });

    it('lists every file with its size, and skips what is not ours', async () => {
      const id = crypto.randomUUID();
      await storage.put(id, 'original.gif', Buffer.from('GIF89a'));
      await storage.put(id, '160.avif', Buffer.from('avif!'));
      await addStray(id);
      const listed: StoredObject[] = [];
      for await (const object of storage.list()) if (object.id === id) listed.push(object);
      assert.deepEqual(
        listed.sort((a, b) => a.file.localeCompare(b.file)),
        [
          { id, file: '160.avif', size: 5 },
          { id, file: 'original.gif', size: 6 },
        ],
      );
    });

    it('names itself without any secret', () => {
      assert.match(storage.description, /media folder|S3 bucket "masthead-test-/);
      assert.doesNotMatch(storage.description, /S3RVER|secret/i);
    });
  });
}

contract('disk', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-contract-'));
  return {
    storage: new DiskStorage(root),
    // A write cut short leaves its temporary file; a listing must not offer it.
    addStray: async (id) => fs.writeFileSync(path.join(root, id, `160.avif.${process.pid}.tmp`), 'half'),
    close: async () => fs.rmSync(root, { recursive: true, force: true }),
  };
});

contract('S3', async () => {
  const bucket: TestBucket = await createTestBucket();
  const storage = bucket.storage();
  return {
    storage,
    // Keys we never write: an original where variants go, a file under no area.
    addStray: async (id) => {
      for (const key of [`public/${id}/original.gif`, `${id}/160.avif`, `private/${id}/160.avif`]) await bucket.putKey(key, 'stray');
    },
    close: () => bucket.close(),
  };
});

describe('S3 keys', () => {
  let bucket: TestBucket;
  before(async () => (bucket = await createTestBucket()));
  after(() => bucket.close());

  it('puts originals under private/ and everything else under public/, so a bucket policy can open only public/', async () => {
    const storage = bucket.storage();
    const id = crypto.randomUUID();
    await storage.put(id, 'original.jpg', Buffer.from('camera bytes'));
    await storage.put(id, '640.webp', Buffer.from('variant'));
    await storage.put(id, 'wide-50-50.jpg', Buffer.from('crop'));
    assert.deepEqual(await bucket.keys(), [`private/${id}/original.jpg`, `public/${id}/640.webp`, `public/${id}/wide-50-50.jpg`]);
  });
});

describe('disk layout', () => {
  it('keeps files where sites have always had them: <root>/<id>/<file>', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-layout-'));
    try {
      const id = crypto.randomUUID();
      await new DiskStorage(root).put(id, 'original.png', Buffer.from('png'));
      assert.equal(fs.readFileSync(path.join(root, id, 'original.png'), 'utf8'), 'png');
      assert.deepEqual(fs.readdirSync(path.join(root, id)), ['original.png']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
