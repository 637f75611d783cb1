import type { Block } from '../../content/browser.ts';
import type { References } from './convert.ts';

/** The article as the editor holds it, and the change it sends. */
export interface Choice {
  value: string;
  label: string;
}

export interface EditorArticle {
  id: string;
  url: string;
  status: 'draft' | 'in_review' | 'scheduled' | 'published' | 'unpublished';
  version: number;
  headline: string;
  seoHeadline: string;
  standfirst: string;
  hero: { imageId: string; alt: string | null; caption: string | null; credit: string | null; image: { src: string | null; alt: string } | null } | null;
  body?: Block[];
  references?: References;
  authors: { slug: string; name: string }[];
  section: { slug: string; name: string };
  topics: { slug: string; name: string }[];
  editions: string[];
  commentsEnabled: boolean;
  scheduledAt: string | null;
  publishedAt: string | null;
  updatedAt: string | null;
  modifiedAt: string;
  corrections: { id: string; kind: 'correction' | 'update'; note: string; createdAt: string }[];
  rights: Record<'edit' | 'submit' | 'return' | 'publish' | 'schedule' | 'unpublish' | 'correct' | 'delete' | 'create', boolean>;
}

/** The length each counted field shows its count against, in characters. */
export const LIMITS = { headline: 200, seoHeadline: 200, standfirst: 600 } as const;

export interface Fields {
  headline: string;
  seoHeadline: string;
  standfirst: string;
  body: Block[];
  hero: { imageId: string; alt: string; caption: string; credit: string; src: string; libraryAlt: string } | null;
  authors: string[];
  section: string;
  topics: string[];
  editions: string[];
  commentsEnabled: boolean;
}

export function fieldsOf(article: EditorArticle): Fields {
  return {
    headline: article.headline,
    seoHeadline: article.seoHeadline,
    standfirst: article.standfirst,
    body: article.body ?? [],
    hero: article.hero
      ? {
          imageId: article.hero.imageId,
          alt: article.hero.alt ?? '',
          caption: article.hero.caption ?? '',
          credit: article.hero.credit ?? '',
          src: article.hero.image?.src ?? '',
          libraryAlt: article.hero.image?.alt ?? '',
        }
      : null,
    authors: article.authors.map((a) => a.slug),
    section: article.section.slug,
    topics: article.topics.map((t) => t.slug),
    editions: article.editions,
    commentsEnabled: article.commentsEnabled,
  };
}

const filled = (key: string, value: string) => (value.trim() ? { [key]: value } : {});

/** The change the server is sent: everything the editor holds. */
export const patchOf = (f: Fields) => ({
  headline: f.headline,
  seoHeadline: f.seoHeadline,
  standfirst: f.standfirst,
  body: f.body,
  hero: f.hero ? { imageId: f.hero.imageId, ...filled('alt', f.hero.alt), ...filled('caption', f.hero.caption), ...filled('credit', f.hero.credit) } : null,
  authors: f.authors,
  section: f.section,
  topics: f.topics,
  editions: f.editions,
  commentsEnabled: f.commentsEnabled,
});

export const same = (a: Fields, b: Fields) => JSON.stringify(patchOf(a)) === JSON.stringify(patchOf(b));

/** Live and scheduled articles change only when an editor presses Update: readers would see each save. */
export const autosaves = (status: EditorArticle['status']) => status !== 'published' && status !== 'scheduled';
