import crypto from 'node:crypto';
import type { Database, Executor } from '../../platform/db/database.ts';
import { AppError, conflict, notFound } from '../../platform/errors.ts';
import { enqueue } from '../../platform/jobs/queue.ts';
import type { MediaStorage } from '../../platform/storage/index.ts';
import { changeEverything, type ContentDeps } from '../changes.ts';
import { versioned } from '../versioning.ts';
import { decodeCursor, page, DEFAULT_LIMIT } from '../pagination.ts';
import { inspectImage, makeVariants } from './process.ts';
import * as repo from './repository.ts';
import { DEFERRED_FORMATS, EAGER_FORMATS, variantWidths } from './variants.ts';

export const AVIF_JOB = 'images.make-avif';
/** Removes the files of an upload that failed while the media store could not remove them itself. */
export const REMOVE_FILES_JOB = 'images.remove-files';

export interface ImageDetails {
  alt?: string | undefined;
  caption?: string | undefined;
  credit?: string | undefined;
  focalX?: number | undefined;
  focalY?: number | undefined;
}

/**
 * Stores an upload: its bytes decide what it is, JPEG and WebP variants are made now, AVIF is
 * queued. Files are written before the row, and removed again if the row cannot be written,
 * so a failed upload leaves neither a row without files nor files anyone can find. When the
 * store cannot remove them either (it is down: the likely reason the upload failed), a job
 * removes them once it answers again. Nothing shows a new image yet, so an upload announces
 * no change.
 */
export async function uploadImage(database: Database, storage: MediaStorage, buffer: Buffer, details: ImageDetails): Promise<repo.ImageRow> {
  const inspected = await inspectImage(buffer);
  const id = crypto.randomUUID();
  try {
    await storage.put(id, `original.${inspected.extension}`, buffer);
    const variants = await makeVariants(buffer, variantWidths(inspected.width), EAGER_FORMATS, (file, data) => storage.put(id, file, data));
    return await database.transaction(async (tx) => {
      const row = await repo.insertImage(tx, {
        id,
        sha256: crypto.createHash('sha256').update(buffer).digest('hex'),
        format: inspected.format,
        width: inspected.width,
        height: inspected.height,
        bytes: buffer.length,
        alt: details.alt ?? '',
        caption: details.caption ?? '',
        credit: details.credit ?? '',
        focalX: details.focalX ?? 0.5,
        focalY: details.focalY ?? 0.5,
        variants,
      });
      await enqueue(tx, AVIF_JOB, { imageId: id }, { singletonKey: `${AVIF_JOB}:${id}` });
      return row;
    });
  } catch (error) {
    // The store failing is the likely reason: asking it again at once would keep the editor
    // waiting through its timeouts twice, so the job removes the files when it answers again.
    const storeFailed = error instanceof AppError && error.code === 'unavailable';
    if (
      storeFailed ||
      !(await storage.removeAll(id).then(
        () => true,
        () => false,
      ))
    ) {
      await enqueue(database.db, REMOVE_FILES_JOB, { imageId: id }, { singletonKey: `${REMOVE_FILES_JOB}:${id}` }).catch(() => undefined); // the error below is what the editor must see
    }
    throw error;
  }
}

/** Job: the files of an upload that failed. Throws while the store is still down, so the queue tries again later. */
export async function removeLeftFiles(executor: Executor, storage: MediaStorage, imageId: string): Promise<void> {
  if (await repo.findImage(executor, imageId)) return; // never an image that exists
  await storage.removeAll(imageId);
}

/**
 * Job: the slow formats, added to the image's variants when done (pages may then offer them).
 * Idempotent. Announced as a change to the articles using the image only, never to everything:
 * a fresh upload is used by nothing yet, and purging the whole site (and the CDN) at every upload
 * would send every reader's next request to the origin at once.
 */
export async function makeDeferredVariants(deps: ContentDeps, storage: MediaStorage, imageId: string): Promise<void> {
  const image = await repo.findImage(deps.database.db, imageId);
  if (!image) return; // deleted since: nothing to do
  const missing = DEFERRED_FORMATS.filter((format) => !image.variants.some((v) => v.format === format));
  if (!missing.length) return;
  const original = await storage.readAll(image.id, originalFile(image));
  const variants = await makeVariants(original, variantWidths(image.width), missing, (file, data) => storage.put(image.id, file, data));
  const usedBy = await deps.database.transaction(async (tx) => {
    await repo.appendVariants(tx, image.id, variants);
    return repo.articlesUsing(tx, image.id);
  });
  deps.events.imageChanged(
    image.id,
    usedBy.map((article) => article.id),
  );
}

/** The name the upload's bytes were stored under. */
export const originalFile = (image: Pick<repo.ImageRow, 'format'>) => `original.${image.format === 'jpeg' ? 'jpg' : image.format}`;

export async function getImage(executor: Executor, id: string): Promise<repo.ImageRow> {
  const image = await repo.findImage(executor, id);
  if (!image) throw notFound('The image');
  return image;
}

export async function listImages(executor: Executor, query: { q?: string | undefined; cursor?: string | undefined; limit?: number | undefined }) {
  const limit = query.limit ?? DEFAULT_LIMIT;
  const fetched = await repo.listImages(executor, { q: query.q, cursor: decodeCursor(query.cursor), limit });
  return page(fetched, limit, (image) => ({ at: image.createdAt, id: image.id }));
}

export type ImageUse = Awaited<ReturnType<typeof repo.articlesUsing>>[number];

/**
 * Who changes an image answers for every article showing it: `allow` throws when the caller
 * may not change an image these articles use; `record` writes the change down. Both run in
 * the update's transaction, so a refusal or a failed record leaves the image as it was.
 */
export interface ImageChangeGuard {
  allow(usedBy: ImageUse[]): void;
  record?(executor: Executor, change: { before: repo.ImageRow; after: repo.ImageRow; usedBy: ImageUse[] }): Promise<void>;
}

/**
 * `guard` is required so that no caller can change a picture a live article shows without
 * deciding who answers for it. Alt text, captions and credits show on every page using the image.
 */
export async function updateImage(deps: ContentDeps, id: string, version: number, details: ImageDetails, guard: ImageChangeGuard): Promise<repo.ImageRow> {
  return changeEverything(deps, async (tx) => {
    const before = await repo.lockImage(tx, id);
    if (!before) throw notFound('The image');
    const usedBy = await repo.articlesUsing(tx, id);
    guard.allow(usedBy);
    const after = await versioned(
      'The image',
      version,
      () => repo.updateImage(tx, id, version, details),
      () => repo.findImage(tx, id),
    );
    await guard.record?.(tx, { before, after, usedBy });
    return after;
  });
}

export async function deleteImage(deps: ContentDeps, storage: MediaStorage, id: string): Promise<void> {
  await changeEverything(deps, async (tx) => {
    await getImage(tx, id);
    const uses = await repo.countImageUses(tx, id);
    if (uses > 0) throw conflict(`The image is used by ${uses} article${uses === 1 ? '' : 's'}; remove it from them first.`);
    await repo.deleteImage(tx, id);
  });
  // The image is gone once its row is: files the store cannot remove now are removed by a job later.
  await storage.removeAll(id).catch(() => enqueue(deps.database.db, REMOVE_FILES_JOB, { imageId: id }, { singletonKey: `${REMOVE_FILES_JOB}:${id}` }));
}
