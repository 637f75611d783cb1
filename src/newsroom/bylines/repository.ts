import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/** Which newsroom account each byline belongs to (authorId to userId). */
export async function bylineAccounts(executor: Executor): Promise<Map<string, string>> {
  const found = await rows<{ authorId: string; userId: string }>(executor, sql`select author_id as "authorId", user_id as "userId" from author_accounts`);
  return new Map(found.map((r) => [r.authorId, r.userId]));
}

/** Links a byline to an account (one byline per account), or unlinks it with null. */
export async function linkByline(executor: Executor, authorId: string, userId: string | null): Promise<void> {
  await executor.execute(sql`delete from author_accounts where author_id = ${authorId}${userId ? sql` or user_id = ${userId}` : sql``}`);
  if (userId) await executor.execute(sql`insert into author_accounts (author_id, user_id) values (${authorId}, ${userId})`);
}
