/**
 * Content API reads and article publishes per second, and the server's memory, on PGlite and
 * on PostgreSQL. Not a test: figures for humans, from one run on this machine.
 *
 *   npm run bench:api            both engines
 *   npm run bench:api -- pglite  one engine
 *
 * The server runs as it does in production (`masthead start`, demo content loaded, logs at
 * warn) in its own process; the load comes from autocannon in this one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { providePostgres } from '../scripts/postgres.ts';
import { avifDone, createBenchDatabase, peakRss, rssMiB, run, startServer } from './lib.ts';

async function publishes(base: string, token: string, count: number, concurrency: number) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const body = (i: number) =>
    JSON.stringify({
      headline: `Benchmark article number ${i}`,
      standfirst: 'A standfirst long enough to be realistic for a news article card.',
      bodyMarkdown: Array.from(
        { length: 12 },
        (_, p) => `Paragraph ${p} of article ${i}, with **some** words to index and a [link](https://example.org/${p}).`,
      ).join('\n\n'),
      authors: ['maya-okonkwo'],
      section: 'asia-pacific',
      topics: ['diplomacy'],
    });
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(`${base}/api/admin/articles`, { method: 'POST', headers, body: body(i) });
    ids.push(((await response.json()) as { id: string }).id);
  }
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        const response = await fetch(`${base}/api/admin/articles/${id}/publish`, { method: 'POST', headers: { authorization: headers.authorization } });
        if (response.status !== 200) failures++;
        await response.arrayBuffer();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.round(ids.length / seconds), failures };
}

async function bench(engine: 'pglite' | 'postgres') {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `masthead-bench-${engine}-`));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  let stopPostgres = async () => {};
  if (engine === 'postgres') {
    const postgres = await providePostgres();
    env.DATABASE_URL = await createBenchDatabase(postgres.url, 'masthead_bench');
    stopPostgres = postgres.stop;
  }
  await run(['seed', '--demo'], env);
  const token = (await run(['token', 'create', '--name', 'bench'], env)).trim().split('\n').pop()!;
  // First start: the job queue encodes the demo's AVIF variants. Then the site as it runs
  // every day after: a fresh start on the same data.
  const first = await startServer(env);
  const encoding = await peakRss(first.server.pid!, () => avifDone(first.base, token));
  first.server.kill('SIGTERM');
  await new Promise((r) => first.server.once('exit', r));
  const { server, base } = await startServer(env);
  try {
    const slug = ((await (await fetch(`${base}/api/content/articles?limit=1`)).json()) as { items: { slug: string }[] }).items[0]!.slug;
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = rssMiB(server.pid!);
    const reads = await peakRss(server.pid!, () => autocannon({ url: `${base}/api/content/articles/${slug}`, connections: 32, duration: 10 }));
    const list = await autocannon({ url: `${base}/api/content/articles?limit=20`, connections: 32, duration: 5 });
    const writes = await peakRss(server.pid!, () => publishes(base, token, 400, 8));
    return {
      engine,
      idleRssMiB: idle,
      articleReadsPerSecond: Math.round(reads.result.requests.average),
      articleReadP99ms: reads.result.latency.p99,
      readErrors: reads.result.errors + reads.result.non2xx,
      listReadsPerSecond: Math.round(list.requests.average),
      publishesPerSecond: writes.result.perSecond,
      publishFailures: writes.result.failures,
      peakRssUnderReadsMiB: reads.peak,
      peakRssUnderPublishesMiB: writes.peak,
      peakRssEncodingDemoAvifMiB: encoding.peak,
    };
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    await stopPostgres();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const engines = process.argv.slice(2).filter((a) => a === 'pglite' || a === 'postgres') as ('pglite' | 'postgres')[];
const results = [];
for (const engine of engines.length ? engines : (['pglite', 'postgres'] as const)) results.push(await bench(engine));
console.table(results);
console.log(JSON.stringify(results, null, 2));
