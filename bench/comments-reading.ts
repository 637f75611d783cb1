import pg from 'pg';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/platform/db/open.ts';
import { buildApp } from '../src/app.ts';
import { createToken } from '../src/newsroom/tokens/service.ts';
import { loadConfig } from '../src/platform/config.ts';
import { summary, timeGets, type Seeded } from './comments-shared.ts';

/** Rendering the article with its discussion (and one without), and "load more" pages. */
export async function render(base: string, seeded: Seeded) {
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
export async function homeQueries(databaseUrl: string, dataDir: string) {
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
