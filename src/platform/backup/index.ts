export { createBackup, pruneBackups, backupName, type BackupSummary } from './backup.ts';
export { restoreBackup, type RestoreTarget } from './restore.ts';
export { BackupError } from './manifest.ts';
export { registerScheduledBackups, scheduleBackup } from './schedule.ts';
export { moveToPostgres } from './move.ts';
