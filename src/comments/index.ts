/**
 * Comments' front door: its registration, the discussion settings the newsroom sets, the thread
 * and counts the reader site renders, reply notices alerts push, and what the demo seeds.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { DISCUSSION_MODES, readDiscussion, setDiscussionMode } from './discussions.ts';
export { excerpt } from './format/excerpt.ts';
export { registerComments } from './http/register.ts';
export { findNotice } from './notifications/repository.ts';
export { REPLY_PUSH_JOB, scheduleDigest } from './notifications/service.ts';
export { PAGE, SHOWN_DEPTH, presentThread } from './present.ts';
export type { Presented } from './present.ts';
export { commentCounts, countPublished, insertComment } from './repository.ts';
export { threadPage } from './service.ts';
export { ThreadList } from './view/thread.tsx';
