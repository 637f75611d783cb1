import type { Engine } from '../db/database.ts';
import type { Migration } from '../db/migrate.ts';

/**
 * What a backup archive holds, written last into it (`manifest.json`): the format and its
 * version, the engine the database dump is for, the migrations that database had, and each
 * other member's size and sha256, so a restore can check the whole archive before it changes
 * anything.
 */
export const BACKUP_FORMAT = 'masthead-backup';
export const BACKUP_VERSION = 1;
export const MANIFEST = 'manifest.json';

export interface MemberFacts {
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  engine: Engine;
  /** The member holding the database: PGlite's data directory (gzip) or pg_dump's custom format. */
  database: string;
  migrations: { tag: string; sha256: string }[];
  members: Record<string, MemberFacts>;
}

/** An archive that cannot be restored here, said before anything was changed. */
export class BackupError extends Error {
  override name = 'BackupError';
}

export const DATABASE_MEMBER: Record<Engine, string> = { pglite: 'database/pglite.tar.gz', postgres: 'database/postgres.dump' };

/** `media/<image id>/<file>`, names the media store made; anything else in an archive is foreign. */
const MEDIA_MEMBER = /^media\/([0-9a-f-]{36})\/([a-z0-9][a-z0-9-]*\.[a-z0-9]+)$/;

export function mediaMember(name: string): { id: string; file: string } | null {
  const match = MEDIA_MEMBER.exec(name);
  return match ? { id: match[1]!, file: match[2]! } : null;
}

export const mediaMemberName = (id: string, file: string) => `media/${id}/${file}`;

/**
 * Pure: the archive's manifest, checked against what was found in it (`seen`: each member's
 * size and hash as read) and against the migrations this release knows. Throws a BackupError
 * naming the first problem: not a Masthead backup, a newer format, a member missing, added or
 * changed, or a database from a newer release.
 */
export function checkManifest(text: string | undefined, seen: Map<string, MemberFacts>, known: Migration[]): BackupManifest {
  if (text === undefined) throw new BackupError('This is not a Masthead backup: it has no manifest.json.');
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(text) as BackupManifest;
  } catch {
    throw new BackupError('This is not a Masthead backup: its manifest.json is not JSON.');
  }
  if (manifest?.format !== BACKUP_FORMAT) throw new BackupError('This is not a Masthead backup: its manifest names another format.');
  if (!Number.isInteger(manifest.version) || manifest.version > BACKUP_VERSION)
    throw new BackupError(`This backup is format ${String(manifest.version)}; this release reads up to ${BACKUP_VERSION}: restore it with a newer release.`);
  if (manifest.engine !== 'pglite' && manifest.engine !== 'postgres') throw new BackupError('The backup names no database engine this release knows.');
  if (manifest.database !== DATABASE_MEMBER[manifest.engine]) throw new BackupError('The backup names a database member this release does not know.');
  const listed = manifest.members && typeof manifest.members === 'object' ? manifest.members : {};
  for (const facts of Object.values(listed))
    if (typeof facts?.size !== 'number' || typeof facts.sha256 !== 'string')
      throw new BackupError('The backup’s manifest lists a member without its size and hash.');
  for (const [name, facts] of seen) {
    const expected = listed[name];
    if (!expected) throw new BackupError(`The backup holds ${name}, which its manifest does not list: it was changed after it was made.`);
    if (expected.size !== facts.size || expected.sha256 !== facts.sha256)
      throw new BackupError(`The backup's ${name} does not match its manifest: the archive is damaged or was changed.`);
  }
  for (const name of Object.keys(listed)) {
    if (!seen.has(name)) throw new BackupError(`The backup lacks ${name}, which its manifest lists: the archive is incomplete.`);
    if (name !== manifest.database && !mediaMember(name)) throw new BackupError(`The backup holds ${name}, which is neither its database nor a media file.`);
  }
  if (!seen.has(manifest.database)) throw new BackupError('The backup holds no database.');
  if (!Array.isArray(manifest.migrations) || !manifest.migrations.every((m) => typeof m?.tag === 'string' && typeof m.sha256 === 'string'))
    throw new BackupError('The backup’s manifest does not list its migrations as this release writes them.');
  const knownTags = new Map(known.map((m) => [m.tag, m.sha256]));
  const newer = manifest.migrations.filter((m) => knownTags.get(m.tag) !== m.sha256);
  if (newer.length)
    throw new BackupError(
      `The backup's database has migrations this release does not know (${newer.map((m) => m.tag).join(', ')}): restore it with the release that made it, or a newer one.`,
    );
  return manifest;
}
