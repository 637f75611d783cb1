import crypto from 'node:crypto';
import type { Database } from '../platform/db/database.ts';
import { AppError, invalid, notFound } from '../platform/errors.ts';
import { linksIn } from './format/parse.ts';
import { classifyGuarded, type Classifier } from './moderation/classifier.ts';
import { PHASES } from './moderation/phases.ts';
import { decide, type AuthorRecord, type Decision, type ModerationSettings } from './moderation/pipeline.ts';
import { isStaff } from './staff.ts';
import * as repo from './repository.ts';
import { posterRecord, recordModeration, type Sanction } from './moderation/repository.ts';
import { notifyReply } from './notifications/service.ts';
import { announce, type CommentAnnouncements } from './announce.ts';
import { EDIT_WINDOW_MS, MAX_DEPTH } from './limits.ts';
import { UUID } from '../platform/ids.ts';
import { hit } from '../platform/rate-limit/service.ts';
export { EDIT_WINDOW_MS, MAX_DEPTH };
// Where the reader site has always found it; threads have their own service now.
export { threadPage } from './threads/service.ts';

/** The longest comment accepted at all; longer is refused before anything else reads it. */
export const MAX_BYTES = 20_000;

export interface CommentsDeps extends CommentAnnouncements {
  database: Database;
  classifier: Classifier;
  /** The newsroom's moderation settings (cached by the caller). */
  settings: () => Promise<ModerationSettings>;
  now: () => Date;
}

export interface Commenter {
  id: string;
  name: string;
  role: string;
  createdAt: Date;
  emailVerified: boolean;
}

/** A comment as the reader sends it; every field is checked here, whatever the caller checked. */
export interface PostInput {
  text: string;
  /** The comment replied to; absent, null or empty for a top-level comment. */
  parentId?: string | null | undefined;
  idempotencyKey?: string | undefined;
}

export interface Posted {
  comment: repo.CommentView;
  /** The reader told of this reply (the parent's author), if it was published. */
  notified: string | null;
  /** False when the same idempotency key had already made this comment. */
  created: boolean;
  decision: Decision | null;
}

/** Why a refused comment gets the status it does: waiting is 429, everything else is the reader's to fix. */
const REFUSAL_CODE: Record<string, 'too_many_requests' | 'invalid' | 'forbidden'> = { rate: 'too_many_requests', discussion: 'forbidden' };

/**
 * Posts a comment: who may, where, and what the moderation pipeline decides. A held comment is
 * stored and shown to its author with the reason; a refused one is not stored (the reader gets
 * the reason), but counts against the reader's record.
 */
export async function postComment(deps: CommentsDeps, author: Commenter, articleId: string, input: PostInput): Promise<Posted> {
  const now = deps.now();
  if (typeof input.text !== 'string') throw invalid('text', 'text is required: the comment, as plain text.');
  if (Buffer.byteLength(input.text) > MAX_BYTES) throw invalid('text', `The comment is too long; the most is ${MAX_BYTES / 4} characters.`);
  const key = input.idempotencyKey;
  if (key !== undefined && (typeof key !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(key)))
    throw invalid('idempotencyKey', 'idempotencyKey must be 8 to 64 letters, digits, "-" or "_".');
  if (!author.emailVerified) throw new AppError('forbidden', 'Confirm your e-mail address before commenting: we sent you a link.');

  const db = deps.database.db;
  if (key) {
    const earlier = await repo.findByIdempotencyKey(db, author.id, key);
    if (earlier) return { comment: earlier, created: false, decision: null, notified: null };
  }
  const parentId = input.parentId;
  // JSON null arrives as "" (the validator coerces types): both mean a top-level comment.
  const replying = parentId !== undefined && parentId !== null && parentId !== '';
  if (replying && (typeof parentId !== 'string' || !UUID.test(parentId))) throw invalid('parentId', 'parentId must name a comment.');
  // Independent reads, side by side (on PostgreSQL they use separate connections).
  const [{ record, sanction }, article, parent] = await Promise.all([
    posterRecord(db, { id: author.id, createdAt: author.createdAt, staff: isStaff(author.role) }, now),
    repo.articleForComments(db, articleId),
    replying ? repo.findComment(db, parentId.toLowerCase()) : null,
  ]);
  refuseSanctioned(sanction);
  if (!article?.live) throw notFound('The article');
  if (!article.commentsEnabled) throw new AppError('forbidden', 'This article does not take comments.');
  if (replying) {
    if (!parent || parent.articleId !== article.id) throw invalid('parentId', 'The comment you are replying to is not on this article.');
    if (parent.status === 'deleted') throw invalid('parentId', 'The comment you are replying to has been deleted.');
    // Only its author may learn that a comment waits for a moderator; to anyone else it is simply not open to replies.
    if (parent.status === 'held' && parent.author?.id === author.id) throw invalid('parentId', 'The comment you are replying to is waiting for a moderator.');
    if (parent.status !== 'published') throw invalid('parentId', 'The comment you are replying to is not open to replies.');
    if (parent.depth + 1 > MAX_DEPTH)
      throw invalid('parentId', `Replies go ${MAX_DEPTH} levels deep at most; reply to an earlier comment in the conversation.`);
  }

  const decision = await moderate(deps, record, article, input.text, now);

  if (decision.action === 'reject') {
    // The same submit, finished by a parallel request meanwhile (its text now counts as a repeat): that is the answer.
    const made = key ? await repo.findByIdempotencyKey(db, author.id, key) : null;
    if (made) return { comment: made, created: false, decision: null, notified: null };
    const reason = decision.decisive!.reason;
    // Waiting and empty text are not held against a reader; what they wrote is.
    if (!['length', 'rate', 'discussion', 'repeat-text'].includes(decision.decisive!.phase)) {
      await recordModeration(db, { userId: author.id, action: 'rejected', reason: `${decision.decisive!.phase}: ${reason}`, at: now });
    }
    throw new AppError(REFUSAL_CODE[decision.decisive!.phase] ?? 'invalid', reason, 'text');
  }

  const id = crypto.randomUUID();
  const status = decision.action === 'publish' ? 'published' : 'held';
  const inserted = await deps.database.transaction(async (tx) => {
    const made = await repo.insertComment(tx, {
      id,
      articleId: article.id,
      authorId: author.id,
      parentId: parent?.id ?? null,
      rootId: parent?.rootId ?? id,
      depth: parent ? parent.depth + 1 : 0,
      body: input.text,
      status,
      findings: decision.findings,
      idempotencyKey: key ?? null,
      createdAt: now,
    });
    // The same key posted twice at once: the other request made the comment.
    if (!made) return false;
    if (status !== 'published') return { notified: null };
    await repo.countPublished(tx, { articleId: article.id, parentId: parent?.id ?? null }, 1, now);
    return { notified: await notifyReply(tx, { id, authorId: author.id }, parent && { authorId: parent.author?.id ?? null }, now) };
  });
  if (!inserted) return { comment: (await repo.findByIdempotencyKey(db, author.id, key!))!, created: false, decision: null, notified: null };
  // Everything about the new comment is known here: no need to read it back.
  const comment: repo.CommentView = {
    id,
    articleId: article.id,
    parentId: parent?.id ?? null,
    rootId: parent?.rootId ?? id,
    depth: parent ? parent.depth + 1 : 0,
    body: input.text,
    status,
    recommendCount: 0,
    replyCount: 0,
    createdAt: now,
    editedAt: null,
    author: { id: author.id, name: author.name, role: author.role, byline: article.bylineUsers.includes(author.id) },
  };
  if (status === 'published') announce(deps, comment, true, inserted.notified);
  return { comment, created: true, decision, notified: inserted.notified };
}

/** A banned or suspended reader is told why, and until when. */
function refuseSanctioned(sanction: Sanction | null): void {
  if (!sanction) return;
  const until = sanction.until ? ` until ${sanction.until.toISOString().slice(0, 16).replace('T', ' ')} UTC` : '';
  throw new AppError('forbidden', `You cannot comment${until}: ${sanction.reason}`);
}

/** Runs the moderation pipeline on `text` by the author with `record` on `article`, with the article's discussion settings. */
async function moderate(deps: CommentsDeps, record: AuthorRecord, article: repo.ArticleForComments, text: string, now: Date): Promise<Decision> {
  const closesAt =
    article.closeAfterDays && article.firstPublishedAt ? new Date(article.firstPublishedAt.getTime() + article.closeAfterDays * 86_400_000) : null;
  return decide(PHASES, {
    text,
    now,
    discussion: { mode: article.mode, closesAt },
    author: record,
    settings: await deps.settings(),
    classifier: await classifyGuarded(deps.classifier, text),
    links: linksIn(text),
  });
}

async function ownComment(deps: Pick<CommentsDeps, 'database'>, readerId: string, commentId: string) {
  if (!UUID.test(commentId)) throw notFound('The comment');
  const comment = await repo.findComment(deps.database.db, commentId.toLowerCase());
  if (!comment || comment.status === 'deleted' || comment.status === 'rejected') throw notFound('The comment');
  if (comment.author?.id !== readerId) {
    // Someone else's held comment does not exist as far as they can tell.
    if (comment.status !== 'published') throw notFound('The comment');
    throw new AppError('forbidden', 'Only its author can change a comment.');
  }
  return comment;
}

/**
 * The author changes a comment within the window; the new text goes through moderation again
 * (a change is not a way around it), and the comment is marked edited.
 */
export async function editComment(deps: CommentsDeps, author: Commenter, commentId: string, text: string) {
  const now = deps.now();
  const comment = await ownComment(deps, author.id, commentId);
  if (now.getTime() - comment.createdAt.getTime() > EDIT_WINDOW_MS)
    throw new AppError('forbidden', `Comments can be changed for ${EDIT_WINDOW_MS / 60_000} minutes after posting; this one can still be deleted.`);
  if (typeof text !== 'string') throw invalid('text', 'text is required: the comment, as plain text.');
  if (Buffer.byteLength(text) > MAX_BYTES) throw invalid('text', `The comment is too long; the most is ${MAX_BYTES / 4} characters.`);
  const db = deps.database.db;
  // Each change is moderated and announced like a new comment, so it is limited like one: as many a window as posts.
  // Staff are not held to the reader's pace here either (the moderation pipeline's rate phase skips them too).
  if (!isStaff(author.role)) {
    const { rate } = await deps.settings();
    await hit(
      db,
      `comments:edits:${author.id}`,
      { max: rate.count, windowSeconds: Math.ceil(rate.windowMs / 1000) },
      now,
      'You are changing comments faster than we allow.',
    );
  }
  // Its own earlier text is not a repeat of itself, and an edit is not a new post for the rate limit.
  const [{ record, sanction }, article] = await Promise.all([
    posterRecord(db, { id: author.id, createdAt: author.createdAt, staff: isStaff(author.role) }, now),
    repo.articleForComments(db, comment.articleId),
  ]);
  refuseSanctioned(sanction);
  record.recent = [];
  const decision = await moderate(deps, record, article!, text, now);
  if (decision.action === 'reject') throw new AppError(REFUSAL_CODE[decision.decisive!.phase] ?? 'invalid', decision.decisive!.reason, 'text');
  // An edit never publishes what a moderator has not seen; it can send a published comment to them.
  const status = comment.status === 'held' || decision.action === 'hold' ? 'held' : 'published';
  await deps.database.transaction(async (tx) => {
    await repo.updateComment(tx, comment.id, { body: text, status, findings: decision.findings, editedAt: now });
    if (comment.status === 'published' && status === 'held') await repo.countPublished(tx, comment, -1, now);
  });
  const changed = (await repo.findComment(db, comment.id))!;
  announce(deps, changed, comment.status === 'published' || changed.status === 'published');
  return { comment: changed, decision, wasPublished: comment.status === 'published' };
}

/** The author deletes a comment: a tombstone keeps its place so the replies under it still read. */
export async function deleteComment(deps: CommentsDeps, readerId: string, commentId: string) {
  const now = deps.now();
  const comment = await ownComment(deps, readerId, commentId);
  await deps.database.transaction(async (tx) => {
    await repo.updateComment(tx, comment.id, { body: '', status: 'deleted', deletedAt: now });
    if (comment.status === 'published') await repo.countPublished(tx, comment, -1, now);
  });
  announce(deps, comment, comment.status === 'published');
  return comment;
}
