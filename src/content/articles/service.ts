import crypto from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, conflict, invalid, notFound } from '../../platform/errors.ts';
import { cancelJob, enqueue } from '../../platform/jobs/queue.ts';
import { MAX_BLOCKS, type Block } from '../blocks.ts';
import { findImages } from '../images/repository.ts';
import { htmlToBlocks } from '../import/html-to-blocks.ts';
import { markdownToBlocks } from '../import/markdown-to-blocks.ts';
import { decodeCursor, page, DEFAULT_LIMIT } from '../pagination.ts';
import * as taxonomy from '../taxonomy/repository.ts';
import { allocateSlug, withSlugConflict } from '../taxonomy/slugs.ts';
import type { ArticleStatus, CorrectionKind } from '../tables.ts';
import { versioned } from '../versioning.ts';
import { bodyReferences, bodyText, checkBody } from './body.ts';
import * as repo from './repository.ts';
import { assertTransition, isFirstPublicationNow, publicationTimes, publishProblem, READER_VISIBLE } from './rules.ts';

export const PUBLISH_SCHEDULED_JOB = 'articles.publish-scheduled';
/**
 * Queued in the transaction that publishes an article for the first time, so what follows a
 * new story (an automatic alert) happens once even if the process stops right after.
 */
export const FIRST_PUBLISHED_JOB = 'articles.first-published';

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

// Resolving what a request names into what the database holds

function chooseBody(input: Partial<ArticleFields>): Block[] | undefined {
  const given = (['body', 'bodyHtml', 'bodyMarkdown'] as const).filter((key) => input[key] !== undefined);
  if (given.length > 1) throw invalid(given[1]!, `Send the body one way only: ${given.join(' and ')} were both given.`);
  let blocks: Block[] | undefined;
  if (input.body !== undefined) return checkBody(input.body);
  if (input.bodyHtml !== undefined) blocks = htmlToBlocks(input.bodyHtml);
  if (input.bodyMarkdown !== undefined) blocks = markdownToBlocks(input.bodyMarkdown);
  if (blocks && blocks.length > MAX_BLOCKS) throw invalid(given[0]!, `${given[0]} converts to ${blocks.length} blocks; the most an article can have is ${MAX_BLOCKS}.`);
  return blocks;
}

function noDuplicates(values: string[], field: string) {
  const seen = new Set<string>();
  values.forEach((value, i) => {
    if (seen.has(value)) throw invalid(`${field}[${i}]`, `${field}[${i}] lists "${value}" a second time.`);
    seen.add(value);
  });
}

/** Ids for the slugs a request names, in its order; an unknown slug is reported by position. */
async function resolveSlugs(field: 'authors' | 'topics', slugs: string[], find: (slugs: string[]) => Promise<{ slug: string; id: string }[]>) {
  noDuplicates(slugs, field);
  const found = new Map((await find(slugs)).map((row) => [row.slug, row.id]));
  const what = field === 'authors' ? 'an author' : 'a topic';
  return slugs.map((slug, i) => {
    const id = found.get(slug);
    if (!id) throw invalid(`${field}[${i}]`, `${field}[${i}] names ${what} that does not exist ("${slug}").`);
    return id;
  });
}

const resolveAuthors = (executor: Executor, slugs: string[]) => resolveSlugs('authors', slugs, (s) => taxonomy.findAuthorsBySlug(executor, s));
const resolveTopics = (executor: Executor, slugs: string[]) => resolveSlugs('topics', slugs, (s) => taxonomy.findTopicsBySlug(executor, s));

async function resolveSection(executor: Executor, slug: string): Promise<string> {
  const section = await taxonomy.findSection(executor, { slug });
  if (!section) throw invalid('section', `section names a section that does not exist ("${slug}").`);
  return section.id;
}

async function resolveEditions(executor: Executor, input: Partial<ArticleFields>): Promise<string[] | undefined> {
  if (input.edition !== undefined && input.editions !== undefined) throw invalid('editions', 'Send edition or editions, not both.');
  const known = (await taxonomy.listEditions(executor)).map((e) => e.code);
  if (input.edition !== undefined) {
    if (!known.includes(input.edition)) throw invalid('edition', `edition must be one of: ${known.join(', ')}.`);
    return [input.edition];
  }
  if (input.editions !== undefined) {
    noDuplicates(input.editions, 'editions');
    input.editions.forEach((code, i) => {
      if (!known.includes(code)) throw invalid(`editions[${i}]`, `editions[${i}] must be one of: ${known.join(', ')}.`);
    });
    return input.editions;
  }
  return undefined;
}

/** Checks every image and article the body and hero point at; returns the ids to index. */
async function checkReferences(executor: Executor, articleId: string, body: Block[], hero: HeroInput | null) {
  const refs = bodyReferences(body);
  const imageRefs = [...(hero ? [{ id: hero.imageId.toLowerCase(), field: 'hero.imageId' }] : []), ...refs.images];
  const images = new Set((await findImages(executor, [...new Set(imageRefs.map((r) => r.id))])).map((i) => i.id));
  for (const ref of imageRefs) if (!images.has(ref.id)) throw invalid(ref.field, `${ref.field} names an image that does not exist.`);
  for (const ref of refs.articles) if (ref.id === articleId) throw invalid(ref.field, `${ref.field} points at the article itself.`);
  const articles = await repo.existingIds(executor, [...new Set(refs.articles.map((r) => r.id))]);
  for (const ref of refs.articles) if (!articles.has(ref.id)) throw invalid(ref.field, `${ref.field} names an article that does not exist.`);
  return { imageIds: [...images], linkedIds: [...articles] };
}

/** Everything `publishProblem` looks at, read from the stored article. */
async function publishable(executor: Executor, article: repo.ArticleRecord) {
  const body = article.body ?? [];
  const refs = bodyReferences(body);
  const ids = [...(article.heroImageId ? [article.heroImageId] : []), ...refs.images.map((r) => r.id)];
  const alts = new Map((await findImages(executor, ids)).map((i) => [i.id, i.alt]));
  const images = [
    ...(article.heroImageId ? [{ field: 'hero.alt', alt: article.heroAlt ?? alts.get(article.heroImageId) ?? '' }] : []),
    ...body.flatMap((block, i) =>
      block.type === 'image' ? [{ field: `body[${i}].alt`, alt: block.alt ?? alts.get(block.imageId.toLowerCase()) ?? '' }] : [],
    ),
  ];
  return { headline: article.headline, standfirst: article.standfirst, authorCount: article.authors.length, blockCount: body.length, images };
}

async function load(executor: Executor, id: string): Promise<repo.ArticleRecord> {
  const article = await repo.findArticle(executor, { id });
  if (!article) throw notFound('The article');
  return article;
}

/** Records the article's state as a revision; `loaded` saves reading it again when the caller just did. */
async function recordRevision(executor: Executor, id: string, action: string, who: Actor, loaded?: repo.ArticleRecord): Promise<repo.ArticleRecord> {
  const article = loaded ?? (await load(executor, id));
  // What the article said, not what it pointed at: referenced images and articles change on their own.
  const { refImages: _images, refArticles: _articles, ...content } = article;
  await repo.insertRevision(executor, {
    articleId: id,
    version: article.version,
    action,
    actor: who.actor,
    snapshot: JSON.parse(JSON.stringify(content)) as Record<string, unknown>,
    createdAt: who.now,
  });
  return article;
}

const heroColumns = (hero: HeroInput | null) => ({
  heroImageId: hero ? hero.imageId.toLowerCase() : null,
  heroAlt: hero?.alt ?? null,
  heroCaption: hero?.caption ?? null,
  heroCredit: hero?.credit ?? null,
});

// Commands

export function createArticle(database: Database, input: CreateArticleInput, who: Actor): Promise<repo.ArticleRecord> {
  return withSlugConflict(() =>
    database.transaction(async (tx) => {
      const id = crypto.randomUUID();
      const body = chooseBody(input) ?? [];
      const hero = input.hero ?? null;
      const authorIds = await resolveAuthors(tx, input.authors ?? []);
      const topicIds = await resolveTopics(tx, input.topics ?? []);
      const sectionId = await resolveSection(tx, input.section);
      const editions = (await resolveEditions(tx, input)) ?? (await taxonomy.listEditions(tx)).map((e) => e.code);
      const { imageIds, linkedIds } = await checkReferences(tx, id, body, hero);
      const slug = await allocateSlug(tx, 'articles', { requested: input.slug, from: input.headline, fallback: 'article' });
      if (input.publishedAt && input.status !== 'published') throw invalid('publishedAt', 'publishedAt is only for articles created with status "published".');

      await repo.insertArticle(tx, {
        id,
        slug,
        status: 'draft',
        headline: input.headline,
        seoHeadline: input.seoHeadline ?? '',
        standfirst: input.standfirst ?? '',
        body,
        bodyText: bodyText(body),
        ...heroColumns(hero),
        sectionId,
        editions,
        commentsEnabled: input.commentsEnabled ?? true,
        createdAt: who.now,
        modifiedAt: who.now,
      });
      await repo.replaceRelations(tx, id, { authorIds, topicIds, linkedIds, imageIds });
      if (input.status === 'published') {
        await publishInTransaction(tx, await load(tx, id), { publishedAt: input.publishedAt ? new Date(input.publishedAt) : undefined }, who, false);
      }
      return recordRevision(tx, id, 'create', who);
    }),
  );
}

/** Changes an article; `action` names the revision it makes ('update', or 'restore' for a restored revision). */
export function updateArticle(database: Database, id: string, patch: ArticlePatch, who: Actor, action = 'update'): Promise<repo.ArticleRecord> {
  return withSlugConflict(() =>
    database.transaction(async (tx) => {
      const current = await load(tx, id);
      const body = chooseBody(patch);
      const hero = patch.hero === undefined ? undefined : patch.hero;
      const changes: Parameters<typeof repo.updateArticle>[3] = {};
      const relations: Parameters<typeof repo.replaceRelations>[2] = {};

      if (patch.headline !== undefined) changes.headline = patch.headline;
      if (patch.seoHeadline !== undefined) changes.seoHeadline = patch.seoHeadline;
      if (patch.standfirst !== undefined) changes.standfirst = patch.standfirst;
      if (patch.commentsEnabled !== undefined) changes.commentsEnabled = patch.commentsEnabled;
      if (patch.section !== undefined) changes.sectionId = await resolveSection(tx, patch.section);
      const editions = await resolveEditions(tx, patch);
      if (editions) changes.editions = editions;
      if (patch.authors !== undefined) relations.authorIds = await resolveAuthors(tx, patch.authors);
      if (patch.topics !== undefined) relations.topicIds = await resolveTopics(tx, patch.topics);
      if (body !== undefined) {
        changes.body = body;
        changes.bodyText = bodyText(body);
      }
      if (hero !== undefined) Object.assign(changes, heroColumns(hero));
      if (body !== undefined || hero !== undefined) {
        const currentHero = current.heroImageId ? { imageId: current.heroImageId } : null;
        const refs = await checkReferences(tx, id, body ?? current.body ?? [], hero === undefined ? currentHero : hero);
        relations.imageIds = refs.imageIds;
        relations.linkedIds = refs.linkedIds;
      }
      if (patch.slug !== undefined && patch.slug !== current.slug) {
        if (current.firstPublishedAt) throw conflict('The slug of a published article is fixed: its address is already out in the world.', 'slug');
        changes.slug = await allocateSlug(tx, 'articles', { requested: patch.slug, from: '', fallback: '', exceptId: id });
      }
      // A change readers can see on a live article is an update they are told about.
      const visible = READER_VISIBLE.some((field) => (patch as Record<string, unknown>)[field] !== undefined) || body !== undefined;
      if (current.status === 'published' && visible) changes.updatedAt = who.now;

      await versioned('The article', patch.version, () => repo.updateArticle(tx, id, patch.version, changes), () => repo.currentVersion(tx, id));
      // An autosave sends everything; rewrite only the relations that changed.
      const sameList = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
      const sameSet = (a: string[] | undefined, b: string[]) => a !== undefined && sameList([...new Set(a)].sort(), [...new Set(b)].sort());
      if (sameList(relations.authorIds, current.authors.map((a) => a.id))) delete relations.authorIds;
      if (sameList(relations.topicIds, current.topics.map((t) => t.id))) delete relations.topicIds;
      if (sameSet(relations.imageIds, current.refImages.map((i) => i.id))) delete relations.imageIds;
      if (sameSet(relations.linkedIds, current.refArticles.map((a) => a.id))) delete relations.linkedIds;
      await repo.replaceRelations(tx, id, relations);
      const updated = await load(tx, id);
      if (updated.status === 'published') {
        const problem = publishProblem(await publishable(tx, updated), 'A published article must stay complete:');
        if (problem) throw problem;
      }
      return recordRevision(tx, id, action, who, updated);
    }),
  );
}

/** Moves an article between draft and review; nothing else about it changes. */
function moveInWorkflow(database: Database, id: string, options: { version?: number | undefined }, who: Actor, action: 'submit' | 'return') {
  return database.transaction(async (tx) => {
    const article = await load(tx, id);
    const target = action === 'submit' ? 'in_review' : 'draft';
    if (article.status === target) return article; // a retried request is harmless
    assertTransition(article.status, action);
    const version = options.version ?? article.version;
    await versioned('The article', version, () => repo.updateArticle(tx, id, version, { status: target }), () => repo.currentVersion(tx, id));
    return recordRevision(tx, id, action, who);
  });
}

export const submitArticle = (database: Database, id: string, options: { version?: number | undefined }, who: Actor) => moveInWorkflow(database, id, options, who, 'submit');
export const returnArticle = (database: Database, id: string, options: { version?: number | undefined }, who: Actor) => moveInWorkflow(database, id, options, who, 'return');

/** What a revision said, as a patch that makes the article say it again. */
export function patchFromSnapshot(snapshot: Record<string, unknown>): Omit<ArticleFields, 'slug' | 'bodyHtml' | 'bodyMarkdown' | 'edition'> {
  const s = snapshot as Partial<Record<keyof repo.ArticleRecord, any>>;
  return {
    headline: String(s.headline ?? ''),
    seoHeadline: String(s.seoHeadline ?? ''),
    standfirst: String(s.standfirst ?? ''),
    body: (s.body ?? []) as Block[],
    hero: s.heroImageId
      ? { imageId: s.heroImageId, ...(s.heroAlt != null ? { alt: s.heroAlt } : {}), ...(s.heroCaption != null ? { caption: s.heroCaption } : {}), ...(s.heroCredit != null ? { credit: s.heroCredit } : {}) }
      : null,
    authors: ((s.authors ?? []) as { slug: string }[]).map((a) => a.slug),
    topics: ((s.topics ?? []) as { slug: string }[]).map((t) => t.slug),
    section: String(s.section?.slug ?? ''),
    editions: (s.editions ?? []) as string[],
    commentsEnabled: s.commentsEnabled !== false,
  };
}

/**
 * Makes the article say what revision `from` said, as a new revision: history only grows, so
 * the state being replaced stays restorable too.
 */
export async function restoreRevision(database: Database, id: string, from: number, options: { version: number }, who: Actor) {
  const revision = await repo.findRevision(database.db, id, from);
  if (!revision) throw notFound('That revision');
  return updateArticle(database, id, { ...patchFromSnapshot(revision.snapshot), version: options.version }, who, 'restore');
}

async function publishInTransaction(tx: Executor, article: repo.ArticleRecord, options: { publishedAt?: Date | undefined; version?: number | undefined }, who: Actor, record = true) {
  assertTransition(article.status, 'publish');
  const problem = publishProblem(await publishable(tx, article));
  if (problem) throw problem;
  const times = publicationTimes(article, who.now, options.publishedAt);
  const version = options.version ?? article.version;
  await versioned(
    'The article',
    version,
    () => repo.updateArticle(tx, article.id, version, { status: 'published', scheduledAt: null, ...times }),
    () => repo.currentVersion(tx, article.id),
  );
  await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${article.id}`);
  if (isFirstPublicationNow(article, times, who.now)) await enqueue(tx, FIRST_PUBLISHED_JOB, { articleId: article.id }, { runAt: who.now, singletonKey: `${FIRST_PUBLISHED_JOB}:${article.id}` });
  return record ? recordRevision(tx, article.id, 'publish', who) : load(tx, article.id);
}

export function publishArticle(database: Database, id: string, options: { version?: number | undefined; publishedAt?: string | undefined }, who: Actor) {
  return database.transaction(async (tx) => {
    const article = await load(tx, id);
    // Publishing what is already live changes nothing: a retried request is harmless.
    if (article.status === 'published' && !options.publishedAt) return article;
    return publishInTransaction(tx, article, { version: options.version, publishedAt: options.publishedAt ? new Date(options.publishedAt) : undefined }, who);
  });
}

export function unpublishArticle(database: Database, id: string, options: { version?: number | undefined }, who: Actor) {
  return database.transaction(async (tx) => {
    const article = await load(tx, id);
    if (article.status === 'unpublished') return article;
    assertTransition(article.status, 'unpublish');
    const version = options.version ?? article.version;
    await versioned('The article', version, () => repo.updateArticle(tx, id, version, { status: 'unpublished', scheduledAt: null }), () => repo.currentVersion(tx, id));
    await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${id}`);
    return recordRevision(tx, id, 'unpublish', who);
  });
}

/** Holds the article back (embargo) and publishes it at `at` through the job queue. */
export function scheduleArticle(database: Database, id: string, options: { at: string; version?: number | undefined }, who: Actor) {
  return database.transaction(async (tx) => {
    const article = await load(tx, id);
    assertTransition(article.status, 'schedule');
    const at = new Date(options.at);
    if (at.getTime() <= who.now.getTime()) throw invalid('at', 'at must be in the future; publish the article now instead.');
    const problem = publishProblem(await publishable(tx, article));
    if (problem) throw problem;
    const version = options.version ?? article.version;
    await versioned('The article', version, () => repo.updateArticle(tx, id, version, { status: 'scheduled', scheduledAt: at }), () => repo.currentVersion(tx, id));
    const key = `${PUBLISH_SCHEDULED_JOB}:${id}`;
    await cancelJob(tx, key);
    await enqueue(tx, PUBLISH_SCHEDULED_JOB, { articleId: id }, { runAt: at, singletonKey: key });
    return recordRevision(tx, id, 'schedule', who);
  });
}

/** Job: publishes a scheduled article once its time has come. Safe to run twice. */
export function publishScheduled(database: Database, articleId: string, now: Date) {
  return database.transaction(async (tx) => {
    const article = await repo.findArticle(tx, { id: articleId });
    if (!article || article.status !== 'scheduled' || !article.scheduledAt) return null;
    if (article.scheduledAt.getTime() > now.getTime()) {
      // Rescheduled later in the meantime: that schedule has its own job.
      return null;
    }
    return publishInTransaction(tx, article, { publishedAt: article.scheduledAt }, { actor: 'schedule', now });
  });
}

export function addCorrection(database: Database, id: string, input: { kind: CorrectionKind; note: string; version?: number | undefined }, who: Actor) {
  return database.transaction(async (tx) => {
    const article = await load(tx, id);
    assertTransition(article.status, 'correct');
    const version = input.version ?? article.version;
    await versioned('The article', version, () => repo.updateArticle(tx, id, version, { updatedAt: who.now }), () => repo.currentVersion(tx, id));
    await repo.insertCorrection(tx, { id: crypto.randomUUID(), articleId: id, kind: input.kind, note: input.note, createdAt: who.now });
    // 'update' already names an ordinary save in the history: an update note is its own action.
    return recordRevision(tx, id, input.kind === 'update' ? 'update_note' : 'correction', who);
  });
}

/** Deletes an article; `record` runs in the same transaction (the newsroom's audit log keeps the deletion). */
export async function deleteArticle(database: Database, id: string, record?: (tx: Executor, article: repo.ArticleRecord) => Promise<void>): Promise<void> {
  await database.transaction(async (tx) => {
    const article = await load(tx, id);
    const inbound = await repo.countInboundLinks(tx, id);
    if (inbound) throw conflict(`${inbound} other article${inbound === 1 ? ' links' : 's link'} to this one as a related story; remove those links first, or unpublish it instead.`);
    await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${id}`);
    await repo.deleteArticle(tx, id);
    await record?.(tx, article);
  });
}

// Queries

export const getArticle = load;

export async function listArticles(executor: Executor, query: Omit<repo.ListFilters, 'cursor' | 'limit'> & { cursor?: string | undefined; limit?: number | undefined }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await repo.listAll(executor, { ...query, cursor: decodeCursor(query.cursor), limit });
  return page(fetched, limit, (a) => ({ at: a.modifiedAt, id: a.id }));
}

export async function listPublishedArticles(executor: Executor, query: Omit<repo.ListFilters, 'cursor' | 'limit' | 'status'> & { cursor?: string | undefined; limit?: number | undefined }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await repo.listPublished(executor, { ...query, cursor: decodeCursor(query.cursor), limit });
  return page(fetched, limit, (a) => ({ at: a.publishedAt!, id: a.id }));
}

/** A published article by slug: 404 if there never was one, 410 if it was withdrawn. */
export async function getPublishedArticle(executor: Executor, slug: string): Promise<repo.ArticleRecord> {
  const article = await repo.findArticle(executor, { slug });
  if (!article || (article.status !== 'published' && article.status !== 'unpublished') || !article.firstPublishedAt) throw notFound('The article');
  if (article.status === 'unpublished') throw new AppError('gone', 'This article has been withdrawn.');
  return article;
}

export const listRevisions = async (executor: Executor, id: string) => {
  await load(executor, id);
  return repo.listRevisions(executor, id);
};

export type { ArticleRecord } from './repository.ts';
export type { ArticleStatus };
