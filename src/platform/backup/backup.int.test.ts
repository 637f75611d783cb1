import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { buildApp } from '../../app.ts';
import { DiskStorage } from '../storage/index.ts';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { createEmptyPgDatabase, engine } from '../../../test/support/database.ts';
import { loadConfig } from '../config.ts';
import { readMigrations } from '../db/migrate.ts';
import { openDatabase } from '../db/open.ts';
import { BackupError, createBackup, pruneBackups, restoreBackup } from './index.ts';
import { BACKUP_JOB } from './schedule.ts';
import { enqueue } from '../jobs/queue.ts';
import { rows } from '../db/database.ts';
import { sql } from 'drizzle-orm';

/** A whole site backed up, then restored into an empty installation that serves the same pages and pictures. */
describe(`backup and restore on ${engine}`, { timeout: 120_000 }, () => {
  let t: TestApp;
  let articlePath: string;
  let imageId: string;
  let archive: string;
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-backup-test-'));
  const cleanups: (() => Promise<void>)[] = [];

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    const data = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    const form = multipart({ alt: 'A green field' }, { filename: 'field.png', type: 'image/png', data });
    const uploaded = await t.app.inject({
      method: 'POST',
      url: '/api/admin/images',
      payload: form.payload,
      headers: { ...form.headers, authorization: `Bearer ${t.token}` },
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    imageId = uploaded.json().id;
    const article = (
      await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Kept through a restore', hero: { imageId }, status: 'published' }))
    ).json();
    articlePath = new URL(article.url).pathname;
    const summary = await createBackup({ database: t.db.database, databaseUrl: t.db.url, media: t.storage, dir: path.join(temp, 'backups'), now: new Date() });
    archive = summary.file;
    assert.ok(summary.mediaFiles >= 3, 'the original and its variants');
  });
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
    await t.close();
    fs.rmSync(temp, { recursive: true, force: true });
  });

  /** An empty installation of the engine under test: a DATA_DIR, a media folder and (on PostgreSQL) an empty database. */
  async function emptyInstallation() {
    const dataDir = fs.mkdtempSync(path.join(temp, 'site-'));
    const media = new DiskStorage(path.join(dataDir, 'media'));
    let databaseUrl: string | undefined;
    if (engine === 'postgres') {
      const empty = await createEmptyPgDatabase();
      cleanups.push(empty.dispose);
      databaseUrl = empty.url;
    }
    return { dataDir, media, databaseUrl };
  }

  it('restores into an empty installation that serves the same article page and the same pictures', async () => {
    const target = await emptyInstallation();
    const restored = await restoreBackup(archive, target, readMigrations());
    assert.equal(restored.engine, engine);
    const database = await openDatabase({ dataDir: target.dataDir, databaseUrl: target.databaseUrl });
    const config = loadConfig({
      PUBLIC_URL: 'https://news.example',
      DATA_DIR: target.dataDir,
      LOG_LEVEL: 'silent',
      ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}),
    });
    const app = await buildApp({ config, database, storage: target.media, logger: false });
    try {
      const [original, copy] = [await t.get(articlePath), await app.inject({ method: 'GET', url: articlePath })];
      assert.equal(copy.statusCode, 200);
      assert.ok(copy.body.includes('Kept through a restore'));
      assert.ok(original.headers.etag, 'pages carry an ETag');
      assert.equal(copy.headers.etag, original.headers.etag, 'the same page, byte for byte');
      const variant = /\/media\/[0-9a-f-]{36}\/(\d+\.(?:webp|jpg))/.exec(original.body)![1]!;
      const [a, b] = [await t.get(`/media/${imageId}/${variant}`), await app.inject({ method: 'GET', url: `/media/${imageId}/${variant}` })];
      assert.equal(b.statusCode, 200);
      assert.ok(a.rawPayload.equals(b.rawPayload), 'the same picture bytes');
    } finally {
      await app.close();
      await database.close();
    }
  });

  it('refuses a corrupt archive, a foreign file and a target that is not empty, before changing anything', async () => {
    const target = await emptyInstallation();
    const corrupt = path.join(temp, 'corrupt.tar');
    const bytes = fs.readFileSync(archive);
    const at = Math.floor(bytes.length / 3);
    bytes[at] = bytes[at]! ^ 0xff; // one byte inside a member
    fs.writeFileSync(corrupt, bytes);
    await assert.rejects(restoreBackup(corrupt, target, readMigrations()), BackupError);
    const foreign = path.join(temp, 'foreign.tar');
    fs.writeFileSync(foreign, 'not an archive at all\n'.repeat(100));
    await assert.rejects(restoreBackup(foreign, target, readMigrations()), /not a Masthead backup/);
    await assert.rejects(restoreBackup(archive, target, readMigrations().slice(0, -1)), /migrations this release does not know/);
    for await (const file of target.media.list()) assert.fail(`no media written, yet ${file.id}/${file.file} is there`);
    assert.ok(!fs.existsSync(path.join(target.dataDir, 'pglite')), 'no embedded database made');
    // Not empty: the media store has a file.
    await target.media.put(imageId, 'original.png', Buffer.from('a file already there'));
    await assert.rejects(restoreBackup(archive, target, readMigrations()), /already holds files/);
  });

  it('keeps the newest backups and clears the leftovers of one killed half way', () => {
    const dir = path.join(temp, 'retention');
    fs.mkdirSync(dir);
    const names = ['20261201T000000Z', '20261202T000000Z', '20261203T000000Z'].map((at) => `masthead-${at}.backup.tar`);
    for (const name of names) fs.writeFileSync(path.join(dir, name), 'x');
    fs.writeFileSync(path.join(dir, 'masthead-20261130T000000Z.backup.tar.partial'), 'x');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'the operator’s own file');
    const old = new Date('2026-11-30T00:00:00Z');
    fs.utimesSync(path.join(dir, 'masthead-20261130T000000Z.backup.tar.partial'), old, old);
    pruneBackups(dir, 2, new Date('2026-12-03T01:00:00Z'));
    assert.deepEqual(fs.readdirSync(dir).sort(), [names[1], names[2], 'notes.txt']);
  });

  it('takes scheduled backups inside the running site, keeps BACKUP_KEEP of them and schedules the next', async () => {
    const dir = path.join(temp, 'scheduled');
    let clock = new Date('2026-12-05T03:00:00Z');
    const site = await createTestApp({ env: { BACKUP_DIR: dir, BACKUP_KEEP: '1' }, now: () => clock });
    try {
      for (const at of ['2026-12-05T03:00:00Z', '2026-12-06T03:00:00Z']) {
        clock = new Date(at);
        await enqueue(site.db.database.db, BACKUP_JOB, {});
        assert.ok((await site.app.jobs.runDue()) >= 1);
      }
      assert.deepEqual(fs.readdirSync(dir), ['masthead-20261206T030000Z.backup.tar'], 'the newest one kept');
      const next = await rows<{ run_at: Date }>(site.db.database.db, sql`select run_at from jobs where name = ${BACKUP_JOB} and state = 'queued'`);
      assert.deepEqual(
        next.map((job) => new Date(job.run_at).toISOString()),
        ['2026-12-07T00:00:00.000Z'],
        'the next daily slot, once',
      );
    } finally {
      await site.close();
    }
  });
});
