/** The live benchmark's page part (bench/live.ts runs it): a 2,000-entry blog's first page, cached and not, and publish-to-page. */
import type { TestApp } from '../test/support/app.ts';
import { validArticle } from '../test/support/app.ts';
import { sql } from 'drizzle-orm';
import { rows } from '../src/platform/db/database.ts';
import { liveBlogs, markdownToBlocks } from '../src/content/index.ts';
import { load, nginx } from './load.ts';
import { summary } from './comments-shared.ts';

const ENTRIES = 2_000;
const RENDERS = 200;
const PUBLISHES = 20;

export interface BenchBlog {
  id: string;
  path: string;
}

/**
 * The 2,000 entries, written straight into the tables in one transaction (as they would stand
 * after an evening of publishing: positions and change numbers in order, a key event every
 * hundred, one pin): through the services one by one it takes minutes, and seeding is not what
 * is measured.
 */
async function seedEntries(t: TestApp, articleId: string) {
  const writerIds = (await rows<{ id: string }>(t.db.database.db, sql`select id from authors order by slug`)).map((row) => row.id);
  const started = Date.now() - ENTRIES * 60_000;
  await t.db.database.transaction(async (tx) => {
    for (let i = 1; i <= ENTRIES; i++) {
      const body = markdownToBlocks(
        `Entry ${i}. A paragraph of ordinary length about what just happened, with **one** bold phrase.\n\nA second, shorter paragraph.`,
      );
      const at = new Date(started + i * 60_000);
      await tx.execute(sql`insert into live_entries (id, article_id, status, title, body, body_text, key_event, pinned, position, published_at, last_change, created_by, created_at, modified_at)
        values (gen_random_uuid(), ${articleId}, 'published', ${i % 3 ? '' : `Update ${i}: a short title`}, ${JSON.stringify(body)}::jsonb, ${`Entry ${i}.`},
          ${i % 100 === 0}, ${i === ENTRIES - 10}, ${i}, ${at}, ${i}, 'account:bench', ${at}, ${at})`);
      await tx.execute(sql`insert into live_entry_authors (entry_id, author_id, position)
        select id, ${writerIds[i % writerIds.length]!}, 0 from live_entries where article_id = ${articleId} and position = ${i}`);
    }
    await tx.execute(sql`update live_blogs set last_position = ${ENTRIES}, last_change = ${ENTRIES} where article_id = ${articleId}`);
  });
  t.app.pageCache.purge(null);
}

export async function pageFigures(t: TestApp, base: string) {
  const made = await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Bench night, live', status: 'published' }));
  if (made.statusCode !== 201) throw new Error(`article: ${made.statusCode} ${made.body}`);
  const blog: BenchBlog = { id: made.json().id, path: new URL(made.json().url as string).pathname };
  const who = () => ({ actor: 'account:bench', now: new Date() });
  await liveBlogs.makeLiveBlog(t.app.ctx, blog.id, {}, who());
  const seeding = performance.now();
  await seedEntries(t, blog.id);
  const seedSeconds = Math.round((performance.now() - seeding) / 100) / 10;

  // Uncached: every render reads the page of entries, the key events and the pin afresh.
  const times: number[] = [];
  for (let i = 0; i < RENDERS + 20; i++) {
    t.app.pageCache.purge(null);
    const started = process.hrtime.bigint();
    const response = await t.app.inject({ url: blog.path });
    const took = Number(process.hrtime.bigint() - started) / 1e6;
    if (response.statusCode !== 200) throw new Error(`blog page: ${response.statusCode}`);
    if (i >= 20) times.push(took);
  }
  const html = Buffer.from((await t.app.inject({ url: blog.path })).rawPayload);

  // A reader polling without JavaScript or SSE: the cached page, beside nginx with the same bytes.
  const cached = await load(base + blog.path);
  const { body: bytes, encoding } = t.app.pageCache.encoded(t.app.pageCache.forRequest(blog.path)!, undefined);
  const baseline = await nginx(bytes, 1, encoding);
  const nginxSameBytes = baseline ? await load(baseline.url) : 'nginx not installed';
  baseline?.stop();

  // Publish (Admin API) until the page, the blog's feed and the Content API carry the entry.
  const publish: Record<'page' | 'feed' | 'contentApi', number[]> = { page: [], feed: [], contentApi: [] };
  for (let i = 0; i < PUBLISHES; i++) {
    const marker = `publish-bench-${i}`;
    const { lastChange } = (await liveBlogs.getBlog(t.app.ctx.database.db, blog.id)) as { lastChange: number };
    const started = performance.now();
    const posted = await t.admin('POST', `/api/admin/articles/${blog.id}/entries`, {
      title: `Entry ${marker}`,
      bodyMarkdown: 'Published through the Admin API.',
      writers: ['ada-reporter'],
      as: 'publish',
    });
    if (posted.statusCode !== 201) throw new Error(`entry: ${posted.statusCode} ${posted.body}`);
    const until = async (url: string, into: number[]) => {
      while (!(await (await fetch(url)).text()).includes(marker));
      into.push(performance.now() - started);
    };
    await Promise.all([
      until(base + blog.path, publish.page),
      until(`${base}${blog.path}/live/rss.xml`, publish.feed),
      until(`${base}/api/content/articles/${blog.id}/entries?since=${lastChange}`, publish.contentApi),
    ]);
  }
  return {
    blog,
    figures: {
      blog: { entries: ENTRIES, seedSeconds, firstPageBytes: html.length },
      firstPageUncachedMs: summary(times),
      cachedFirstPage: { blog: cached, nginxSameBytes, bytes: bytes.length, encoding: encoding ?? 'identity' },
      publishToChangedMs: { page: summary(publish.page), feed: summary(publish.feed), contentApi: summary(publish.contentApi) },
    },
  };
}
