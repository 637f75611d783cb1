import type { Block } from '../blocks.ts';
import { presentImage, type ImageView } from '../images/present.ts';
import type { ImageRow } from '../images/repository.ts';
import type { Urls } from '../urls.ts';
import type { ArticleRecord, ArticleSummary } from './repository.ts';

/**
 * Turns stored articles into what the APIs send. Body blocks pass through small pure
 * enhancers: image blocks gain their image's sizes and URLs, related-story blocks gain the
 * linked article's headline and URL, or disappear from public output when it is not live.
 */

export type EnhancedBlock =
  | Exclude<Block, { type: 'image' } | { type: 'related' }>
  | (Extract<Block, { type: 'image' }> & { image: ImageView | null })
  | (Extract<Block, { type: 'related' }> & {
      article: { id: string; slug: string; headline: string; standfirst: string; url: string; published: boolean } | null;
    });

export interface Lookups {
  images: Map<string, ImageRow>;
  summaries: Map<string, ArticleSummary>;
}

/**
 * A body's blocks as readers see them, given the images it shows (live entries load theirs in one
 * read per page); related-story blocks need the article lookups and are left out here.
 */
export function enhancePublicBlocks(body: Block[], images: ImageRow[], urls: Urls): EnhancedBlock[] {
  return enhanceBody(body, { images: new Map(images.map((image) => [image.id, image])), summaries: new Map() }, urls, true);
}

/** The images and linked articles the given articles show, as the repository read them. */
export function lookupsFor(articles: ArticleRecord[]): Lookups {
  const lookups: Lookups = { images: new Map(), summaries: new Map() };
  for (const article of articles) {
    for (const image of article.refImages) lookups.images.set(image.id, image);
    for (const summary of article.refArticles) lookups.summaries.set(summary.id, summary);
  }
  return lookups;
}

function enhanceBody(body: Block[], lookups: Lookups, urls: Urls, publicOnly: boolean): EnhancedBlock[] {
  const out: EnhancedBlock[] = [];
  for (const block of body) {
    if (block.type === 'image') {
      const image = lookups.images.get(block.imageId.toLowerCase());
      if (!image && publicOnly) continue;
      out.push({ ...block, image: image ? presentImage(image, urls, block) : null });
    } else if (block.type === 'related') {
      const target = lookups.summaries.get(block.articleId.toLowerCase());
      const published = target?.status === 'published';
      if (publicOnly && !published) continue;
      out.push({
        ...block,
        article: target
          ? {
              id: target.id,
              slug: target.slug,
              headline: target.headline,
              standfirst: target.standfirst,
              url: urls.article(target.sectionSlug, target.slug),
              published,
            }
          : null,
      });
    } else {
      out.push(block);
    }
  }
  return out;
}

/**
 * What a body points at that `lookups` hold, keyed as the body names it (pictures by
 * `imageId`, stories by `articleId`), each shown as `show` says: the one walk behind an
 * article's `references` and a live entry's.
 */
export function referencesOf<I, A>(
  body: Block[],
  lookups: Lookups,
  show: { image: (image: ImageRow, block: Extract<Block, { type: 'image' }>) => I; article: (summary: ArticleSummary) => A },
) {
  const images: Record<string, I> = {};
  const articles: Record<string, A> = {};
  for (const block of body) {
    const image = block.type === 'image' ? lookups.images.get(block.imageId.toLowerCase()) : undefined;
    if (block.type === 'image' && image) images[block.imageId] = show.image(image, block);
    const summary = block.type === 'related' ? lookups.summaries.get(block.articleId.toLowerCase()) : undefined;
    if (block.type === 'related' && summary) articles[block.articleId] = show.article(summary);
  }
  return { images, articles };
}

/** The images and articles an article's body points at, for editors' previews: each picture as the block shows it. */
const references = (body: Block[], lookups: Lookups, urls: Urls) =>
  referencesOf(body, lookups, {
    image: (image, block) => presentImage(image, urls, block),
    article: (s) => ({ slug: s.slug, headline: s.headline, status: s.status, url: urls.article(s.sectionSlug, s.slug) }),
  });

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** Fields both views share: where the article appears and when it was published. */
const placementAndTimes = (article: ArticleRecord) => ({
  edition: article.editions[0] ?? null,
  editions: article.editions,
  commentsEnabled: article.commentsEnabled,
  firstPublishedAt: iso(article.firstPublishedAt),
  publishedAt: iso(article.publishedAt),
  updatedAt: iso(article.updatedAt),
});

function hero(article: ArticleRecord, lookups: Lookups, urls: Urls) {
  const image = article.heroImageId ? lookups.images.get(article.heroImageId) : undefined;
  if (!image) return null;
  return presentImage(image, urls, { alt: article.heroAlt, caption: article.heroCaption, credit: article.heroCredit });
}

/** What readers and aggregators may see: the Content API's article. */
export function presentPublic(article: ArticleRecord, lookups: Lookups, urls: Urls) {
  return {
    id: article.id,
    slug: article.slug,
    url: urls.article(article.section.slug, article.slug),
    headline: article.headline,
    seoHeadline: article.seoHeadline || article.headline,
    standfirst: article.standfirst,
    hero: hero(article, lookups, urls),
    ...(article.body ? { body: enhanceBody(article.body, lookups, urls, true) } : {}),
    authors: article.authors.map((a) => ({ slug: a.slug, name: a.name, title: a.title, url: urls.author(a.slug) })),
    section: {
      slug: article.section.slug,
      name: article.section.name,
      url: urls.section(article.section.slug),
      ...(article.sectionPath ? { path: article.sectionPath.map((s) => ({ ...s, url: urls.section(s.slug) })) } : {}),
    },
    topics: article.topics.map((t) => ({ slug: t.slug, name: t.name, url: urls.topic(t.slug) })),
    ...placementAndTimes(article),
    corrections: article.corrections.map((c) => ({ kind: c.kind, note: c.note, createdAt: c.createdAt.toISOString() })),
    liveBlogState: article.liveState,
  };
}

/** The newsroom's view: everything, in every state, with the version to edit against. */
export function presentAdmin(article: ArticleRecord, lookups: Lookups, urls: Urls) {
  return {
    id: article.id,
    slug: article.slug,
    url: urls.article(article.section.slug, article.slug),
    status: article.status,
    version: article.version,
    headline: article.headline,
    seoHeadline: article.seoHeadline,
    standfirst: article.standfirst,
    hero: article.heroImageId
      ? { imageId: article.heroImageId, alt: article.heroAlt, caption: article.heroCaption, credit: article.heroCredit, image: hero(article, lookups, urls) }
      : null,
    // Stored blocks exactly, so a client can send back what it read; what they point at is beside them.
    ...(article.body ? { body: article.body, references: references(article.body, lookups, urls) } : {}),
    authors: article.authors.map((a) => ({ id: a.id, slug: a.slug, name: a.name, url: urls.author(a.slug) })),
    section: { id: article.section.id, slug: article.section.slug, name: article.section.name },
    topics: article.topics.map((t) => ({ id: t.id, slug: t.slug, name: t.name })),
    ...placementAndTimes(article),
    scheduledAt: iso(article.scheduledAt),
    createdAt: article.createdAt.toISOString(),
    modifiedAt: article.modifiedAt.toISOString(),
    corrections: article.corrections.map((c) => ({ id: c.id, kind: c.kind, note: c.note, createdAt: c.createdAt.toISOString() })),
  };
}
