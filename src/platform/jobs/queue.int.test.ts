import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { backoffSeconds, enqueue, JobWorker } from './queue.ts';
import { rows } from '../db/database.ts';
import { createTestDatabase, engine, type TestDatabase } from '../../../test/support/database.ts';
import { until } from '../../../test/support/wait.ts';

describe(`job queue on ${engine}`, () => {
  let db: TestDatabase;
  const log = pino({ level: 'silent' });
  before(async () => {
    db = await createTestDatabase();
  });
  after(() => db.dispose());

  const state = async (id: string) =>
    (
      await rows<{ state: string; attempts: number; last_error: string | null }>(
        db.database.db,
        sql`select state, attempts, last_error from jobs where id = ${id}`,
      )
    )[0]!;

  it('a job enqueued in a transaction that rolls back never exists', async () => {
    await assert.rejects(() =>
      db.database.transaction(async (tx) => {
        await enqueue(tx, 'test.never', { n: 1 });
        throw new Error('rolled back');
      }),
    );
    const found = await rows(db.database.db, sql`select 1 from jobs where name = 'test.never'`);
    assert.equal(found.length, 0);
  });

  it('runs due jobs once, and not those due later', async () => {
    const worker = new JobWorker(db.database, log);
    const seen: number[] = [];
    worker.register('test.count', async (payload: { n: number }) => {
      seen.push(payload.n);
    });
    await enqueue(db.database.db, 'test.count', { n: 1 });
    await enqueue(db.database.db, 'test.count', { n: 2 }, { runAt: new Date(Date.now() + 60_000) });
    assert.equal(await worker.runDue(), 1);
    assert.equal(await worker.runDue(), 0);
    assert.deepEqual(seen, [1]);
  });

  it('keeps one unfinished job per singleton key', async () => {
    const first = await enqueue(db.database.db, 'test.single', {}, { singletonKey: 'only-one' });
    const second = await enqueue(db.database.db, 'test.single', {}, { singletonKey: 'only-one' });
    assert.ok(first);
    assert.equal(second, null);
  });

  it('retries a failing job with backoff, then gives up', async () => {
    const worker = new JobWorker(db.database, log);
    worker.register('test.fail', async () => {
      throw new Error('push service said no');
    });
    const id = (await enqueue(db.database.db, 'test.fail', {}, { maxAttempts: 2 }))!;
    await worker.runDue();
    let job = await state(id);
    assert.deepEqual([job.state, job.attempts, job.last_error], ['queued', 1, 'push service said no']);
    // Not due again until the backoff has passed.
    assert.equal(await worker.runDue(), 0);
    await db.database.db.execute(sql`update jobs set run_at = now() where id = ${id}`);
    await worker.runDue();
    job = await state(id);
    assert.deepEqual([job.state, job.attempts], ['failed', 2]);
    assert.deepEqual([1, 2, 3, 4, 9].map(backoffSeconds), [5, 25, 125, 625, 3600]);
  });

  it('claims again a job whose worker died holding it', async () => {
    const id = (await enqueue(db.database.db, 'test.orphan', {}))!;
    // A worker took it and vanished: its lease has run out.
    await db.database.db.execute(
      sql`update jobs set state = 'running', attempts = 1, locked_by = 'gone', locked_until = now() - interval '1 second' where id = ${id}`,
    );
    const worker = new JobWorker(db.database, log);
    let ran = 0;
    worker.register('test.orphan', async () => {
      ran++;
    });
    await worker.runDue();
    assert.equal(ran, 1);
    assert.equal((await state(id)).state, 'done');
  });

  it('two workers never run the same job', async () => {
    const ran: string[] = [];
    const workers = [new JobWorker(db.database, log), new JobWorker(db.database, log)];
    for (const worker of workers) {
      worker.register('test.once', async (payload: { n: number }) => {
        ran.push(String(payload.n));
        await new Promise((r) => setTimeout(r, 5));
      });
    }
    for (let n = 0; n < 20; n++) await enqueue(db.database.db, 'test.once', { n });
    await Promise.all(workers.map((w) => w.runDue()));
    assert.equal(ran.length, 20);
    assert.equal(new Set(ran).size, 20);
  });

  // Its poll comes an hour later, after the test runner's hang guard: only the NOTIFY can wake it in time.
  it('the background worker picks up a job as soon as it is enqueued', async () => {
    const worker = new JobWorker(db.database, log, { pollMs: 3_600_000 });
    let resolve!: () => void;
    const done = new Promise<void>((r) => (resolve = r));
    worker.register('test.wake', async () => resolve());
    await worker.start();
    try {
      await enqueue(db.database.db, 'test.wake', {});
      await done;
    } finally {
      await worker.stop();
    }
  });

  // The slow jobs hold until the test lets them go: a quick job held behind them would never finish.
  it('a slow lane keeps its own slots: its jobs never hold back the others, and it runs no more at once than it may', async () => {
    const worker = new JobWorker(db.database, log, { pollMs: 3_600_000, concurrency: 2 });
    const release: (() => void)[] = [];
    let slowAtOnce = 0;
    let slowMost = 0;
    let slowDone = 0;
    worker.register(
      'test.slow',
      async () => {
        slowMost = Math.max(slowMost, ++slowAtOnce);
        await new Promise<void>((r) => release.push(r));
        slowAtOnce--;
        slowDone++;
      },
      { lane: { name: 'test-slow', concurrency: 1 } },
    );
    let quickDone!: () => void;
    const quick = new Promise<void>((r) => (quickDone = r));
    worker.register('test.quick', async () => quickDone());
    for (let i = 0; i < 3; i++) await enqueue(db.database.db, 'test.slow', { i });
    await worker.start();
    try {
      await until(() => slowAtOnce);
      assert.equal(slowAtOnce, 1, 'a slow job started');
      await enqueue(db.database.db, 'test.quick', {});
      await quick;
      assert.equal(slowMost, 1, 'one slow job at a time');
      // The next slow job is claimed only after the one before it ends, so wait for all three
      // to have finished rather than for a moment when none is held (there is one between jobs).
      await until(() => {
        release.shift()?.();
        return slowDone === 3;
      });
      assert.equal(slowDone, 3, 'every slow job ran');
    } finally {
      await worker.stop();
    }
    assert.equal(slowMost, 1);
    const left = await rows(db.database.db, sql`select 1 from jobs where name = 'test.slow' and state <> 'done'`);
    assert.equal(left.length, 0, 'every slow job ran in turn');
  });

  it('leaves a job of a kind it has no handler for to a worker that has one (a newer release during an upgrade)', async () => {
    const id = (await enqueue(db.database.db, 'test.from-newer-release', {}))!;
    const old = new JobWorker(db.database, log);
    old.register('test.something-else', async () => {});
    assert.equal(await old.runDue(), 0);
    assert.deepEqual([(await state(id)).state, (await state(id)).attempts], ['queued', 0], 'not claimed, no attempt spent');
    const current = new JobWorker(db.database, log);
    let ran = 0;
    current.register('test.from-newer-release', async () => void ran++);
    assert.equal(await current.runDue(), 1);
    assert.equal(ran, 1);
  });

  it('renews the lease of a job that runs longer than a lease, so no other worker takes it from a live one', async () => {
    const id = (await enqueue(db.database.db, 'test.long', {}))!;
    let runs = 0;
    let finish!: () => void;
    const slow = new JobWorker(db.database, log, { leaseSeconds: 1 });
    slow.register('test.long', () => {
      runs++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    const running = slow.runDue();
    await until(() => runs === 1);
    // Past two leases: without renewal the job would be back in the queue by now.
    await new Promise((resolve) => setTimeout(resolve, 2_300));
    const other = new JobWorker(db.database, log);
    other.register('test.long', async () => void runs++);
    assert.equal(await other.runDue(), 0, 'the other worker found nothing to take');
    finish();
    await running;
    assert.deepEqual([runs, (await state(id)).state], [1, 'done']);
  });

  it('a worker that lost its lease does not record the ending of a job another worker took over', async () => {
    const id = (await enqueue(db.database.db, 'test.stalled', {}))!;
    let release!: () => void;
    const stalled = new JobWorker(db.database, log);
    stalled.register('test.stalled', () => new Promise<void>((resolve) => (release = resolve)));
    const running = stalled.runDue();
    await until(async () => (await state(id)).state === 'running');
    // The stalled worker's lease runs out and another worker takes the job.
    await db.database.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`);
    let release2!: () => void;
    const other = new JobWorker(db.database, log);
    other.register('test.stalled', () => new Promise<void>((resolve) => (release2 = resolve)));
    const taken = other.runDue();
    await until(async () => (await state(id)).attempts === 2);
    release();
    await running;
    assert.equal((await state(id)).state, 'running', 'still the other worker’s');
    release2();
    await taken;
    assert.equal((await state(id)).state, 'done');
  });

  it('a job whose lease ran out while it finished, and that nobody took since, is recorded done, not run again', async () => {
    const id = (await enqueue(db.database.db, 'test.late', {}))!;
    let runs = 0;
    let release!: () => void;
    const worker = new JobWorker(db.database, log);
    worker.register('test.late', () => {
      runs++;
      return new Promise<void>((resolve) => (release = resolve));
    });
    const running = worker.runDue();
    await until(() => runs === 1);
    // Its renewals failed (a database blip): the lease ran out and the job went back to the queue.
    await db.database.db.execute(sql`update jobs set locked_until = now() - interval '1 second' where id = ${id}`);
    await db.database.db.execute(sql`update jobs set state = 'queued', locked_by = null, locked_until = null where id = ${id} and locked_until < now()`);
    release();
    await running;
    assert.deepEqual([(await state(id)).state, runs], ['done', 1]);
    const again = new JobWorker(db.database, log);
    again.register('test.late', async () => void runs++);
    assert.equal(await again.runDue(), 0, 'nothing left to run again');
    assert.equal(runs, 1);
  });
});
