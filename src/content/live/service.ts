// Live blogs' services and reads, gathered for content's front door (`liveBlogs.*`).
export { changeLiveBlog, getBlog, makeLiveBlog } from './blog-service.ts';
export { createEntry, deleteEntry, getEntry, publishDueEntries, releaseDraft, updateEntry } from './entry-service.ts';
export { findBlog } from './repository.ts';
export {
  blogStates,
  changedSince,
  entryPosition,
  keyEvents,
  latestPublished,
  newsroomEntries,
  pinnedEntry,
  publishedBefore,
  publishedBetween,
  recentKeyEventIds,
} from './reading-repository.ts';
