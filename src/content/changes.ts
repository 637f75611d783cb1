import { EventEmitter } from 'node:events';
import type { ArticleRecord } from './articles/repository.ts';

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
  /** Names, images or the section tree changed: anything may show them. */
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

  everythingChanged(): void {
    this.emit('change', { kind: 'everything' });
  }
}
