import type { Block } from '../blocks.ts';

// What the article services are asked to do, as the Admin API, the editor and the newsroom's forms send it.

export interface HeroInput {
  imageId: string;
  alt?: string;
  caption?: string;
  credit?: string;
}

export interface ArticleFields {
  headline: string;
  seoHeadline?: string;
  standfirst?: string;
  body?: Block[];
  bodyHtml?: string;
  bodyMarkdown?: string;
  hero?: HeroInput | null;
  authors?: string[];
  section: string;
  topics?: string[];
  edition?: string;
  editions?: string[];
  commentsEnabled?: boolean;
  slug?: string;
}

export interface CreateArticleInput extends ArticleFields {
  status?: 'draft' | 'published';
  publishedAt?: string;
}

export type ArticlePatch = Partial<ArticleFields> & { version: number };

/** Who is acting and when: passed in, so rules and tests never read the clock themselves. */
export interface Actor {
  actor: string;
  now: Date;
}
