import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { startSession } from '../src/accounts/sessions/service.ts';
import { insertUser } from '../src/accounts/users/repository.ts';
import { comments as commentsTable } from '../src/comments/tables.ts';
import type { Database } from '../src/platform/db/database.ts';
import { LIVE_POSTS, POSTERS, THREADS, type Seeded } from './comments-shared.ts';

/** 100 readers with sessions and a 2,000-comment discussion written by them, straight into the database. */
export async function seed(
  database: Database,
): Promise<Omit<Seeded, 'big' | 'plain'> & { big: { id: string; path: string }; plain: { id: string; path: string } }> {
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
