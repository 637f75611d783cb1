import { EventEmitter } from 'node:events';
import type { Database, Executor } from '../platform/db/database.ts';
import type { ArticleRecord } from './articles/record-repository.ts';

/**
 * What changed in the content, told to whoever keeps copies of it (the page cache, later
 * search indexes and alert triggers). Emitted after the transaction committed.
 */
export interface Placement {
  id: string;
  live: boolean;
  editions: string[];
  sectionId: string;
  topicIds: string[];
  authorIds: string[];
}

export type ContentChange =
  | { kind: 'article'; before: Placement | null; after: Placement | null }
  /** Readers see a different first page of an article's comments. */
  | { kind: 'comments'; articleId: string }
  /** A front was published (or its scheduled layout went live): the pages showing it change. */
  | { kind: 'front'; frontId: string }
  /** One of the site's own pages (about, privacy...) changed, or was published or withdrawn. */
  | { kind: 'page'; pageId: string }
  /**
   * Entries of a live blog were published, changed or deleted, named in the order of their change
   * numbers (a pin's displaced entry before the pinned one); `change` is the blog's number after them.
   */
  | { kind: 'live-entries'; articleId: string; entryIds: string[]; change: number }
  /** A live blog was opened or closed, or its settings changed: its pages and every card of it change. */
  | { kind: 'live-blog'; articleId: string }
  /**
   * An image gained formats (its AVIF variants): the articles using it may now offer them. Other
   * pages showing it (a byline photo, a front's own picture) offer them when next rendered; they
   * were right without them, so no page anywhere else is purged for it.
   */
  | { kind: 'image'; imageId: string; articleIds: string[] }
  /** Names, images, menus or the section tree changed: anything may show them. */
  | { kind: 'everything' };

export const placementOf = (article: ArticleRecord): Placement => ({
  id: article.id,
  live: article.status === 'published',
  editions: article.editions,
  sectionId: article.section.id,
  topicIds: article.topics.map((t) => t.id),
  authorIds: article.authors.map((a) => a.id),
});

export class ContentEvents extends EventEmitter<{ change: [ContentChange] }> {
  articleChanged(before: ArticleRecord | null, after: ArticleRecord | null): void {
    this.emit('change', { kind: 'article', before: before && placementOf(before), after: after && placementOf(after) });
  }

  commentsChanged(articleId: string): void {
    this.emit('change', { kind: 'comments', articleId });
  }

  frontChanged(frontId: string): void {
    this.emit('change', { kind: 'front', frontId });
  }

  pageChanged(pageId: string): void {
    this.emit('change', { kind: 'page', pageId });
  }

  liveEntriesChanged(articleId: string, entryIds: string[], change: number): void {
    this.emit('change', { kind: 'live-entries', articleId, entryIds, change });
  }

  liveBlogChanged(articleId: string): void {
    this.emit('change', { kind: 'live-blog', articleId });
  }

  imageChanged(imageId: string, articleIds: string[]): void {
    this.emit('change', { kind: 'image', imageId, articleIds });
  }

  everythingChanged(): void {
    this.emit('change', { kind: 'everything' });
  }
}

/**
 * What the content services write with: the database, and the events they announce each
 * change on once its transaction has committed (never before: a rolled-back write announces
 * nothing). The app's context is one.
 */
export interface ContentDeps {
  database: Database;
  events: ContentEvents;
}

/**
 * Runs a write to what many pages show (names, pictures, the section tree) in one transaction
 * and, once it has committed, announces that anything may have changed. A write that fails
 * rolls back and announces nothing.
 */
export async function changeEverything<T>(deps: ContentDeps, write: (tx: Executor) => Promise<T>): Promise<T> {
  const result = await deps.database.transaction(write);
  deps.events.everythingChanged();
  return result;
}
