import { conflict, notFound } from '../platform/errors.ts';

/**
 * Optimistic concurrency: an update names the version it edits and is applied only if that is
 * still the current one. When the guarded UPDATE touched nothing, find out why: the thing is
 * gone (404) or someone else saved first (409, with the current version so a client can
 * reload and merge).
 */
export async function versioned<T extends { version: number }>(
  what: string,
  version: number,
  update: () => Promise<T | undefined>,
  find: () => Promise<{ version: number } | undefined>,
): Promise<T> {
  const updated = await update();
  if (updated) return updated;
  const current = await find();
  if (!current) throw notFound(what);
  throw conflict(
    `${what} was changed by someone else: you edited version ${version}, the current version is ${current.version}. Reload it and apply your change again.`,
    'version',
    { currentVersion: current.version },
  );
}
