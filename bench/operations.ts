/**
 * Operations figures (issue 19), each beside a baseline measured in the same run. Not a test.
 *
 *   npm run bench:ops
 *
 * 1. One machine against two on one PostgreSQL: a cached and an uncached article, with nginx
 *    serving the same bytes (one worker, then two) as the baseline. On one host the two
 *    "machines" share its cores, so the figure shows what the second process adds here, not what
 *    a second host would.
 * 2. Through Varnish: a cached article's throughput and hit ratio while an editor publishes a
 *    correction to it every 250 ms (each one purges it by key), against Varnish with no
 *    corrections.
 * 3. Backup and restore of the demo plus BENCH_OPS_ARTICLES generated articles (10,000 by
 *    default) on each engine: seconds and archive size.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { providePostgres } from '../scripts/postgres.ts';
import { startVarnish } from '../test/support/varnish.ts';
import { createBackup, restoreBackup } from '../src/platform/backup/index.ts';
import { rows, type Database } from '../src/platform/db/database.ts';
import { readMigrations } from '../src/platform/db/migrate.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import { DiskStorage } from '../src/platform/storage/index.ts';
import { avifDone, createBenchDatabase, run, startServer, stopServer } from './lib.ts';
import { load, nginx, type Load } from './load.ts';

const ARTICLES = Number(process.env.BENCH_OPS_ARTICLES ?? 10_000);

async function articlePath(base: string): Promise<{ path: string; id: string }> {
  const items = ((await (await fetch(`${base}/api/content/articles?limit=1`)).json()) as { items: { id: string; url: string }[] }).items;
  return { path: new URL(items[0]!.url).pathname, id: items[0]!.id };
}

/** Two loads at once, one per machine: their throughputs add up, the worse p99 counts. */
async function both(a: string, b: string): Promise<Load> {
  const [x, y] = await Promise.all([load(a), load(b)]);
  return { rps: x.rps + y.rps, p99ms: Math.max(x.p99ms, y.p99ms), errors: x.errors + y.errors };
}

async function machines(env: Record<string, string>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const first = await startServer(env);
  const article = await articlePath(first.base);
  const html = Buffer.from(await (await fetch(first.base + article.path)).arrayBuffer());
  for (const workers of [1, 2]) {
    const server = await nginx(html, workers);
    out[`nginx${workers}`] = server ? await load(server.url) : 'nginx not installed';
    server?.stop();
  }
  out.oneMachineCached = await load(first.base + article.path);
  const second = await startServer(env);
  out.twoMachinesCached = await both(first.base + article.path, second.base + article.path);
  await stopServer(first.server);
  await stopServer(second.server);
  const uncached = { ...env, PAGE_CACHE_MB: '0' };
  const a = await startServer(uncached);
  out.oneMachineUncached = await load(a.base + article.path);
  const b = await startServer(uncached);
  out.twoMachinesUncached = await both(a.base + article.path, b.base + article.path);
  await stopServer(a.server);
  await stopServer(b.server);
  return out;
}

async function throughVarnish(env: Record<string, string>, token: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  const probe = await startServer(env);
  const port = Number(new URL(probe.base).port);
  await stopServer(probe.server);
  const varnish = await startVarnish(port);
  const site = await startServer({ ...env, PORT: String(port), CDN_PURGE_URL: varnish.purgeUrl, TRUST_PROXY: '127.0.0.1' });
  try {
    const article = await articlePath(site.base);
    const url = `http://127.0.0.1:${varnish.port}${article.path}`;
    const first = await fetch(url);
    if (!first.ok) throw new Error(`through Varnish ${article.path} answered ${first.status}: ${(await first.text()).slice(0, 300)}`);
    const ratio = async (work: () => Promise<Load>) => {
      const before = varnish.counters();
      const result = await work();
      const after = varnish.counters();
      const hits = after.hits - before.hits;
      const misses = after.misses - before.misses;
      return { ...result, hitRatio: Number((hits / Math.max(1, hits + misses)).toFixed(4)), misses };
    };
    out.quiet = await ratio(() => load(url));
    let corrections = 0;
    let failed = 0;
    let stop = false;
    const editor = (async () => {
      while (!stop) {
        const answer = await fetch(`${site.base}/api/admin/articles/${article.id}/corrections`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ kind: 'correction', note: `Corrected at ${new Date().toISOString()}.` }),
        });
        if (answer.ok) corrections++;
        else if (++failed === 1) console.error(`a correction was refused: ${answer.status} ${(await answer.text()).slice(0, 300)}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    out.duringCorrections = { ...(await ratio(() => load(url))), corrections, correctionsRefused: failed };
    stop = true;
    await editor;
  } finally {
    await stopServer(site.server);
    await varnish.stop();
  }
  return out;
}

/** Adds `count` articles, copies of the demo's first published one with their own ids and slugs, in one statement. */
async function generateArticles(database: Database, count: number): Promise<void> {
  const columns = (
    await rows<{ column_name: string }>(
      database.db,
      sql`select column_name from information_schema.columns where table_schema = current_schema() and table_name = 'articles' and is_generated = 'NEVER' order by ordinal_position`,
    )
  ).map((r) => r.column_name);
  const value = (column: string) =>
    column === 'id' ? 'gen_random_uuid()' : column === 'slug' ? `a.slug || '-' || g` : column === 'headline' ? `a.headline || ' ' || g` : `a."${column}"`;
  await database.db.execute(
    sql.raw(
      `insert into articles (${columns.map((c) => `"${c}"`).join(', ')})
       select ${columns.map(value).join(', ')} from (select * from articles where status = 'published' order by slug limit 1) a, generate_series(1, ${count}) g`,
    ),
  );
}

async function backups(engine: 'pglite' | 'postgres', databaseUrl: string | undefined): Promise<Record<string, unknown>> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `masthead-bench-backup-${engine}-`));
  const env = { DATA_DIR: path.join(dir, 'site'), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  await run(['seed', '--demo'], env);
  const database = await openDatabase({ dataDir: env.DATA_DIR, databaseUrl });
  const media = new DiskStorage(path.join(env.DATA_DIR, 'media'));
  try {
    await generateArticles(database, ARTICLES);
    const [{ n }] = (await rows<{ n: number }>(database.db, sql`select count(*)::int as n from articles`)) as [{ n: number }];
    let started = performance.now();
    const made = await createBackup({ database, databaseUrl, media, dir: path.join(dir, 'backups'), now: new Date() });
    const backupSeconds = (performance.now() - started) / 1000;
    await database.close();
    let target: { databaseUrl: string | undefined; dataDir: string };
    if (databaseUrl) {
      const postgres = new URL(databaseUrl);
      postgres.pathname = '/postgres';
      target = { databaseUrl: await createBenchDatabase(postgres.href, `masthead_ops_restore`), dataDir: path.join(dir, 'restored') };
    } else target = { databaseUrl: undefined, dataDir: path.join(dir, 'restored') };
    const restoredMedia = new DiskStorage(path.join(target.dataDir, 'media'));
    started = performance.now();
    await restoreBackup(made.file, { ...target, media: restoredMedia }, readMigrations());
    const restoreSeconds = (performance.now() - started) / 1000;
    return { articles: n, mediaFiles: made.mediaFiles, archiveMiB: Number((made.bytes / 1_048_576).toFixed(1)), backupSeconds, restoreSeconds };
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const results: Record<string, unknown> = {};
  const postgres = await providePostgres();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-ops-'));
  try {
    const env = { DATA_DIR: dataDir, DATABASE_URL: await createBenchDatabase(postgres.url, 'masthead_ops_bench') };
    await run(['seed', '--demo'], env);
    const token = (await run(['token', 'create', '--name', 'bench'], env)).trim().split('\n').pop()!;
    const settle = await startServer(env);
    await avifDone(settle.base, token);
    await stopServer(settle.server);
    if (!process.env.BENCH_OPS_ONLY || process.env.BENCH_OPS_ONLY === 'machines') results.machines = await machines(env);
    if (!process.env.BENCH_OPS_ONLY || process.env.BENCH_OPS_ONLY === 'varnish') results.varnish = await throughVarnish(env, token);
    if (!process.env.BENCH_OPS_ONLY || process.env.BENCH_OPS_ONLY === 'backup') {
      results.backupPglite = await backups('pglite', undefined);
      results.backupPostgres = await backups('postgres', await createBenchDatabase(postgres.url, 'masthead_ops_backup'));
    }
  } finally {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(results, null, 2));
}

await main();
