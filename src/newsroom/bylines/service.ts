import type { ContentEvents } from '../../content/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { linkByline } from './repository.ts';

export { bylineAccounts } from './repository.ts';

/**
 * Links a byline to the newsroom account that writes under it (or unlinks it with null), in
 * one transaction. Comment threads show an "Author" badge from this link, on any cached page,
 * so once committed every cached page is refreshed.
 */
export async function linkBylineToAccount(
  deps: { database: Database; events: Pick<ContentEvents, 'everythingChanged'> },
  authorId: string,
  userId: string | null,
): Promise<void> {
  await deps.database.transaction((tx) => linkByline(tx, authorId, userId));
  deps.events.everythingChanged();
}
