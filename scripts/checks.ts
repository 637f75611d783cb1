import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checks `npm test` runs before the suites (and `npm test -- --checks-only` runs alone):
 * formatting (Prettier, prettier.config.js), the lint (ESLint with typescript-eslint,
 * eslint.config.js) and the dependency rules (dependency-cruiser, .dependency-cruiser.mjs).
 * Each runs as its own process (the lint's type information takes memory the suites want
 * back) and reports every finding with the rule that found it.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What the lint and the dependency rules look at: all our code (the formatter looks at the whole tree). */
export const CHECKED = ['src', 'test', 'scripts', 'bench', 'bin', 'drizzle.config.ts', 'eslint.config.js', 'prettier.config.js', '.dependency-cruiser.mjs'];

export interface Finding {
  /** The rule broken, as the tool names it: `prettier`, `no-floating-promises`, `domain-front-door`... */
  rule: string;
  /** Where: `file`, `file:line:column`, or `from → to` for a dependency. */
  where: string;
  message: string;
}

export interface CheckResult {
  name: string;
  findings: Finding[];
  /** Set when the tool itself failed (crashed, bad config): the run fails even without findings. */
  failure?: string;
  seconds: number;
}

export const describeFinding = (f: Finding) => `${f.rule}: ${f.where}${f.message ? ` ${f.message}` : ''}`;

interface Output {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(script: string, args: string[]): Promise<Output> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, script), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: `${stderr}${error.message}` }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function timed(name: string, check: () => Promise<Omit<CheckResult, 'name' | 'seconds'>>): Promise<CheckResult> {
  const started = Date.now();
  let result: Omit<CheckResult, 'name' | 'seconds'>;
  try {
    result = await check();
  } catch (error) {
    result = { findings: [], failure: (error as Error).message };
  }
  return { name, ...result, seconds: (Date.now() - started) / 1000 };
}

const lastLines = (text: string) => text.trim().split('\n').slice(-5).join('\n');

/** Prettier's check: every file it would change is one finding. Exit 1 means "files differ", 2 an error. */
export const formatCheck = () =>
  timed('format', async () => {
    const out = await run('node_modules/prettier/bin/prettier.cjs', ['--list-different', '.']);
    const findings = out.stdout
      .split('\n')
      .filter(Boolean)
      .map((file) => ({ rule: 'prettier', where: file, message: 'not formatted (npm run format)' }));
    if (out.code === 1 && findings.length) return { findings };
    return { findings, ...(out.code === 0 ? {} : { failure: `prettier exited ${out.code}: ${lastLines(out.stderr)}` }) };
  });

interface EslintResult {
  filePath: string;
  messages: { ruleId: string | null; fatal?: boolean; line: number; column: number; message: string }[];
}

/** ESLint with every rule of eslint.config.js; a parse error and an unused disable comment are findings too. */
export const lintCheck = () =>
  timed('lint', async () => {
    const out = await run('node_modules/eslint/bin/eslint.js', ['--format', 'json', '--max-warnings', '0', ...CHECKED]);
    let results: EslintResult[];
    try {
      results = JSON.parse(out.stdout) as EslintResult[];
    } catch {
      return { findings: [], failure: `eslint exited ${out.code} without a report: ${lastLines(out.stderr || out.stdout)}` };
    }
    const findings = results.flatMap((result) =>
      result.messages.map((m) => ({
        rule: m.ruleId ?? (m.fatal ? 'parse-error' : 'unused-disable-directive'),
        where: `${path.relative(root, result.filePath)}:${m.line}:${m.column}`,
        message: m.message,
      })),
    );
    return { findings, ...(out.code === 0 || findings.length ? {} : { failure: `eslint exited ${out.code}: ${lastLines(out.stderr)}` }) };
  });

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
  cycle?: { name: string }[];
}

/** dependency-cruiser's rules: a violation names its rule, the importing file and what it imports (a cycle: the whole loop). */
export const dependencyCheck = () =>
  timed('dependency rules', async () => {
    const out = await run('node_modules/dependency-cruiser/bin/dependency-cruise.mjs', [
      '--config',
      '.dependency-cruiser.mjs',
      '--output-type',
      'json',
      ...CHECKED,
    ]);
    let violations: Violation[];
    try {
      violations = (JSON.parse(out.stdout) as { summary: { violations: Violation[] } }).summary.violations;
    } catch {
      return { findings: [], failure: `dependency-cruiser exited ${out.code} without a report: ${lastLines(out.stderr || out.stdout)}` };
    }
    const findings = violations.map((v) => ({
      rule: v.rule.name,
      where: v.cycle ? [v.from, ...v.cycle.map((step) => step.name)].join(' → ') : `${v.from} → ${v.to}`,
      message: '',
    }));
    return { findings, ...(out.code === 0 || findings.length ? {} : { failure: `dependency-cruiser exited ${out.code}: ${lastLines(out.stderr)}` }) };
  });

/** Runs the three checks at once (each is mostly one core's work) and returns their results in a fixed order. */
export const allChecks = () => Promise.all([formatCheck(), lintCheck(), dependencyCheck()]);

/** How many findings of each rule, most frequent first: `12 domain-front-door, 3 no-circular`. */
export function countByRule(findings: Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([rule, n]) => `${n} ${rule}`)
    .join(', ');
}
