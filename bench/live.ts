/**
 * Live blogs at the scale of the biggest night, on PGlite and PostgreSQL, each engine in its own
 * process (the test harness picks its engine at import). Not a test.
 *
 *   npm run bench:live
 *
 * - A 2,000-entry blog: its first page rendered uncached (median, p95), and the cached page a
 *   reader polling without JavaScript gets, beside nginx serving the very same bytes.
 * - Publishing an entry through the Admin API until the changed page, the blog's feed and the
 *   Content API's `since` answer carry it, as a reader polling each would see.
 * - 20,000 Server-Sent Events readers on the blog, first held by the app itself, then by a real
 *   Pushpin in front (GRIP), then by another with a smaller crowd: each new entry's delay to every
 *   reader (p50, p99), the memory each reader costs the process holding it, and the CPU each
 *   delivery costs it and the readers' clients. Readers turned away try again as the site's do.
 *
 * Pushpin's handler gives each message to condure over ZeroMQ at `message_rate` a second, in
 * batches every 25 ms. Faster than condure drains them, the queue between overflows and Pushpin
 * loses messages without a word (unlimited: more than half of 19,500 readers got nothing) or
 * cancels streams (80,000 a second: 154 of 19,500). 40,000 lost none or few here: the rate used
 * unless BENCH_LIVE_MESSAGE_RATE says another.
 *
 * One process holds every reader's socket, so the number of readers is bounded by the open-file
 * limit (`ulimit -n`): the benchmark takes 20,000 or, where the limit is lower, as many as it
 * leaves room for, and says so in its figures.
 */
import { perEngine } from './lib.ts';
import { crowdFigures } from './live-crowd.ts';
import { pageFigures } from './live-pages.ts';
import type { Pushpin } from '../test/support/pushpin.ts';

const ENGINE = process.env.BENCH_LIVE_ENGINE;

async function oneEngine() {
  const { freePort } = await import('../scripts/postgres.ts');
  const { createTestApp, seedBasics } = await import('../test/support/app.ts');
  const { startPushpin } = await import('../test/support/pushpin.ts');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const key = 'bench-grip-key-of-enough-length';
  const messageRate = Number(process.env.BENCH_LIVE_MESSAGE_RATE ?? 40_000);
  const pushpins: [Pushpin, Pushpin] = [await startPushpin(port, key, { messageRate }), await startPushpin(port, key, { messageRate })];
  const t = await createTestApp({
    env: {
      PUBLIC_URL: base,
      GRIP_URL: pushpins.map((pushpin) => pushpin.gripUrl).join(','),
      LIVE_STREAMS_PER_PROCESS: '25000',
      LIVE_STREAMS_PER_ADDRESS: '25000',
    },
  });
  try {
    await seedBasics(t);
    await t.app.listen({ host: '127.0.0.1', port });
    const pages = await pageFigures(t, base);
    const crowds = await crowdFigures({ t, base, pushpins, blog: pages.blog });
    console.log(JSON.stringify({ engine: t.db.database.engine, ...pages.figures, pushpinMessageRate: messageRate, ...crowds }));
  } finally {
    await t.close();
    for (const pushpin of pushpins) await pushpin.stop();
  }
}

async function main() {
  const results = await perEngine(import.meta.filename, 'BENCH_LIVE_ENGINE');
  console.log(JSON.stringify(results, null, 2));
}

await (ENGINE ? oneEngine() : main());
