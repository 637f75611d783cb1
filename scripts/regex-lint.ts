import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ESLint, type Linter } from 'eslint';

/** Where our own code lives: every regular expression in it is checked. */
export const LINTED = ['src', 'test', 'scripts', 'bench', 'bin', 'eslint.config.js'];

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface RegexFinding {
  file: string;
  line: number;
  column: number;
  rule: string;
  message: string;
}

/**
 * Runs the regular-expression checks alone (`regexChecks` in eslint.config.js, which the full
 * lint in `npm test` includes) over `patterns` under `cwd`, any folder, with no type
 * information needed; returns every finding, warnings and parse errors included, so a caller
 * fails on any of them.
 */
export async function regexFindings(patterns: string[] = LINTED, cwd = root): Promise<RegexFinding[]> {
  const { regexChecks } = (await import(pathToFileURL(path.join(root, 'eslint.config.js')).href)) as { regexChecks: Linter.Config[] };
  // Disable comments for other rules are the full lint's business, not this check's.
  const config = [...regexChecks, { linterOptions: { reportUnusedDisableDirectives: 'off' } } satisfies Linter.Config];
  const eslint = new ESLint({ cwd, overrideConfigFile: true, overrideConfig: config, errorOnUnmatchedPattern: true });
  const results = await eslint.lintFiles(patterns);
  return results.flatMap((result) =>
    result.messages.map((m) => ({
      file: path.relative(cwd, result.filePath),
      line: m.line,
      column: m.column,
      rule: m.ruleId ?? 'parse error',
      message: m.message,
    })),
  );
}

export const describeFinding = (f: RegexFinding) => `${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`;
