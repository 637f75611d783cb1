import type { Database } from '../../platform/db/database.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import * as repo from './repository.ts';
import { UUID } from '../../platform/ids.ts';

export async function profileOf(database: Database, userId: string) {
  const profile = UUID.test(userId) ? await repo.findProfile(database.db, userId.toLowerCase()) : null;
  if (!profile) throw notFound('The reader');
  return profile;
}

/** Follows or stops following another reader; repeating either changes nothing. */
export async function setFollow(deps: { database: Database; now: () => Date }, followerId: string, followeeId: string, on: boolean): Promise<boolean> {
  const followee = await profileOf(deps.database, followeeId);
  if (followee.id === followerId) throw invalid('reader', 'You cannot follow yourself.');
  return on ? repo.follow(deps.database.db, followerId, followee.id, deps.now()) : repo.unfollow(deps.database.db, followerId, followee.id);
}
