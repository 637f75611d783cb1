import type { ContentEvents } from '../content/index.ts';
import type { Database, Executor } from '../platform/db/database.ts';
import { automaticTopics, setAutomaticTopic } from './repository.ts';

/**
 * Which topics alert their followers by themselves when a new article in them is first
 * published. Editors switch it per topic on the newsroom's taxonomy page; the rows stay the
 * alerts' own.
 */

/** The ids of the topics that alert on first publication. */
export const topicsAlertingOnPublish = (executor: Executor): Promise<Set<string>> => automaticTopics(executor);

/**
 * Switches a topic's alert on first publication on or off; once committed, cached pages are
 * refreshed (as every taxonomy change does), so a topic's pages never show an older setting.
 */
export async function setTopicAlertOnPublish(
  deps: { database: Database; events: Pick<ContentEvents, 'everythingChanged'> },
  topicId: string,
  on: boolean,
  now: Date,
): Promise<void> {
  await deps.database.transaction((tx) => setAutomaticTopic(tx, topicId, on, now));
  deps.events.everythingChanged();
}
