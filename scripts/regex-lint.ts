import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

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
 * Runs the regular-expression checks (eslint.config.js) over `patterns` under `cwd`; returns
 * every finding, warnings and parse errors included, so a caller fails on any of them.
 */
export async function regexFindings(patterns: string[] = LINTED, cwd = root): Promise<RegexFinding[]> {
  const eslint = new ESLint({ cwd, overrideConfigFile: path.join(root, 'eslint.config.js'), errorOnUnmatchedPattern: true });
  const results = await eslint.lintFiles(patterns);
  return results.flatMap((result) =>
    result.messages.map((m) => ({ file: path.relative(cwd, result.filePath), line: m.line, column: m.column, rule: m.ruleId ?? 'parse error', message: m.message })),
  );
}

export const describeFinding = (f: RegexFinding) => `${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`;
