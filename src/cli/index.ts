import { startCommand } from './start.ts';
import { migrateCommand, seedCommand, tokenCreateCommand, userCreateCommand } from './site-commands.ts';
import { backupCommand, moveToPostgresCommand, restoreCommand } from './backup.ts';
import { mediaMoveCommand } from './media.ts';
import type { Command } from './command.ts';

export { UsageError, type Command, type OptionValues } from './command.ts';

/** Every `masthead` command, in the order the help lists them. */
export const COMMANDS: Command[] = [
  startCommand,
  migrateCommand,
  seedCommand,
  tokenCreateCommand,
  userCreateCommand,
  backupCommand,
  restoreCommand,
  moveToPostgresCommand,
  mediaMoveCommand,
];
