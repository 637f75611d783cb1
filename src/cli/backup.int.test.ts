import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEmptyPgDatabase, engine } from '../../test/support/database.ts';
import { cli } from '../../test/support/cli.ts';
import { sql } from 'drizzle-orm';
import { acquirePgliteLock } from '../platform/db/pglite-lock.ts';
import { openDatabase } from '../platform/db/open.ts';

/** `masthead backup` and `masthead restore` as an operator runs them, on the engine under test. */
describe(`masthead backup and restore on ${engine}`, { timeout: 240_000 }, () => {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-cli-backup-'));
  const disposals: (() => Promise<void>)[] = [];
  after(async () => {
    for (const dispose of disposals) await dispose().catch(() => {});
    fs.rmSync(temp, { recursive: true, force: true });
  });

  /** A new installation: its own DATA_DIR and, on PostgreSQL, its own empty database. */
  async function installation(name: string): Promise<Record<string, string>> {
    const env: Record<string, string> = { DATA_DIR: path.join(temp, name), MASTHEAD_DEMO: '0', LOG_LEVEL: 'warn' };
    if (engine === 'postgres') {
      const database = await createEmptyPgDatabase();
      disposals.push(database.dispose);
      env.DATABASE_URL = database.url;
    }
    return env;
  }

  let site: Record<string, string>;
  let archive: string;
  before(async () => {
    site = await installation('site');
    const seeded = await cli(['seed', '--demo'], site);
    assert.equal(seeded.code, 0, seeded.stderr);
  });

  it('writes one archive, and brings it back into an empty installation, which then refuses a second restore', async () => {
    const made = await cli(['backup', '--to', path.join(temp, 'backups')], site);
    assert.equal(made.code, 0, made.stderr);
    archive = made.stdout.trim();
    assert.match(path.basename(archive), /^masthead-\d{8}T\d{6}Z\.backup\.tar$/);
    assert.match(made.stderr, /the database and \d+ media files/);
    const fresh = await installation('restored');
    const restored = await cli(['restore', archive], fresh);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stderr, /Restored the .* database and \d+ media files/);
    const token = await cli(['token', 'create', '--name', 'after the restore'], fresh);
    assert.equal(token.code, 0, 'the restored site runs its commands');
    const again = await cli(['restore', archive], fresh);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /empty (installation|database)/);
    assert.ok(!again.stderr.includes('    at '), 'no stack trace');
  });

  it('says what is wrong with how it was called, and with a file that is no backup, in one line', async () => {
    const fresh = await installation('mistakes');
    const none = await cli(['restore'], fresh);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /restore needs one FILE/);
    const missing = await cli(['restore', path.join(temp, 'nowhere.tar')], fresh);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /is not a file/);
    const foreign = path.join(temp, 'notes.tar');
    fs.writeFileSync(foreign, 'a shopping list, not a backup\n');
    const refused = await cli(['restore', foreign], fresh);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not a Masthead backup/);
    const move = await cli(['move-to-postgres', 'postgres://editor:s3cret-pass@db.example:notaport/news'], { ...fresh, DATABASE_URL: '' });
    assert.equal(move.code, 2);
    assert.ok(!move.stderr.includes('s3cret-pass'), 'the password is never shown');
  });

  if (engine === 'pglite')
    it('on the embedded database held by a running site, says how to back it up instead', async () => {
      const release = acquirePgliteLock(path.join(site.DATA_DIR!, 'pglite'));
      try {
        const held = await cli(['backup', '--to', path.join(temp, 'held')], site);
        assert.equal(held.code, 2);
        assert.match(held.stderr, /stop the site .* or set BACKUP_DIR/);
      } finally {
        release();
      }
    });
  else
    it('on PostgreSQL backs up beside a running site: pg_dump reads one snapshot while others write', async () => {
      const running = await openDatabase({ databaseUrl: site.DATABASE_URL, poolSize: 1 });
      try {
        const writing = running.db.execute(sql`select pg_sleep(0.5)`);
        const made = await cli(['backup', '--to', path.join(temp, 'beside')], site);
        await writing;
        assert.equal(made.code, 0, made.stderr);
      } finally {
        await running.close();
      }
    });
});
