import { presentImage } from '../images/present.ts';
import type { ImageRow } from '../images/repository.ts';
import type { Urls } from '../urls.ts';
import type { AuthorRow, EditionRow, SectionRow, TopicRow } from './repository.ts';

const admin = (row: { version: number; createdAt: Date; updatedAt: Date }) => ({
  version: row.version,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

export function presentAuthor(author: AuthorRow, urls: Urls, photo: ImageRow | undefined, withAdmin: boolean) {
  return {
    id: author.id,
    slug: author.slug,
    name: author.name,
    title: author.title,
    bio: author.bio,
    url: urls.author(author.slug),
    photo: photo ? presentImage(photo, urls) : null,
    ...(withAdmin ? { photoId: author.photoId, ...admin(author) } : {}),
  };
}

export function presentSection(section: SectionRow, urls: Urls, parentSlug: string | null, withAdmin: boolean) {
  return {
    id: section.id,
    slug: section.slug,
    name: section.name,
    description: section.description,
    parent: parentSlug,
    position: section.position,
    url: urls.section(section.slug),
    ...(withAdmin ? admin(section) : {}),
  };
}

export function presentTopic(topic: TopicRow, urls: Urls, withAdmin: boolean) {
  return {
    id: topic.id,
    slug: topic.slug,
    name: topic.name,
    description: topic.description,
    url: urls.topic(topic.slug),
    ...(withAdmin ? admin(topic) : {}),
  };
}

export const presentEdition = (edition: EditionRow) => ({
  code: edition.code,
  name: edition.name,
  timeZone: edition.timeZone,
  locale: edition.locale,
});
