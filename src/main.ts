import { parseArgs, type ParseArgsConfig } from 'node:util';
import { COMMANDS, UsageError, type Command } from './cli/index.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { DatabaseInUseError } from './platform/db/pglite-lock.ts';
import { MigrationError } from './platform/db/migrate.ts';
import { AppError } from './platform/errors.ts';
import { BackupError } from './platform/backup/manifest.ts';

const USAGE = `Usage: masthead <command>

${COMMANDS.flatMap((command) => command.usage.map((line) => `  ${line}`)).join('\n')}

Configuration comes from environment variables; see README.md.`;

const say = (line: string) => process.stderr.write(`${line}\n`);

/** Every command's options: each reads its own, and an option no command knows is refused. */
const OPTIONS: NonNullable<ParseArgsConfig['options']> = Object.assign({ help: { type: 'boolean', short: 'h' } }, ...COMMANDS.map((c) => c.options ?? {}));

/** Pure: the command whose words begin `words` (the longest, so `token create` beats a `token`), and the words after them. */
export function findCommand(words: string[]): { command: Command; args: string[] } | undefined {
  const matches = COMMANDS.filter((command) => {
    const name = command.name.split(' ');
    return name.every((word, i) => words[i] === word);
  }).sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  return command && { command, args: words.slice(command.name.split(' ').length) };
}

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  if (values.help || !positionals.length) {
    say(USAGE);
    return positionals.length ? 0 : 2;
  }
  const found = findCommand(positionals);
  if (!found) throw new UsageError(`Unknown command "${positionals.join(' ')}".\n\n${USAGE}`);
  const { command, args } = found;
  const config = loadConfig(command.environment ? command.environment(process.env, values) : process.env);
  return command.run({ config, values, args });
}

/** Expected failures become one clear line and a non-zero exit, never a stack trace. */
export function explain(error: unknown): { message: string; code: number } {
  if (error instanceof ConfigError || error instanceof UsageError) return { message: error.message, code: 2 };
  if (error instanceof DatabaseInUseError || error instanceof MigrationError || error instanceof BackupError) return { message: error.message, code: 1 };
  if (error instanceof AppError) return { message: `${error.field ? `${error.field}: ` : ''}${error.message}`, code: 1 };
  if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return { message: (error as Error).message, code: 2 };
  if ((error as { code?: string }).code === 'ECONNREFUSED')
    return { message: `Cannot reach the PostgreSQL server in DATABASE_URL: ${(error as Error).message}`, code: 1 };
  return { message: `Unexpected error: ${(error as Error).stack ?? String(error)}`, code: 1 };
}
