import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/**
 * An open editor renews its mark this often; a mark older than PRESENCE_TTL_MS means gone.
 * Rows are one per person and article they opened, so the table stays small without a sweep.
 */
export const HEARTBEAT_MS = 15_000;
export const PRESENCE_TTL_MS = 45_000;

export interface Editor {
  articleId: string;
  userId: string;
  name: string;
}

/** Marks `userId` as editing the article now; returns everyone else editing it. */
export async function markEditing(executor: Executor, articleId: string, userId: string, now: Date): Promise<Editor[]> {
  await executor.execute(
    sql`insert into editing_presence (article_id, user_id, seen_at) values (${articleId}, ${userId}, ${now.toISOString()}::timestamptz)
        on conflict (article_id, user_id) do update set seen_at = excluded.seen_at`,
  );
  return (await editorsOf(executor, [articleId], now)).filter((e) => e.userId !== userId);
}

export async function stopEditing(executor: Executor, articleId: string, userId: string): Promise<void> {
  await executor.execute(sql`delete from editing_presence where article_id = ${articleId} and user_id = ${userId}`);
}

/** Who has each of these articles open, for the newsroom list. */
export async function editorsOf(executor: Executor, articleIds: string[], now: Date): Promise<Editor[]> {
  if (!articleIds.length) return [];
  const since = new Date(now.getTime() - PRESENCE_TTL_MS).toISOString();
  return rows<Editor>(
    executor,
    sql`select p.article_id as "articleId", p.user_id as "userId", u.display_name as name
        from editing_presence p join users u on u.id = p.user_id
        where p.article_id in (${sql.join(
          articleIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) and p.seen_at > ${since}::timestamptz
        order by u.display_name`,
  );
}
