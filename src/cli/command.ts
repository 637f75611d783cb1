import type { ParseArgsConfig } from 'node:util';
import type { Config } from '../platform/config.ts';

/** An expected mistake in how a command was called: one line and exit code 2, never a stack trace. */
export class UsageError extends Error {}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** What a command is run with: the configuration, its options and the words after its name. */
export interface CommandInput {
  config: Config;
  values: OptionValues;
  args: string[];
}

/**
 * One `masthead` command. `name` is its words (`token create`); `usage` its lines in the help;
 * `options` those it reads (all commands' options are accepted, each reads its own). It
 * resolves to the exit code, or -1 when it keeps running (a server).
 */
export interface Command {
  name: string;
  usage: string[];
  options?: NonNullable<ParseArgsConfig['options']>;
  /** The environment the configuration is read from, when the command changes it (`start --demo`). */
  environment?: (env: NodeJS.ProcessEnv, values: OptionValues) => NodeJS.ProcessEnv;
  run(input: CommandInput): Promise<number>;
}

export const say = (line: string) => process.stderr.write(`${line}\n`);
