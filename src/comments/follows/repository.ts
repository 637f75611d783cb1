import { sql } from 'drizzle-orm';
import { rows, type Executor, type SqlRow } from '../../platform/db/database.ts';
import { toDate as date } from '../../platform/db/values.ts';

/** A reader's public face: their name, how long they have been here, what they wrote. */
export interface Profile {
  id: string;
  name: string;
  bio: string;
  role: string;
  since: Date;
  comments: number;
  followers: number;
}

/** A published comment with the article it is on, for profiles and the "people I follow" feed. */
export interface ListedComment {
  id: string;
  body: string;
  createdAt: Date;
  edited: boolean;
  recommendCount: number;
  authorId: string;
  authorName: string;
  headline: string;
  articlePath: string;
}

export async function findProfile(executor: Executor, userId: string): Promise<Profile | null> {
  const [row] = await rows<SqlRow>(
    executor,
    sql`select u.id, u.display_name as name, u.bio, u.role, u.created_at as since,
               (select count(*)::int from comments c where c.author_id = u.id and c.status = 'published') as comments,
               (select count(*)::int from reader_follows f where f.followee_id = u.id) as followers
        from users u where u.id = ${userId} and u.state = 'active'`,
  );
  return row ? ({ ...row, since: date(row.since) } as Profile) : null;
}

const LISTED = sql`c.id, c.body, c.created_at as "createdAt", c.edited_at is not null as edited, c.recommend_count as "recommendCount",
  u.id as "authorId", u.display_name as "authorName", a.headline, '/' || s.slug || '/' || a.slug as "articlePath"`;
const LISTED_FROM = sql`comments c join users u on u.id = c.author_id join articles a on a.id = c.article_id join sections s on s.id = a.section_id`;

/** Published comments by these authors on live articles, newest first, before `before`. */
export async function listCommentsBy(
  executor: Executor,
  authors: { userId: string } | { followerId: string },
  options: { before?: Date; limit: number },
): Promise<ListedComment[]> {
  const who =
    'userId' in authors
      ? sql`c.author_id = ${authors.userId}`
      : sql`c.author_id in (select followee_id from reader_follows where follower_id = ${authors.followerId})`;
  const found = await rows<SqlRow>(
    executor,
    sql`select ${LISTED} from ${LISTED_FROM}
        where ${who} and c.status = 'published' and a.status = 'published'
          ${options.before ? sql`and c.created_at < ${options.before.toISOString()}::timestamptz` : sql``}
        order by c.created_at desc limit ${options.limit}`,
  );
  return found.map((r) => ({ ...(r as ListedComment), createdAt: date(r.createdAt) }));
}

/** True when this follow is new. */
export async function follow(executor: Executor, followerId: string, followeeId: string, at: Date): Promise<boolean> {
  const made = await rows(
    executor,
    sql`insert into reader_follows (follower_id, followee_id, created_at) values (${followerId}, ${followeeId}, ${at.toISOString()}::timestamptz) on conflict do nothing returning follower_id`,
  );
  return made.length > 0;
}

export async function unfollow(executor: Executor, followerId: string, followeeId: string): Promise<boolean> {
  return (
    (await rows(executor, sql`delete from reader_follows where follower_id = ${followerId} and followee_id = ${followeeId} returning follower_id`)).length > 0
  );
}

export async function isFollowing(executor: Executor, followerId: string, followeeId: string): Promise<boolean> {
  return (await rows(executor, sql`select 1 from reader_follows where follower_id = ${followerId} and followee_id = ${followeeId}`)).length > 0;
}

export async function listFollowing(executor: Executor, followerId: string): Promise<{ id: string; name: string }[]> {
  return rows(
    executor,
    sql`select u.id, u.display_name as name from reader_follows f join users u on u.id = f.followee_id where f.follower_id = ${followerId} and u.state = 'active' order by u.display_name`,
  );
}
