import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createUser } from '../accounts/index.ts';
import { countPublished, insertComment } from '../comments/index.ts';
import { DEMO_DISCUSSION, DEMO_READERS } from './comments.ts';
import { DEMO_ASKS } from './asks.ts';
import { seedFronts } from './fronts.ts';
import { insertTest } from '../revenue/index.ts';
import {
  addCorrection,
  createArticle,
  ContentEvents,
  type Block,
  markdownToBlocks,
  uploadImage,
  createAuthor,
  createSection,
  createTopic,
} from '../content/index.ts';
import { rows, type Database } from '../platform/db/database.ts';
import type { MediaStorage } from '../platform/storage/index.ts';
import { DEMO_ARTICLES } from './articles.ts';
import { seedNavigation } from './navigation.ts';
import { DEMO_AUTHORS, DEMO_SECTIONS, DEMO_TOPICS } from './people.ts';
import { heroPicture, portrait } from './pictures.ts';
import { seedPages } from './pages.ts';
import { seedLiveBlogs } from './live/seed.ts';

/** A database with no sections and no articles has never been used: the demo may go in. */
export async function isEmpty(database: Database): Promise<boolean> {
  const [row] = await rows<{ n: number }>(database.db, sql`select (select count(*) from sections) + (select count(*) from articles) as n`);
  return Number(row?.n ?? 0) === 0;
}

const HOUR = 3_600_000;

/** Loads the demo edition through the same services the Admin API uses. */
export async function seedDemo(database: Database, storage: MediaStorage, now = new Date()): Promise<void> {
  // The demo goes in before the app serves anything: nobody holds a copy to be told of the changes.
  const content = { database, events: new ContentEvents() };
  for (const section of DEMO_SECTIONS) await createSection(content, section);
  for (const topic of DEMO_TOPICS) await createTopic(content, topic);
  for (const [i, author] of DEMO_AUTHORS.entries()) {
    const photo = await uploadImage(database, storage, await portrait(author.slug, i * 67), {
      alt: `Portrait of ${author.name}`,
      credit: 'Illustration: Masthead demo',
    });
    await createAuthor(content, { ...author, photoId: photo.id });
  }

  const ids = new Map<string, string>();
  // Oldest first, so every related story exists before the article that links to it.
  for (const article of [...DEMO_ARTICLES].sort((a, b) => b.hoursAgo - a.hoursAgo)) {
    const hero = await uploadImage(database, storage, await heroPicture(article.key, article.hero.hue), {
      alt: article.hero.alt,
      caption: article.hero.caption,
      credit: 'Illustration: Masthead demo',
    });
    const body: Block[] = article.body.flatMap((markdown): Block[] => {
      if (!markdown.startsWith('@related:')) return markdownToBlocks(markdown);
      const target = ids.get(markdown.slice('@related:'.length));
      if (!target) throw new Error(`Demo article ${article.key} links to ${markdown} before it exists`);
      return [{ type: 'related', articleId: target }];
    });
    const publishedAt = new Date(now.getTime() - article.hoursAgo * HOUR);
    const created = await createArticle(
      content,
      {
        headline: article.headline,
        standfirst: article.standfirst,
        body,
        hero: { imageId: hero.id },
        authors: article.authors,
        section: article.section,
        topics: article.topics,
        editions: article.editions,
        status: 'published',
        publishedAt: publishedAt.toISOString(),
      },
      { actor: 'demo', now: publishedAt },
    );
    ids.set(article.key, created.id);
    const later = { actor: 'demo', now: new Date(Math.min(now.getTime(), publishedAt.getTime() + 2 * HOUR)) };
    if (article.correction) await addCorrection(content, created.id, { kind: 'correction', note: article.correction }, later);
    if (article.update) await addCorrection(content, created.id, { kind: 'update', note: article.update }, later);
  }
  await seedLiveBlogs(content, storage, ids, now);
  await seedDiscussion(database, ids, now);
  await seedFronts(database, content.events, ids, now);
  for (const ask of DEMO_ASKS) await insertTest(database.db, ask, now);
  await seedNavigation(content, now);
  await seedPages(content, now);
  await database.db.execute(sql`analyze`);
}

/** The demo's readers and their comments under one story, published as a moderator had approved them. */
async function seedDiscussion(database: Database, ids: Map<string, string>, now: Date): Promise<void> {
  const article = DEMO_ARTICLES.find((a) => a.key === DEMO_DISCUSSION.article)!;
  const articleId = ids.get(article.key)!;
  const publishedAt = now.getTime() - article.hoursAgo * HOUR;
  const readers = new Map<string, string>();
  for (const reader of DEMO_READERS) {
    const user = await createUser(database.db, { email: reader.email, role: 'reader', displayName: reader.name, confirmedAt: new Date(publishedAt) });
    readers.set(reader.key, user.id);
  }
  const made: { id: string; rootId: string; depth: number }[] = [];
  await database.transaction(async (tx) => {
    for (const comment of DEMO_DISCUSSION.comments) {
      const id = crypto.randomUUID();
      const parent = comment.replyTo === undefined ? null : made[comment.replyTo]!;
      await insertComment(tx, {
        id,
        articleId,
        authorId: readers.get(comment.by)!,
        parentId: parent?.id ?? null,
        rootId: parent?.rootId ?? id,
        depth: parent ? parent.depth + 1 : 0,
        body: comment.text,
        status: 'published',
        recommendCount: comment.recommends,
        createdAt: new Date(publishedAt + comment.minutesAfter * 60_000),
      });
      await countPublished(tx, { articleId, parentId: parent?.id ?? null }, 1, new Date(publishedAt + comment.minutesAfter * 60_000));
      made.push({ id, rootId: parent?.rootId ?? id, depth: parent ? parent.depth + 1 : 0 });
    }
  });
}
