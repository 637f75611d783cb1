/**
 * The article page under load, against nginx serving the same bytes as a static file, in the
 * same run on the same machine; the cost of a cache miss; page weight. Not a test.
 *
 *   npm run bench:page
 *
 * Needs wrk and nginx (Debian packages `wrk` and `nginx`); without wrk it uses autocannon, and
 * without nginx it reports Masthead alone and says so.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { freePort, providePostgres } from '../scripts/postgres.ts';
import { avifDone, createBenchDatabase, run, startServer, stopServer } from './lib.ts';
import { answering, load, nginx, type Load } from './load.ts';
import { renderFixture } from './render-fixture.tsx';

/** bench/bare-node.ts serving the same bytes: what Node's own HTTP layer allows. */
async function bareNode(html: Buffer, processes: number): Promise<{ url: string; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bare-'));
  const file = path.join(dir, 'article.html');
  fs.writeFileSync(file, html);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'bare-node.ts'), file, String(port), String(processes)], {
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}/article`;
  await answering(url);
  return { url, stop: () => child.kill('SIGTERM') };
}

/** nginx and bare Node serving `html` in `processes` processes, each loaded in turn. */
async function baselines(html: Buffer, processes: number): Promise<{ nginx: Load | string; bareNode: Load }> {
  const server = await nginx(html, processes);
  const nginxLoad = server ? await load(server.url) : 'nginx not installed';
  server?.stop();
  const bare = await bareNode(html, processes);
  const bareLoad = await load(bare.url);
  bare.stop();
  return { nginx: nginxLoad, bareNode: bareLoad };
}

async function articleUrl(base: string): Promise<string> {
  const items = ((await (await fetch(`${base}/api/content/articles?limit=100`)).json()) as { items: { url: string; corrections: unknown[] }[] }).items;
  return new URL(items.find((a) => a.corrections.length)!.url).pathname;
}

async function main() {
  const results: Record<string, unknown> = {};
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-page-'));
  const env = { DATA_DIR: dataDir };
  await run(['seed', '--demo'], env);
  const token = (await run(['token', 'create', '--name', 'bench'], env)).trim().split('\n').pop()!;
  // First start encodes the demo's AVIF variants; measure on a settled site.
  const first = await startServer(env);
  await avifDone(first.base, token);
  await stopServer(first.server);

  // One process on the embedded database, page cache on.
  let { server, base } = await startServer(env);
  const pathName = await articleUrl(base);
  const html = Buffer.from(await (await fetch(base + pathName)).arrayBuffer());
  const scripts = [...html.toString().matchAll(/src="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  let jsGzip = 0;
  const pending = [...scripts];
  const seen = new Set<string>();
  while (pending.length) {
    const asset = pending.pop()!;
    if (seen.has(asset)) continue;
    seen.add(asset);
    const code = Buffer.from(await (await fetch(base + asset)).arrayBuffer());
    jsGzip += zlib.gzipSync(code, { level: 9 }).length;
    for (const m of code.toString().matchAll(/["'](\.\/[^"']+\.js)["']/g)) pending.push(`/assets/${m[1]!.slice(2)}`);
  }
  results.pageWeight = { htmlBytes: html.length, javascriptGzipBytes: jsGzip, scripts: [...seen] };

  ({ nginx: results.nginx1, bareNode: results.bareNode1 } = await baselines(html, 1));
  results.mastheadCachedPglite = await load(base + pathName);
  await stopServer(server);

  ({ server, base } = await startServer({ ...env, PAGE_CACHE_MB: '0' }));
  results.mastheadUncachedPglite = await load(base + pathName);
  await stopServer(server);

  // PostgreSQL: two workers with the cache, one process without it.
  const postgres = await providePostgres();
  try {
    const pgEnv = { DATA_DIR: dataDir, DATABASE_URL: await createBenchDatabase(postgres.url, 'masthead_page_bench') };
    await run(['seed', '--demo'], pgEnv);
    const pgToken = (await run(['token', 'create', '--name', 'bench'], pgEnv)).trim().split('\n').pop()!;
    const settle = await startServer(pgEnv);
    await avifDone(settle.base, pgToken);
    await stopServer(settle.server);
    ({ server, base } = await startServer({ ...pgEnv, WORKERS: '2' }));
    const pgPath = await articleUrl(base);
    await new Promise((r) => setTimeout(r, 2000));
    const pgHtml = Buffer.from(await (await fetch(base + pgPath)).arrayBuffer());
    ({ nginx: results.nginx2, bareNode: results.bareNodeWorkers2 } = await baselines(pgHtml, 2));
    results.mastheadCachedPostgresWorkers2 = await load(base + pgPath);
    await stopServer(server);
    ({ server, base } = await startServer({ ...pgEnv, PAGE_CACHE_MB: '0' }));
    results.mastheadUncachedPostgres = await load(base + pgPath);
    await stopServer(server);
  } finally {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  results.render = renderFixture();
  const rps = (key: string) => (results[key] as Load | undefined)?.rps;
  const share = (a: string, b: string) => (rps(a) && rps(b) ? `${Math.round((100 * rps(a)!) / rps(b)!)}%` : 'n/a');
  results.shareOfNginx = {
    mastheadOneProcess: share('mastheadCachedPglite', 'nginx1'),
    bareNodeOneProcess: share('bareNode1', 'nginx1'),
    mastheadWorkers2: share('mastheadCachedPostgresWorkers2', 'nginx2'),
    bareNodeWorkers2: share('bareNodeWorkers2', 'nginx2'),
  };
  console.log(JSON.stringify(results, null, 2));
}

await main();
