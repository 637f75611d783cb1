import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/** One recommendation per reader; true when this one is new (the count then goes up). */
export async function recommend(executor: Executor, commentId: string, userId: string, now: Date): Promise<boolean> {
  const made = await rows<{ comment_id: string }>(
    executor,
    sql`insert into comment_recommendations (comment_id, user_id, created_at) values (${commentId}, ${userId}, ${now.toISOString()}::timestamptz)
        on conflict do nothing returning comment_id`,
  );
  if (made.length) await executor.execute(sql`update comments set recommend_count = recommend_count + 1 where id = ${commentId}`);
  return made.length > 0;
}

export async function unrecommend(executor: Executor, commentId: string, userId: string): Promise<boolean> {
  const gone = await rows<{ comment_id: string }>(
    executor,
    sql`delete from comment_recommendations where comment_id = ${commentId} and user_id = ${userId} returning comment_id`,
  );
  if (gone.length) await executor.execute(sql`update comments set recommend_count = greatest(0, recommend_count - 1) where id = ${commentId}`);
  return gone.length > 0;
}

/** One flag per reader per comment; a repeated flag changes nothing. */
export async function flag(executor: Executor, commentId: string, userId: string, reason: string, note: string, now: Date): Promise<boolean> {
  const made = await rows<{ comment_id: string }>(
    executor,
    sql`insert into comment_flags (comment_id, user_id, reason, note, created_at) values (${commentId}, ${userId}, ${reason}, ${note}, ${now.toISOString()}::timestamptz)
        on conflict do nothing returning comment_id`,
  );
  return made.length > 0;
}
