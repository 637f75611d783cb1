import type { Readable } from 'node:stream';
import { AppError } from '../errors.ts';

/** A stored file to send on: its bytes as a stream, and how many there are (for Content-Length). */
export interface StoredFile {
  body: Readable;
  size: number;
}

/** One file in a store, as listing finds it. */
export interface StoredObject {
  id: string;
  file: string;
  size: number;
}

/**
 * Where media files live: the pictures' originals, their variants and crops, avatars. Every file
 * is addressed by an id (a UUID we made) and a file name (`original.jpg`, `640.webp`); both are
 * checked against what we generate before they reach a disk path or an object key, so no
 * request can name anything else. A store that cannot be reached or refuses raises the
 * `unavailable` error (503, naming the media store); a file that is not there is `null` or 404.
 */
export interface MediaStorage {
  /** What the store is, for messages and logs: never a secret (no key, no credentials in a URL). */
  readonly description: string;
  /** Stores the bytes whole: a reader never sees part of a file. Its type is its name's (`mediaType`). */
  put(id: string, file: string, bytes: Buffer): Promise<void>;
  /** The file as a stream with its size; null when it is not there. */
  get(id: string, file: string): Promise<StoredFile | null>;
  /** The whole file in memory (an original to resize); a missing file is the `not_found` error. */
  readAll(id: string, file: string): Promise<Buffer>;
  /** The file's size in bytes; null when it is not there. */
  sizeOf(id: string, file: string): Promise<number | null>;
  exists(id: string, file: string): Promise<boolean>;
  /** Removes one file; a file already gone is no error. */
  remove(id: string, file: string): Promise<void>;
  /** Removes every file of the id (an image and all its variants); none left is no error. */
  removeAll(id: string): Promise<void>;
  /** Every file in the store, for moves and backups. Names that are not ours (temporary files, strays) are skipped. */
  list(): AsyncIterable<StoredObject>;
  /** Lets go of connections (the S3 client's sockets); the store is not used after. */
  close(): Promise<void>;
}

/** Ids and file names are made by us; anything else never reaches a path or a key. */
const ID = /^[0-9a-f-]{36}$/;
const FILE = /^[a-z0-9][a-z0-9-]*\.[a-z0-9]+$/;

export const isMediaId = (id: string) => ID.test(id);
export const isMediaFile = (file: string) => FILE.test(file);

export function checkName(id: string, file: string): void {
  if (!ID.test(id) || !FILE.test(file)) throw new Error(`Refusing media name ${JSON.stringify(id).slice(0, 60)}/${JSON.stringify(file).slice(0, 60)}`);
}

const TYPES: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpg: 'image/jpeg', png: 'image/png', gif: 'image/gif' };

/** The Content-Type a file is stored and served with, from its extension: every name is ours, so the extension is true. */
export const mediaType = (file: string) => TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream';

/** An upload's original keeps the camera's metadata (GPS position...): it is never public. */
export const isOriginal = (file: string) => file.startsWith('original.');

/** How long a client should wait before trying a store that did not answer again. */
const RETRY_AFTER_SECONDS = 30;

/**
 * The store did not do what was asked (it refused, failed or did not answer in time). The
 * message names the media store, so an editor and an operator know which part is down;
 * `reason` goes to the log only and must hold no secret (an error's name and status, a
 * system error code, never a server's message text, which may quote a signature).
 */
export function mediaStoreUnavailable(description: string, action: string, reason: string): AppError {
  const error = new AppError(
    'unavailable',
    `The media store (${description}) is not available, so the file could not be ${action}. Please try again in a moment.`,
    undefined,
    {
      retryAfterSeconds: RETRY_AFTER_SECONDS,
    },
  );
  return Object.assign(error, { cause: new Error(`media store ${description}: ${reason}`) });
}

export const missingFile = () => new AppError('not_found', 'There is no such image file.');
