import crypto from 'node:crypto';
import { pgCode, type Executor } from '../../platform/db/database.ts';
import { changeEverything, type ContentDeps } from '../changes.ts';
import { conflict, invalid, notFound } from '../../platform/errors.ts';
import { findImage } from '../images/repository.ts';
import { versioned } from '../versioning.ts';
import * as repo from './repository.ts';
import { allocateSlug, withSlugConflict } from './slugs.ts';
import { UUID } from '../../platform/ids.ts';

export interface AuthorInput {
  name: string;
  slug?: string;
  title?: string;
  bio?: string;
  photoId?: string | null;
}
export interface SectionInput {
  name: string;
  slug?: string;
  description?: string;
  /** Slug of the parent section; null or absent for a top-level section. */
  parent?: string | null;
  position?: number;
}
export interface TopicInput {
  name: string;
  slug?: string;
  description?: string;
}
type Patch<T> = Partial<T> & { version: number };

/** Entities are addressed by id or by slug in the Admin API. */
const by = (idOrSlug: string) => (UUID.test(idOrSlug) ? { id: idOrSlug.toLowerCase() } : { slug: idOrSlug });

/** The new slug when an update asks for a different one (refused if taken), else nothing. */
function changedSlug(tx: Executor, table: 'authors' | 'sections' | 'topics', current: { id: string; slug: string }, requested: string | undefined) {
  if (!requested || requested === current.slug) return Promise.resolve(undefined);
  return allocateSlug(tx, table, { requested, from: '', fallback: '', reserved: table === 'sections', exceptId: current.id });
}

async function checkPhoto(executor: Executor, photoId: string | null | undefined) {
  if (photoId && !(await findImage(executor, photoId))) throw invalid('photoId', 'photoId names an image that does not exist.');
}

// Authors

export async function getAuthor(executor: Executor, idOrSlug: string) {
  const author = await repo.findAuthor(executor, by(idOrSlug));
  if (!author) throw notFound('The author');
  return author;
}

export function createAuthor(deps: ContentDeps, input: AuthorInput) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      await checkPhoto(tx, input.photoId);
      const slug = await allocateSlug(tx, 'authors', { requested: input.slug, from: input.name, fallback: 'author' });
      return repo.insertAuthor(tx, { id: crypto.randomUUID(), slug, name: input.name, title: input.title, bio: input.bio, photoId: input.photoId ?? null });
    }),
  );
}

export function updateAuthor(deps: ContentDeps, idOrSlug: string, patch: Patch<AuthorInput>) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      const current = await getAuthor(tx, idOrSlug);
      await checkPhoto(tx, patch.photoId);
      const slug = await changedSlug(tx, 'authors', current, patch.slug);
      const { version, ...changes } = patch;
      return versioned(
        'The author',
        version,
        () => repo.updateAuthor(tx, current.id, version, { ...changes, slug }),
        () => repo.findAuthor(tx, { id: current.id }),
      );
    }),
  );
}

const several = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Deletes an author who is on no byline: neither an article's nor a live blog entry's (a 409 names which). */
export async function deleteAuthor(deps: ContentDeps, idOrSlug: string) {
  try {
    await changeEverything(deps, async (tx) => {
      const author = await getAuthor(tx, idOrSlug);
      const inArticles = await repo.countAuthorArticles(tx, author.id);
      const inEntries = await repo.countAuthorLiveEntries(tx, author.id);
      const uses = [inArticles ? several(inArticles, 'article', 'articles') : '', inEntries ? several(inEntries, 'live blog entry', 'live blog entries') : ''];
      if (inArticles || inEntries) throw conflict(`The author is on the byline of ${uses.filter(Boolean).join(' and ')}; remove them from those first.`);
      await repo.dropAuthorFromDeletedEntries(tx, author.id);
      await repo.deleteAuthor(tx, author.id);
    });
  } catch (error) {
    // Put on a byline between the count and the delete: the foreign key refuses, and this says why.
    if (pgCode(error) === '23503') throw conflict('The author was put on a byline at the same moment; remove them from it first.');
    throw error;
  }
}

// Sections

export async function getSection(executor: Executor, idOrSlug: string) {
  const section = await repo.findSection(executor, by(idOrSlug));
  if (!section) throw notFound('The section');
  return section;
}

async function parentId(executor: Executor, parent: string | null | undefined): Promise<string | null | undefined> {
  if (parent === undefined) return undefined;
  if (parent === null) return null;
  const found = await repo.findSection(executor, { slug: parent });
  if (!found) throw invalid('parent', `parent names a section that does not exist ("${parent}").`);
  return found.id;
}

export function createSection(deps: ContentDeps, input: SectionInput) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      const parent = await parentId(tx, input.parent);
      const slug = await allocateSlug(tx, 'sections', { requested: input.slug, from: input.name, fallback: 'section', reserved: true });
      return repo.insertSection(tx, {
        id: crypto.randomUUID(),
        slug,
        name: input.name,
        description: input.description,
        parentId: parent ?? null,
        position: input.position ?? 0,
      });
    }),
  );
}

export function updateSection(deps: ContentDeps, idOrSlug: string, patch: Patch<SectionInput>) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      const current = await getSection(tx, idOrSlug);
      const parent = await parentId(tx, patch.parent);
      if (parent && (await repo.sectionSubtreeIds(tx, current.id)).includes(parent)) {
        throw invalid('parent', 'parent cannot be the section itself or one of the sections under it.');
      }
      const slug = await changedSlug(tx, 'sections', current, patch.slug);
      const { version, parent: _parent, ...changes } = patch;
      return versioned(
        'The section',
        version,
        () => repo.updateSection(tx, current.id, version, { ...changes, slug, parentId: parent }),
        () => repo.findSection(tx, { id: current.id }),
      );
    }),
  );
}

export async function deleteSection(deps: ContentDeps, idOrSlug: string) {
  await changeEverything(deps, async (tx) => {
    const section = await getSection(tx, idOrSlug);
    const usage = await repo.sectionUsage(tx, section.id);
    if (usage.children) throw conflict(`The section has ${usage.children} section${usage.children === 1 ? '' : 's'} under it; move or delete those first.`);
    if (usage.articles) throw conflict(`The section holds ${usage.articles} article${usage.articles === 1 ? '' : 's'}; move them to another section first.`);
    await repo.deleteSection(tx, section.id);
  });
}

// Topics

export async function getTopic(executor: Executor, idOrSlug: string) {
  const topic = await repo.findTopic(executor, by(idOrSlug));
  if (!topic) throw notFound('The topic');
  return topic;
}

export function createTopic(deps: ContentDeps, input: TopicInput) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      const slug = await allocateSlug(tx, 'topics', { requested: input.slug, from: input.name, fallback: 'topic' });
      return repo.insertTopic(tx, { id: crypto.randomUUID(), slug, name: input.name, description: input.description });
    }),
  );
}

export function updateTopic(deps: ContentDeps, idOrSlug: string, patch: Patch<TopicInput>) {
  return withSlugConflict(() =>
    changeEverything(deps, async (tx) => {
      const current = await getTopic(tx, idOrSlug);
      const slug = await changedSlug(tx, 'topics', current, patch.slug);
      const { version, ...changes } = patch;
      return versioned(
        'The topic',
        version,
        () => repo.updateTopic(tx, current.id, version, { ...changes, slug }),
        () => repo.findTopic(tx, { id: current.id }),
      );
    }),
  );
}

export async function deleteTopic(deps: ContentDeps, idOrSlug: string) {
  await changeEverything(deps, async (tx) => {
    const topic = await getTopic(tx, idOrSlug);
    const uses = await repo.countTopicArticles(tx, topic.id);
    if (uses) throw conflict(`The topic is on ${uses} article${uses === 1 ? '' : 's'}; remove it from those first.`);
    await repo.deleteTopic(tx, topic.id);
  });
}
