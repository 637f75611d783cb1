import type { Executor } from '../../platform/db/database.ts';
import type { Block } from '../blocks.ts';
import type { Actor, ArticleFields } from './inputs.ts';
import { getArticle } from './reading.ts';
import type { ArticleRecord } from './record-repository.ts';
import * as revisionRows from './revision-repository.ts';

// An article's history: every write records the state it left as a revision, which can be listed and restored.

/** Records the article's state as a revision; `loaded` saves reading it again when the caller just did. */
export async function recordRevision(executor: Executor, id: string, action: string, who: Actor, loaded?: ArticleRecord): Promise<ArticleRecord> {
  const article = loaded ?? (await getArticle(executor, id));
  // What the article said, not what it pointed at: referenced images and articles (and its live blog) change on their own.
  const { refImages: _images, refArticles: _articles, liveState: _live, ...content } = article;
  await revisionRows.insertRevision(executor, {
    articleId: id,
    version: article.version,
    action,
    actor: who.actor,
    snapshot: JSON.parse(JSON.stringify(content)) as Record<string, unknown>,
    createdAt: who.now,
  });
  return article;
}

/** What a revision said, as a patch that makes the article say it again. */
export function patchFromSnapshot(snapshot: Record<string, unknown>): Omit<ArticleFields, 'slug' | 'bodyHtml' | 'bodyMarkdown' | 'edition'> {
  const s = snapshot as Partial<Record<keyof ArticleRecord, unknown>>;
  return {
    headline: String(s.headline ?? ''),
    seoHeadline: String(s.seoHeadline ?? ''),
    standfirst: String(s.standfirst ?? ''),
    body: (s.body ?? []) as Block[],
    hero: s.heroImageId
      ? {
          imageId: String(s.heroImageId),
          ...(s.heroAlt != null ? { alt: String(s.heroAlt) } : {}),
          ...(s.heroCaption != null ? { caption: String(s.heroCaption) } : {}),
          ...(s.heroCredit != null ? { credit: String(s.heroCredit) } : {}),
        }
      : null,
    authors: ((s.authors ?? []) as { slug: string }[]).map((a) => a.slug),
    topics: ((s.topics ?? []) as { slug: string }[]).map((t) => t.slug),
    section: String((s.section as { slug?: string } | null | undefined)?.slug ?? ''),
    editions: (s.editions ?? []) as string[],
    commentsEnabled: s.commentsEnabled !== false,
  };
}

export const listRevisions = async (executor: Executor, id: string) => {
  await getArticle(executor, id);
  return revisionRows.listRevisions(executor, id);
};
