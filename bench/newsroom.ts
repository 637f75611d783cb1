/**
 * The newsroom's speed, measured against the real server in its own process, on the embedded
 * database (PGlite, file-backed as in production) and then on PostgreSQL. Not a test.
 *
 *   npm run bench:newsroom
 *
 * - Opening a 3,000-word article in the editor: Chromium (Playwright), from navigation start
 *   until the editor is interactive (ProseMirror mounted with the whole body, one frame painted
 *   and the main thread free again: the island's `editor-interactive` mark), first and later
 *   opens; each is then checked by typing into it. Goal: under 1 s.
 * - Autosave round trip: the editor's PATCH of that article (every block sent, as the editor
 *   does), from request to answer, sequential over keep-alive. Goal: median under 50 ms.
 * - Publishing: from the publish request until the article page, the home page, the RSS feed
 *   and the news sitemap all show the article (each polled). Goal: under 1 s.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSession } from '../src/accounts/sessions/service.ts';
import { insertUser } from '../src/accounts/users/repository.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { providePostgres } from '../scripts/postgres.ts';
import { createBenchDatabase, run, startServer, stopServer } from './lib.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (n: number) => Math.round(n * 10) / 10;

const WORDS = 'the council said on monday that the harbour ferry would return to service after storm repairs and a new timetable for winter crossings'.split(
  ' ',
);
/** 150 paragraphs of 20 words: 3,000 words. */
const longBody = () =>
  Array.from({ length: 150 }, (_, i) => ({
    type: 'paragraph',
    content: [{ text: Array.from({ length: 20 }, (_, j) => WORDS[(i * 7 + j) % WORDS.length]).join(' ') + '.' }],
  }));

/** Seeds a site on `env`'s database, signs an editor in, and measures it through a real server. */
async function site(env: Record<string, string>, open: () => ReturnType<typeof openDatabase>) {
  await run(['seed', '--demo'], env);
  const token = (await run(['token', 'create', '--name', 'bench'], env)).trim().split('\n').pop()!;
  const database = await open();
  const user = await insertUser(database.db, {
    id: crypto.randomUUID(),
    email: 'desk@example.org',
    emailKey: 'desk@example.org',
    displayName: 'Bench Desk',
    role: 'editor',
  });
  const session = await startSession(database.db, user, 'bench', { userAgent: 'bench', ip: '127.0.0.1' }, new Date(), true, true);
  await database.close();
  const { server, base } = await startServer(env);
  try {
    return await measure(base, token, session.token);
  } finally {
    await stopServer(server);
  }
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-bench-newsroom-'));
  const postgres = await providePostgres();
  try {
    const pglite = await site({ DATA_DIR: dataDir, NODE_ENV: 'production' }, () => openDatabase({ dataDir }));
    const databaseUrl = await createBenchDatabase(postgres.url, 'masthead_newsroom_bench');
    const onPostgres = await site({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, NODE_ENV: 'production' }, () => openDatabase({ databaseUrl, poolSize: 2 }));
    return { pglite, postgres: onPostgres };
  } finally {
    await postgres.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measure(base: string, token: string, sessionToken: string) {
  const admin = (method: string, url: string, body?: unknown) =>
    fetch(`${base}/api/admin${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    }).then((r) => r.json() as Promise<any>);
  const { items: authors } = await admin('GET', '/authors');
  const { items: sections } = await admin('GET', '/sections');
  const base_ = { authors: [authors[0].slug], section: sections[0].slug, standfirst: 'A benchmark article.' };

  // The newsroom session and its CSRF pair, as the editor page has them.
  let cookie = `masthead_session=${sessionToken}`;
  const me = await fetch(`${base}/api/me?csrf=1`, { headers: { cookie } });
  cookie +=
    '; ' +
    me.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  const editorApi = (method: string, url: string, body?: unknown) =>
    fetch(`${base}/newsroom/api${url}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      body: JSON.stringify(body ?? {}),
    });

  // 1. Opening 3,000 words in the editor.
  const long = await admin('POST', '/articles', { ...base_, headline: 'A very long article for the editor', body: longBody() });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addCookies(cookie.split('; ').map((pair) => ({ name: pair.split('=')[0]!, value: pair.slice(pair.indexOf('=') + 1), url: base })));
  const opens: number[] = [];
  const htmls: number[] = [];
  for (let i = 0; i < 6; i++) {
    const page = await context.newPage();
    await page.goto(`${base}/newsroom/articles/${long.id}`);
    await page.waitForSelector('body[data-editor-ready="true"]');
    const timing = await page.evaluate(async () => {
      while (!performance.getEntriesByName('editor-interactive').length) await new Promise((r) => setTimeout(r, 5));
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return { htmlMs: nav.responseEnd, interactiveMs: performance.getEntriesByName('editor-interactive')[0]!.startTime };
    });
    // And it does take keystrokes: one lands in the body.
    await page.click('.ed-body p');
    await page.keyboard.type('x');
    const words = await page.evaluate(() => (document.querySelector('.ed-body') as HTMLElement).innerText.split(/\s+/).filter(Boolean).length);
    if (words < 3_000) throw new Error(`the editor shows ${words} words`);
    const ms = timing.interactiveMs;
    htmls.push(timing.htmlMs);
    opens.push(ms);
    await page.close();
  }
  await browser.close();

  // 2. Autosave round trip of the long article.
  let version = (await admin('GET', `/articles/${long.id}`)).version as number;
  const body = longBody();
  const saves: number[] = [];
  for (let i = 0; i < 60; i++) {
    body[i % body.length]!.content[0]!.text += ' x';
    const started = performance.now();
    const response = await editorApi('PATCH', `/articles/${long.id}`, { version, headline: 'A very long article for the editor', body });
    const saved = (await response.json()) as { version: number };
    if (!response.ok) throw new Error(`autosave failed: ${response.status} ${JSON.stringify(saved)}`);
    if (i >= 10) saves.push(performance.now() - started);
    version = saved.version;
  }

  // 3. Publish -> page, home, feed and news sitemap updated.
  const publishes: number[] = [];
  const watched = ['/uk', '/rss.xml', '/sitemaps/news.xml'];
  for (let i = 0; i < 8; i++) {
    const headline = `Breaking item number ${i} from the bench desk`;
    const draft = await admin('POST', '/articles', { ...base_, headline, body: longBody().slice(0, 10) });
    const url = new URL(draft.url).pathname;
    // Every page is cached first, as on a live site.
    for (const p of [...watched, url]) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
    const started = performance.now();
    const response = await editorApi('POST', `/articles/${draft.id}/publish`, { version: draft.version });
    if (!response.ok) throw new Error(`publish failed: ${response.status}`);
    await Promise.all(
      [url, ...watched].map(async (p) => {
        for (;;) {
          const text = await (await fetch(`${base}${p}`)).text();
          if (text.includes(headline)) return;
          if (performance.now() - started > 10_000) throw new Error(`${p} did not show the article within 10 s`);
        }
      }),
    );
    publishes.push(performance.now() - started);
  }

  return {
    editorOpen3000Words: {
      firstMs: round(opens[0]!),
      medianMs: round(median(opens)),
      allMs: opens.map(round),
      htmlReceivedMedianMs: round(median(htmls)),
      goalMs: 1000,
    },
    autosave3000Words: { medianMs: round(median(saves)), p95Ms: round(percentile(saves, 0.95)), samples: saves.length, goalMedianMs: 50 },
    publishToEverywhere: {
      medianMs: round(median(publishes)),
      maxMs: round(Math.max(...publishes)),
      allMs: publishes.map(round),
      pages: ['article', ...watched],
      goalMs: 1000,
    },
  };
}

console.log(JSON.stringify(await main(), null, 2));
