import type { MediaConfig } from '../config/storage.ts';
import { DiskStorage } from './disk.ts';
import { S3Storage } from './s3.ts';
import type { MediaStorage } from './storage.ts';

export { DiskStorage } from './disk.ts';
export { moveMedia, type MoveOptions, type MoveReport } from './move.ts';
export { S3Storage, type S3Settings, type S3Timeouts } from './s3.ts';
export { isOriginal, mediaType, type MediaStorage, type StoredFile, type StoredObject } from './storage.ts';

/** The store the configuration names: the media folder in DATA_DIR, or an S3 bucket. */
export function openMediaStorage(media: MediaConfig): MediaStorage {
  return media.store === 's3' ? new S3Storage(media.s3) : new DiskStorage(media.dir);
}
