import type { Executor } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../content/index.ts';
import type { CommentView } from '../comment-view.ts';
import * as repo from './repository.ts';

export interface Thread {
  comment: CommentView;
  replies: Thread[];
  /** Replies exist below the depth shown here; they open in the comment's own view. */
  moreBelow: boolean;
}

/** Pure: nests replies under their parents, to `shownDepth`; deeper ones are counted as "more below". */
export function assembleThreads(top: CommentView[], replies: CommentView[], shownDepth: number): Thread[] {
  const byParent = new Map<string, CommentView[]>();
  for (const reply of replies) {
    const list = byParent.get(reply.parentId!) ?? [];
    list.push(reply);
    byParent.set(reply.parentId!, list);
  }
  const build = (comment: CommentView): Thread => {
    const children = byParent.get(comment.id) ?? [];
    const shown = comment.depth < shownDepth;
    return { comment, replies: shown ? children.map(build) : [], moreBelow: !shown && children.length > 0 };
  };
  return top.map(build);
}

/** A page of threads for an article, replies nested to `shownDepth`. */
export async function threadPage(
  db: Executor,
  articleId: string,
  options: { sort: repo.ThreadSort; cursor?: string | undefined; limit: number; shownDepth: number },
) {
  const cursor = decodeCursor(options.cursor) ?? null;
  const top = await repo.listTopLevel(db, articleId, options.sort, cursor, options.limit);
  const page = top.slice(0, options.limit);
  // One reply deeper than shown is read, so "more below" is known without another query.
  const replies = await repo.listReplies(
    db,
    articleId,
    page.map((c) => c.id),
    options.shownDepth + 1,
  );
  const last = page.at(-1);
  return {
    threads: assembleThreads(page, replies, options.shownDepth),
    nextCursor: top.length > options.limit && last ? encodeCursor({ at: last.createdAt, id: last.id, score: last.recommendCount }) : null,
  };
}
