import path from 'node:path';
import { integer, type Env } from './parse.ts';

/** Backups the running site takes itself (`BACKUP_DIR`); `masthead backup` can also be run by hand or from cron. */
export interface BackupConfig {
  /** Where scheduled backups are written; unset, the site takes none. */
  dir: string | undefined;
  /** Hours between two scheduled backups. */
  everyHours: number;
  /** Finished backups kept in `dir`; older ones are deleted after each new one. */
  keep: number;
}

export function backupConfig(env: Env, cwd: string): BackupConfig {
  return {
    dir: env.BACKUP_DIR ? path.resolve(cwd, env.BACKUP_DIR) : undefined,
    everyHours: integer(env, 'BACKUP_EVERY_HOURS', 24, 1, 24 * 7),
    keep: integer(env, 'BACKUP_KEEP', 7, 1, 1000),
  };
}
