import crypto from 'node:crypto';
import { AppError } from '../errors.ts';
import { isOriginal, type MediaStorage } from './storage.ts';

export interface MoveOptions {
  source: MediaStorage;
  target: MediaStorage;
  /** Remove each file from the source once its copy is in the target (and checked, for originals). */
  deleteSource: boolean;
  /** The sha256 an image's original must have (the images table's), or null where nothing says (an avatar, a stray). */
  expectedSha256(id: string): Promise<string | null>;
  /** A line now and then, so a long move shows it is moving. */
  progress?(line: string): void;
}

export interface MoveReport {
  copied: number;
  /** Already in the target with the same size: a move run again resumes where it stopped. */
  skipped: number;
  removed: number;
  /** Files not moved, each with why (an original whose bytes do not match its sha256). */
  failed: string[];
  /** Why the move stopped before the end: a store that does not answer. Run it again to resume. */
  stopped: string | null;
}

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const PROGRESS_EVERY = 500;

/**
 * Copies every file of one store to another. Safe to stop at any point and run again: a file
 * is written whole or not at all, and one already in the target with the same size is not
 * copied twice. An original is checked against the sha256 recorded at upload, both what is
 * read and the copy in the target, and a source file is removed only when asked and only after
 * its copy is known good, so no file is ever lost to a move.
 */
export async function moveMedia(options: MoveOptions): Promise<MoveReport> {
  const { source, target } = options;
  const report: MoveReport = { copied: 0, skipped: 0, removed: 0, failed: [], stopped: null };
  let seen = 0;
  try {
    for await (const { id, file, size } of source.list()) {
      if (++seen % PROGRESS_EVERY === 0) options.progress?.(`${seen} files: ${report.copied} copied, ${report.skipped} already there`);
      const expected = isOriginal(file) ? await options.expectedSha256(id) : null;
      if ((await target.sizeOf(id, file)) === size) {
        report.skipped++;
      } else {
        const bytes = await source.readAll(id, file);
        if (expected && sha256(bytes) !== expected) {
          report.failed.push(`${id}/${file}: the source's bytes do not match the sha256 recorded at upload (left where it is)`);
          continue;
        }
        await target.put(id, file, bytes);
        report.copied++;
      }
      if (expected && sha256(await target.readAll(id, file)) !== expected) {
        report.failed.push(`${id}/${file}: the copy in the target does not match the sha256 recorded at upload (the source is kept)`);
        continue;
      }
      if (options.deleteSource) {
        await source.remove(id, file);
        report.removed++;
      }
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    report.stopped = error.message;
  }
  return report;
}
