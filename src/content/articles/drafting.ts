import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { cancelJob } from '../../platform/jobs/queue.ts';
import type { ContentDeps } from '../changes.ts';
import * as taxonomy from '../taxonomy/repository.ts';
import { allocateSlug, withSlugConflict } from '../taxonomy/slugs.ts';
import { versioned } from '../versioning.ts';
import { changeArticle } from './announce.ts';
import { bodyText } from './body.ts';
import type { Actor, ArticlePatch, CreateArticleInput } from './inputs.ts';
import { publishable, publishInTransaction, PUBLISH_SCHEDULED_JOB } from './publishing.ts';
import { getArticle } from './reading.ts';
import type { ArticleRecord } from './record-repository.ts';
import { chooseBody, checkReferences, heroColumns, resolveAuthors, resolveEditions, resolveSection, resolveTopics } from './resolve.ts';
import { findRevision } from './revision-repository.ts';
import { patchFromSnapshot, recordRevision } from './revisions.ts';
import { assertTransition, publishProblem, READER_VISIBLE } from './rules.ts';
import * as writes from './write-repository.ts';

// Writing an article: creating it, saving changes (or a restored revision), moving it through review, deleting it.

export function createArticle(deps: ContentDeps, input: CreateArticleInput, who: Actor): Promise<ArticleRecord> {
  return withSlugConflict(() =>
    changeArticle(deps, async (tx) => {
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

      await writes.insertArticle(tx, {
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
      await writes.replaceRelations(tx, id, { authorIds, topicIds, linkedIds, imageIds });
      if (input.status === 'published') {
        await publishInTransaction(tx, await getArticle(tx, id), { publishedAt: input.publishedAt ? new Date(input.publishedAt) : undefined }, who, false);
      }
      return { before: null, after: await recordRevision(tx, id, 'create', who) };
    }),
  );
}

/** Changes an article; `action` names the revision it makes ('update', or 'restore' for a restored revision). */
export function updateArticle(deps: ContentDeps, id: string, patch: ArticlePatch, who: Actor, action = 'update'): Promise<ArticleRecord> {
  return withSlugConflict(() =>
    changeArticle(deps, async (tx) => {
      const current = await getArticle(tx, id);
      const body = chooseBody(patch);
      const hero = patch.hero === undefined ? undefined : patch.hero;
      const changes: Parameters<typeof writes.updateArticle>[3] = {};
      const relations: Parameters<typeof writes.replaceRelations>[2] = {};

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
      const visible = READER_VISIBLE.some((field) => patch[field] !== undefined) || body !== undefined;
      if (current.status === 'published' && visible) changes.updatedAt = who.now;

      await versioned(
        'The article',
        patch.version,
        () => writes.updateArticle(tx, id, patch.version, changes),
        () => writes.currentVersion(tx, id),
      );
      // An autosave sends everything; rewrite only the relations that changed.
      const sameList = (a: string[] | undefined, b: string[]) => a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
      const sameSet = (a: string[] | undefined, b: string[]) => a !== undefined && sameList([...new Set(a)].sort(), [...new Set(b)].sort());
      const ids = (list: { id: string }[]) => list.map((x) => x.id);
      if (sameList(relations.authorIds, ids(current.authors))) delete relations.authorIds;
      if (sameList(relations.topicIds, ids(current.topics))) delete relations.topicIds;
      if (sameSet(relations.imageIds, ids(current.refImages))) delete relations.imageIds;
      if (sameSet(relations.linkedIds, ids(current.refArticles))) delete relations.linkedIds;
      await writes.replaceRelations(tx, id, relations);
      const updated = await getArticle(tx, id);
      if (updated.status === 'published') {
        const problem = publishProblem(await publishable(tx, updated), 'A published article must stay complete:');
        if (problem) throw problem;
      }
      return { before: current, after: await recordRevision(tx, id, action, who, updated) };
    }),
  );
}

/**
 * Makes the article say what revision `from` said, as a new revision: history only grows, so
 * the state being replaced stays restorable too.
 */
export async function restoreRevision(deps: ContentDeps, id: string, from: number, options: { version: number }, who: Actor) {
  const revision = await findRevision(deps.database.db, id, from);
  if (!revision) throw notFound('That revision');
  return updateArticle(deps, id, { ...patchFromSnapshot(revision.snapshot), version: options.version }, who, 'restore');
}

/** Moves an article between draft and review; nothing else about it changes. */
function moveInWorkflow(deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor, action: 'submit' | 'return') {
  return changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    const target = action === 'submit' ? 'in_review' : 'draft';
    if (article.status === target) return { before: article, after: article }; // a retried request is harmless
    assertTransition(article.status, action);
    const version = options.version ?? article.version;
    await versioned(
      'The article',
      version,
      () => writes.updateArticle(tx, id, version, { status: target }),
      () => writes.currentVersion(tx, id),
    );
    return { before: article, after: await recordRevision(tx, id, action, who) };
  });
}

export const submitArticle = (deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor) =>
  moveInWorkflow(deps, id, options, who, 'submit');
export const returnArticle = (deps: ContentDeps, id: string, options: { version?: number | undefined }, who: Actor) =>
  moveInWorkflow(deps, id, options, who, 'return');

/** Deletes an article; `record` runs in the same transaction (the newsroom's audit log keeps the deletion). */
export async function deleteArticle(deps: ContentDeps, id: string, record?: (tx: Executor, article: ArticleRecord) => Promise<void>): Promise<void> {
  await changeArticle(deps, async (tx) => {
    const article = await getArticle(tx, id);
    const inbound = await writes.countInboundLinks(tx, id);
    if (inbound)
      throw conflict(
        `${inbound} other article${inbound === 1 ? ' links' : 's link'} to this one as a related story; remove those links first, or unpublish it instead.`,
      );
    await cancelJob(tx, `${PUBLISH_SCHEDULED_JOB}:${id}`);
    await writes.deleteArticle(tx, id);
    await record?.(tx, article);
    return { before: article, after: null };
  });
}
