/**
 * The article service as other domains know it: one name for the lifecycle files below. Every
 * write takes `ContentDeps` and announces its change once its transaction has committed.
 */
export * from './inputs.ts';
export * from './reading.ts';
export * from './drafting.ts';
export {
  addCorrection,
  FIRST_PUBLISHED_JOB,
  publishArticle,
  publishScheduled,
  PUBLISH_SCHEDULED_JOB,
  scheduleArticle,
  unpublishArticle,
} from './publishing.ts';
export { listRevisions, patchFromSnapshot } from './revisions.ts';
export type { ArticleRecord } from './record-repository.ts';
export type { ArticleStatus } from '../tables.ts';
