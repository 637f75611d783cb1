/**
 * Comments at the scale of the biggest story, measured against the real server in its own
 * process, on the embedded database (PGlite, file-backed) and then on PostgreSQL. Not a test.
 *
 *   npm run bench:comments
 *
 * - Rendering: an article with a 2,000-comment discussion (250 threads, replies to depth 6),
 *   the page with its first page of comments, the page cache off so every request renders.
 *   Baseline in the same run: an article of the same site without comments. Goal: median
 *   under 50 ms server time. Then "load more": the JSON pages 2, 6 and 13 (the last), which
 *   should cost the same as page 1.
 * - Counts: the queries one uncached home page of as many cards as it holds costs on
 *   PostgreSQL, counted at the driver; the comment counts of every card must be one of them.
 * - Posting: 100 readers post at once, 5 comments each (the per-reader limit), moderation
 *   pipeline included. Baseline: /healthz (one database ping) at the same concurrency.
 *   Goal: p99 under 50 ms.
 * - Live: 5,000 Server-Sent Events connections on the article; 10 comments posted one after
 *   another; for each, the delay from posting until each connection received it. Goal: p99
 *   under 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/platform/db/open.ts';
import type { Database } from '../src/platform/db/database.ts';
import { providePostgres } from '../scripts/postgres.ts';
import { createBenchDatabase, run, startServer, stopServer } from './lib.ts';
import type { Seeded } from './comments-shared.ts';
import { seed } from './comments-seed.ts';
import { homeQueries, render } from './comments-reading.ts';
import { live, posting } from './comments-writing.ts';

async function site(env: Record<string, string>, openDb: () => Promise<Database>, databaseUrl?: string) {
  await run(['seed', '--demo'], env);
  const database = await openDb();
  const seeded = await seed(database);
  await database.close();
  const counts = databaseUrl ? await homeQueries(databaseUrl, env.DATA_DIR!) : null;
  const { server, base } = await startServer({ ...env, PAGE_CACHE_MB: '0', TRUST_PROXY: '127.0.0.1' });
  try {
    const full: Seeded = {
      big: { id: seeded.big.id, url: base + seeded.big.path },
      plain: { id: seeded.plain.id, url: base + seeded.plain.path },
      posters: seeded.posters,
    };
    const rendering = await render(base, full);
    const posts = await posting(base, full);
    const streams = await live(base, full, server.pid!);
    return { rendering, counts, posts, streams };
  } finally {
    await stopServer(server);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-comments-'));
  const postgres = await providePostgres();
  try {
    const pglite = await site({ DATA_DIR: dataDir, NODE_ENV: 'production', MASTHEAD_DEMO: '0' }, () => openDatabase({ dataDir }));
    const databaseUrl = await createBenchDatabase(postgres.url, 'masthead_comments_bench');
    const onPostgres = await site(
      { DATA_DIR: dataDir, DATABASE_URL: databaseUrl, NODE_ENV: 'production', MASTHEAD_DEMO: '0' },
      () => openDatabase({ databaseUrl, poolSize: 2 }),
      databaseUrl,
    );
    return { pglite, postgres: onPostgres };
  } finally {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

console.log(JSON.stringify(await main(), null, 2));
process.exit(0);
