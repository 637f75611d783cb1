/**
 * Lighthouse (mobile, simulated throttling) against the demo article on a settled server.
 *
 *   npm run bench:lighthouse
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { avifDone, run, startServer, stopServer } from './lib.ts';

const chromePath =
  ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? (await import('@sparticuz/chromium')).default.executablePath();

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-lighthouse-'));
const env = { DATA_DIR: dataDir };
await run(['seed', '--demo'], env);
const token = (await run(['token', 'create', '--name', 'lighthouse'], env)).trim().split('\n').pop()!;
const { server, base } = await startServer(env);
const chrome = await chromeLauncher.launch({
  chromePath: await chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
});
try {
  await avifDone(base, token);
  const items = ((await (await fetch(`${base}/api/content/articles?limit=100`)).json()) as { items: { url: string; corrections: unknown[] }[] }).items;
  const url = items.find((a) => a.corrections.length)!.url;
  const scores: Record<string, Record<string, number>> = {};
  // Mobile with simulated throttling: the harder of Lighthouse's two presets, and the one our goal names.
  for (const formFactor of ['mobile'] as const) {
    const result = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      formFactor,
    });
    const lhr = result!.lhr;
    scores[formFactor] = Object.fromEntries(Object.entries(lhr.categories).map(([id, c]) => [id, Math.round((c.score ?? 0) * 100)]));
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode === 'binary')
      .map((a) => a.id);
    if (failing.length) scores[`${formFactor}-failing-audits`] = Object.fromEntries(failing.map((id) => [id, 0]));
    fs.mkdirSync('.test-artifacts', { recursive: true });
    fs.writeFileSync(`.test-artifacts/lighthouse-${formFactor}.json`, JSON.stringify(lhr));
  }
  console.log(JSON.stringify({ url, scores }, null, 2));
} finally {
  chrome.kill();
  await stopServer(server);
  fs.rmSync(dataDir, { recursive: true, force: true });
}
