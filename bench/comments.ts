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
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { startSession } from '../src/accounts/sessions/service.ts';
import { insertUser } from '../src/accounts/users/repository.ts';
import { comments as commentsTable } from '../src/comments/tables.ts';
import { openDatabase } from '../src/platform/db/open.ts';
import type { Database } from '../src/platform/db/database.ts';
import { providePostgres } from '../scripts/postgres.ts';
import { buildApp } from '../src/app.ts';
import { createToken } from '../src/newsroom/tokens/service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { createBenchDatabase, rssMiB, run, startServer, stopServer } from './lib.ts';

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const pct = (values: number[], p: number) => sorted(values)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const round = (n: number) => Math.round(n * 10) / 10;
const summary = (values: number[]) => ({ median: round(pct(values, 0.5)), p95: round(pct(values, 0.95)), p99: round(pct(values, 0.99)), n: values.length });

const POSTERS = 100;
/** Each thread: a top-level comment, a chain of replies to depth 6, and one more reply at depth 1 (8 comments). */
const THREADS = 250;
const SSE_CONNECTIONS = 5_000;
const LIVE_POSTS = 10;

interface Seeded {
  big: { id: string; url: string };
  plain: { id: string; url: string };
  posters: { cookie: string; csrf?: string }[];
}

/** 100 readers with sessions and a 2,000-comment discussion written by them, straight into the database. */
async function seed(database: Database): Promise<Omit<Seeded, 'big' | 'plain'> & { big: { id: string; path: string }; plain: { id: string; path: string } }> {
  const db = database.db;
  const articles = (await db.execute(
    sql`select a.id, '/' || s.slug || '/' || a.slug as path from articles a join sections s on s.id = a.section_id
        where a.status = 'published' and a.comments_enabled and not exists (select 1 from comments c where c.article_id = a.id)
        order by a.first_published_at desc limit 2`,
  )) as unknown as { rows: { id: string; path: string }[] };
  const [big, plain] = [articles.rows[0]!, articles.rows[1]!];
  const bigId = big.id;
  const long = new Date(Date.now() - 90 * 86_400_000);
  const posters: { id: string; cookie: string }[] = [];
  // The first 100 post together; the last few post the live comments (each reader may post 5 a minute).
  for (let i = 0; i < POSTERS + LIVE_POSTS; i++) {
    const email = `poster${i}@bench.example`;
    const user = await insertUser(db, {
      id: crypto.randomUUID(),
      email,
      emailKey: email,
      displayName: `Poster ${i}`,
      role: 'reader',
      emailVerifiedAt: long,
      createdAt: long,
    });
    const session = await startSession(db, user, 'bench', { userAgent: 'bench', ip: '127.0.0.1' }, new Date(), true, true);
    posters.push({ id: user.id, cookie: `masthead_session=${session.token}` });
  }
  const rows: (typeof commentsTable.$inferInsert)[] = [];
  const start = Date.now() - 3 * 86_400_000;
  let k = 0;
  const at = () => new Date(start + k++ * 60_000);
  for (let t = 0; t < THREADS; t++) {
    const root = crypto.randomUUID();
    const author = () => posters[(t * 7 + rows.length) % posters.length]!.id;
    rows.push({
      id: root,
      articleId: bigId,
      authorId: author(),
      parentId: null,
      rootId: root,
      depth: 0,
      body: `Thread ${t}: the council's plan for the harbour needs a second look.\n\nHere is why, in a few lines.`,
      status: 'published',
      createdAt: at(),
      replyCount: 2,
      recommendCount: t % 13,
    });
    let parent = root;
    for (let depth = 1; depth <= 6; depth++) {
      const id = crypto.randomUUID();
      rows.push({
        id,
        articleId: bigId,
        authorId: author(),
        parentId: parent,
        rootId: root,
        depth,
        body: `> quoting the comment above\nA reply at depth ${depth} in thread ${t}.`,
        status: 'published',
        createdAt: at(),
        replyCount: depth < 6 ? 1 : 0,
      });
      parent = id;
    }
    rows.push({
      id: crypto.randomUUID(),
      articleId: bigId,
      authorId: author(),
      parentId: root,
      rootId: root,
      depth: 1,
      body: `Another view on thread ${t}, see https://example.org/report.`,
      status: 'published',
      createdAt: at(),
    });
  }
  for (let i = 0; i < rows.length; i += 250) await db.insert(commentsTable).values(rows.slice(i, i + 250));
  await db.execute(
    sql`insert into discussions (article_id, comment_count) values (${bigId}, ${rows.length}) on conflict (article_id) do update set comment_count = excluded.comment_count`,
  );
  return { big, plain, posters };
}

/** Sequential GETs over one kept-alive connection; milliseconds each. */
async function timeGets(url: string, count: number, headers: Record<string, string> = {}): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

async function render(base: string, seeded: Seeded) {
  await timeGets(seeded.big.url, 20);
  await timeGets(seeded.plain.url, 20);
  const big = summary(await timeGets(seeded.big.url, 200));
  const plain = summary(await timeGets(seeded.plain.url, 200));
  const pageBytes = (await (await fetch(seeded.big.url)).arrayBuffer()).byteLength;

  // Walk the pages to their cursors, then time pages 1, 2, 6 and the last.
  const cursors: (string | null)[] = [null];
  for (;;) {
    const page = (await (
      await fetch(`${base}/api/articles/${seeded.big.id}/comments${cursors.at(-1) ? `?cursor=${encodeURIComponent(cursors.at(-1)!)}` : ''}`)
    ).json()) as { nextCursor: string | null };
    if (!page.nextCursor) break;
    cursors.push(page.nextCursor);
  }
  const pageUrl = (i: number) => `${base}/api/articles/${seeded.big.id}/comments${cursors[i] ? `?cursor=${encodeURIComponent(cursors[i]!)}` : ''}`;
  const loadMore: Record<string, ReturnType<typeof summary>> = {};
  for (const i of [0, 1, 5, cursors.length - 1]) {
    await timeGets(pageUrl(i), 10);
    loadMore[`page ${i + 1}`] = summary(await timeGets(pageUrl(i), 100));
  }
  return { articleWith2000Comments: big, baselineArticleWithout: plain, pageKB: Math.round(pageBytes / 1024), loadMore, pages: cursors.length };
}

/**
 * What one uncached home page costs in queries, counted at the PostgreSQL driver in an app in
 * this process, with 40 more articles published so the page carries as many cards as it can
 * and every article has comments: the comment counts of all cards must be one query.
 */
async function homeQueries(databaseUrl: string, dataDir: string) {
  const database = await openDatabase({ databaseUrl, poolSize: 2 });
  const app = await buildApp({ config: loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), database, logger: false });
  await app.ready();
  const { token } = await createToken(database.db, 'bench-home');
  const admin = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    app
      .inject({
        method,
        url: `/api/admin${url}`,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { payload: JSON.stringify(body) } : {}),
      })
      .then((r) => r.json());
  const [{ items: authors }, { items: sections }] = await Promise.all([admin('GET', '/authors'), admin('GET', '/sections')]);
  for (let i = 0; i < 40; i++) {
    await admin('POST', '/articles', {
      headline: `Harbour notes ${i}: a short dispatch`,
      standfirst: 'A bench article.',
      bodyMarkdown: 'One paragraph.',
      authors: [authors[i % authors.length].slug],
      section: sections[i % sections.length].slug,
      status: 'published',
    });
  }
  await database.db.execute(
    sql`insert into discussions (article_id, comment_count) select id, 3 from articles where status = 'published' on conflict (article_id) do nothing`,
  );
  app.ctx.events.everythingChanged();

  const texts: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string };
    texts.push(typeof first === 'string' ? first : first.text);
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  const html = (await app.inject({ method: 'GET', url: '/uk' })).body;
  pg.Client.prototype.query = query;
  await app.close();
  await database.close();
  return {
    cards: (html.match(/<article class="(card|lead)"/g) ?? []).length,
    commentCountsShown: (html.match(/#comments">\d+ comments?/g) ?? []).length,
    queriesForThePage: texts.length,
    queriesForCommentCounts: texts.filter((t) => /from discussions/.test(t)).length,
  };
}

/**
 * Posting as 100 readers do on a busy story: first all 100 press "Post" at the same instant
 * (a burst: its p99 is the time the last one waits), then each posts 4 more after a pause of
 * 1 to 3 s (about 50 comments a second from the 100, sustained). Baseline: /healthz, one
 * database ping, in the same two patterns.
 */
async function posting(base: string, seeded: Seeded) {
  const crowd = seeded.posters.slice(0, POSTERS);
  const tokens = await Promise.all(crowd.map((p) => csrfFor(base, p.cookie)));
  const statuses = new Map<number, number>();
  const post = async (i: number, r: number) => {
    const response = await fetch(`${base}/api/articles/${seeded.big.id}/comments`, {
      method: 'POST',
      headers: {
        cookie: tokens[i]!.cookie,
        'x-csrf-token': tokens[i]!.csrf,
        'content-type': 'application/json',
        'x-forwarded-for': `198.18.${i >> 8}.${i & 255}`,
      },
      body: JSON.stringify({
        text: `Poster ${i} writes comment ${r}: the ferry timetable should cover Sundays too.`,
        idempotencyKey: `bench-${i}-${r}-${crypto.randomUUID().slice(0, 8)}`,
      }),
    });
    await response.arrayBuffer();
    statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  };
  const healthz = async () => void (await (await fetch(`${base}/healthz`)).arrayBuffer());
  const timed = async (work: () => Promise<void>, into: number[]) => {
    const started = performance.now();
    await work();
    into.push(performance.now() - started);
  };
  const pause = () => new Promise((r) => setTimeout(r, 1_000 + Math.random() * 2_000));
  const burst = async (work: (i: number) => Promise<void>) => {
    const times: number[] = [];
    await Promise.all(crowd.map((_, i) => timed(() => work(i), times)));
    return times;
  };
  const sustained = async (work: (i: number, r: number) => Promise<void>) => {
    const times: number[] = [];
    const started = performance.now();
    await Promise.all(
      crowd.map(async (_, i) => {
        for (let r = 1; r <= 4; r++) {
          await pause();
          await timed(() => work(i, r), times);
        }
      }),
    );
    return { ...summary(times), perSecond: round(times.length / ((performance.now() - started) / 1000)) };
  };
  const baselineBurst = summary(await burst(() => healthz()));
  const baselineSustained = await sustained(() => healthz());
  const postBurst = summary(await burst((i) => post(i, 0)));
  const postSustained = await sustained(post);
  return {
    burstOf100: { posting: postBurst, baselineHealthz: baselineBurst },
    sustained100Posters: { posting: postSustained, baselineHealthz: baselineSustained },
    statuses: Object.fromEntries(statuses),
  };
}

async function csrfFor(base: string, cookie: string) {
  const me = await fetch(`${base}/api/me`, { headers: { cookie } });
  const extra = me.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = (await me.json()) as { csrfToken: string };
  return { csrf: csrfToken, cookie: `${cookie}; ${extra}` };
}

/** 5,000 SSE readers; each live comment's delay to every one of them. */
async function live(base: string, seeded: Seeded, serverPid: number) {
  const { port } = new URL(base);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const received: Map<string, number>[] = [];
  const requests: http.ClientRequest[] = [];
  const open = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const seen = new Map<string, number>();
      received[i] = seen;
      const request = http.get({ host: '127.0.0.1', port, path: `/api/articles/${seeded.big.id}/comments/live`, agent }, (response) => {
        if (response.statusCode !== 200) return reject(new Error(`stream ${i}: ${response.statusCode}`));
        response.setEncoding('utf8');
        response.once('data', () => resolve());
        response.on('data', (chunk: string) => {
          const at = performance.now();
          for (const match of chunk.matchAll(/live-bench-(\d+)/g)) if (!seen.has(match[1]!)) seen.set(match[1]!, at);
        });
      });
      request.on('error', reject);
      requests.push(request);
    });
  const started = performance.now();
  for (let i = 0; i < SSE_CONNECTIONS; i += 250) await Promise.all(Array.from({ length: Math.min(250, SSE_CONNECTIONS - i) }, (_, j) => open(i + j)));
  const openSeconds = round((performance.now() - started) / 1000);
  const rss = rssMiB(serverPid);

  const delays: number[] = [];
  const sentAt: number[] = [];
  for (let k = 0; k < LIVE_POSTS; k++) {
    const poster = seeded.posters[POSTERS + k]!;
    const { csrf, cookie } = await csrfFor(base, poster.cookie);
    sentAt[k] = performance.now();
    const response = await fetch(`${base}/api/articles/${seeded.big.id}/comments`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json', 'x-forwarded-for': `198.19.0.${k}` },
      body: JSON.stringify({ text: `A live comment, live-bench-${k}, for everyone on the page.` }),
    });
    if (response.status !== 201) throw new Error(`live post ${k}: ${response.status} ${await response.text()}`);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  await new Promise((r) => setTimeout(r, 2_000));
  let missing = 0;
  for (const seen of received) {
    for (let k = 0; k < LIVE_POSTS; k++) {
      const at = seen.get(String(k));
      if (at === undefined) missing++;
      else delays.push(at - sentAt[k]!);
    }
  }
  for (const request of requests) request.destroy();
  agent.destroy();
  return {
    connections: SSE_CONNECTIONS,
    openSeconds,
    serverRssMiB: rss,
    delivered: delays.length,
    missing,
    delayMs: { ...summary(delays), max: round(Math.max(...delays)) },
  };
}

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
