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
 *   Pushpin in front (GRIP), then by two Pushpins sharing them (both in GRIP_URL, as behind a
 *   load balancer): each new entry's delay to every reader (p50, p99), and the memory each
 *   reader costs the processes holding it. Readers turned away try again as the site's do.
 *
 * One process holds every reader's socket, so the number of readers is bounded by the open-file
 * limit (`ulimit -n`): the benchmark takes 20,000 or, where the limit is lower, as many as it
 * leaves room for, and says so in its figures.
 */
import { perEngine } from './lib.ts';
import { crowdFigures } from './live-crowd.ts';
import { pageFigures } from './live-pages.ts';

const ENGINE = process.env.BENCH_LIVE_ENGINE;

async function oneEngine() {
  const { freePort } = await import('../scripts/postgres.ts');
  const { createTestApp, seedBasics } = await import('../test/support/app.ts');
  const { startPushpin } = await import('../test/support/pushpin.ts');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const key = 'bench-grip-key-of-enough-length';
  // Two Pushpins, both named in GRIP_URL: the crowd is held by one, then shared by both.
  const pushpins = [await startPushpin(port, key, { messageRate: 200_000 }), await startPushpin(port, key, { messageRate: 200_000 })];
  const gripUrl = pushpins.map((pushpin) => pushpin.gripUrl).join(',');
  const t = await createTestApp({
    env: { PUBLIC_URL: base, GRIP_URL: gripUrl, LIVE_STREAMS_PER_PROCESS: '25000', LIVE_STREAMS_PER_ADDRESS: '25000' },
  });
  try {
    await seedBasics(t);
    await t.app.listen({ host: '127.0.0.1', port });
    const pages = await pageFigures(t, base);
    const crowds = await crowdFigures({ t, base, pushpins, blog: pages.blog });
    console.log(JSON.stringify({ engine: t.db.database.engine, ...pages.figures, ...crowds }));
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
