import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';

/** The byline a staff account is linked to, if any. */
export async function bylineOf(executor: Executor, userId: string) {
  const [row] = await rows<{ authorId: string; name: string; slug: string }>(
    executor,
    sql`select a.id as "authorId", a.name, a.slug from author_accounts x join authors a on a.id = x.author_id where x.user_id = ${userId}`,
  );
  return row ?? null;
}

/** The account leaves the newsroom's live records: its byline link and any editor it had open. */
export async function eraseNewsroomLinks(tx: Executor, userId: string): Promise<void> {
  await tx.execute(sql`delete from author_accounts where user_id = ${userId}`);
  await tx.execute(sql`delete from editing_presence where user_id = ${userId}`);
}
