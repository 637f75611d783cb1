import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDatabase } from '../src/platform/db/open.ts';
import { migrate } from '../src/platform/db/migrate.ts';
import { dumpPglite, ensurePgTemplate } from '../test/support/database.ts';
import { describeTestdata, sharedPath } from '../test/support/testdata.ts';
import { providePostgres, type Postgres } from './postgres.ts';
import { provideSystemPackages } from './system-packages.ts';
import { CURRENT_LTS, provideNode } from './node-runtime.ts';
import { allChecks, countByRule, describeFinding } from './checks.ts';

/**
 * `npm test`: every check and every suite, each of which must run. Type-check (TypeScript 7);
 * the checks (scripts/checks.ts): formatting (Prettier), the lint (ESLint, typescript-eslint,
 * every regular expression checked for super-linear backtracking) and the dependency rules
 * (dependency-cruiser); unit and integration tests on PGlite; the integration tests again on a
 * real PostgreSQL server (provided here when the machine has none); the unit and integration
 * tests on PGlite again on the current LTS line of Node (scripts/node-runtime.ts); the browser suite when
 * there is one. Pushpin and Debian's Chromium are installed first when missing and the run may
 * (scripts/system-packages.ts). A check with a finding, or a suite that runs no test, skips one, or cannot
 * start, fails the run, but the run goes on so one run shows every problem.
 *
 * `npm test -- --checks-only` stops after the type-check and the checks (a minute, not the
 * suites' half hour).
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const artifacts = path.join(root, '.test-artifacts');
fs.rmSync(artifacts, { recursive: true, force: true });
fs.mkdirSync(artifacts, { recursive: true });

interface Totals {
  pass: number;
  fail: number;
  skipped: number;
  todo: number;
  cancelled: number;
}
const totals: Totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
const problems: string[] = [];

function files(dir: string, pattern: RegExp): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((file) => pattern.test(file) && !file.includes('node_modules'))
    .map((file) => path.join(dir, file))
    .sort();
}

function step(title: string) {
  process.stdout.write(`\n━━ ${title}\n`);
}

/**
 * Splits `list` into `count` shards of about equal size (by bytes of test code, largest first
 * to the lightest shard), each an entry file importing its share in one process.
 */
function shardEntries(name: string, list: string[], count: number): string[] {
  const shards = Array.from({ length: count }, () => ({ bytes: 0, files: [] as string[] }));
  for (const file of [...list].sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)) {
    const lightest = shards.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    lightest.bytes += fs.statSync(file).size;
    lightest.files.push(file);
  }
  return shards
    .filter((shard) => shard.files.length)
    .map((shard, i) => {
      const entry = path.join(artifacts, `${name}-shard-${i}.ts`);
      fs.writeFileSync(entry, shard.files.map((file) => `await import(${JSON.stringify(pathToFileURL(file).href)});\n`).join(''));
      return entry;
    });
}

/** One run of node's test runner; its totals from the TAP it wrote, or null when it wrote none. */
function run(
  args: string[],
  env: Record<string, string>,
  tap: string,
  spec: string | 'stdout',
  node = process.execPath,
): Promise<{ code: number | null; totals: Totals | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      node,
      // Tests wait for conditions, not for fixed times; this bound only stops one that would wait for ever.
      [
        '--import',
        'tsx',
        '--test-timeout=600000',
        '--test-reporter=spec',
        `--test-reporter-destination=${spec}`,
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...args,
      ],
      { cwd: root, env: { ...process.env, ...env }, stdio: 'inherit' },
    );
    child.on('close', (code) => {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      const count = (key: keyof Totals) => Number(new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
      const totals: Totals = { pass: count('pass'), fail: count('fail'), skipped: count('skipped'), todo: count('todo'), cancelled: count('cancelled') };
      resolve({ code, totals: Object.values(totals).some(Number.isNaN) ? null : totals });
    });
  });
}

/**
 * Runs a suite and adds up its totals. `shared`: the files run in `concurrency` long-lived
 * processes, a shard each, rather than one process per file. Loading tsx and the application
 * costs each process seconds of CPU, more than many a file's tests: eight files took 20 s in one
 * process against 51 s apart. The browser suite keeps a process per file (each starts Chromium).
 */
async function suite(
  name: string,
  list: string[],
  env: Record<string, string>,
  options: { concurrency?: number; shared?: boolean; node?: string } = {},
): Promise<void> {
  const concurrency = options.concurrency ?? 2;
  step(`${name}: ${list.length} files${options.shared ? ` in ${concurrency} processes` : ''}`);
  if (!list.length) {
    problems.push(`${name}: no test files found`);
    return;
  }
  const base = path.join(artifacts, name.replace(/\W+/g, '-'));
  const runs = options.shared
    ? await Promise.all(shardEntries(name, list, concurrency).map((entry, i) => run([entry], env, `${base}-${i}.tap`, `${base}-${i}.spec`, options.node)))
    : [await run(['--test', `--test-concurrency=${concurrency}`, ...list], env, `${base}.tap`, 'stdout', options.node)];
  // Each shard's report whole, one after the other, rather than their lines interleaved.
  if (options.shared) runs.forEach((_, i) => fs.existsSync(`${base}-${i}.spec`) && process.stdout.write(fs.readFileSync(`${base}-${i}.spec`, 'utf8')));
  const result: Totals = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
  for (const [i, { code, totals: found }] of runs.entries()) {
    if (!found) {
      problems.push(`${name}${runs.length > 1 ? ` (process ${i + 1})` : ''}: the test runner gave no totals (exit ${code})`);
      continue;
    }
    for (const key of Object.keys(result) as (keyof Totals)[]) result[key] += found[key];
    if (code !== 0 && !found.fail && !found.cancelled) problems.push(`${name}: a test process exited ${code}`);
  }
  for (const key of Object.keys(totals) as (keyof Totals)[]) totals[key] += result[key];
  if (result.fail || result.cancelled) problems.push(`${name}: ${result.fail} failed, ${result.cancelled} cancelled`);
  if (result.skipped || result.todo) problems.push(`${name}: ${result.skipped} skipped and ${result.todo} todo; a skipped test proves nothing`);
  if (result.pass === 0) problems.push(`${name}: ran no test`);
}

async function main() {
  const started = Date.now();
  // Which hostile input and sitemap schemas this run uses: a fresh clone has only its own.
  step('test data');
  process.stdout.write(`${describeTestdata()}\n`);
  process.stdout.write(`sitemap schemas: the project's own (test/support/schemas)${sharedPath('xsd') ? ' + the published ones in the shared corpora' : ''}\n`);
  // What the suites need from Debian (scripts/system-packages.ts); the checks alone need none of it.
  if (!process.argv.includes('--checks-only')) {
    step('system packages: PostgreSQL, Pushpin, Varnish, Chromium');
    for (const line of provideSystemPackages()) process.stdout.write(`${line}\n`);
  }
  step('type-check');
  const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript-native/bin/tsc'), '--noEmit', '-p', root], { stdio: 'inherit' });
  if (tsc.status !== 0) problems.push('type-check failed');

  for (const check of await allChecks()) {
    step(`${check.name}: ${check.findings.length} finding${check.findings.length === 1 ? '' : 's'} in ${check.seconds.toFixed(1)} s`);
    for (const finding of check.findings) process.stdout.write(`✗ ${describeFinding(finding)}\n`);
    if (check.findings.length) problems.push(`${check.name}: ${countByRule(check.findings)}`);
    if (check.failure) problems.push(`${check.name} could not run: ${check.failure}`);
  }
  if (process.argv.includes('--checks-only')) return finish(started);

  // One migrated PGlite database, cloned by every test file: creating one takes seconds.
  step('PGlite template');
  const template = path.join(artifacts, 'pglite-template.tar');
  const database = await openDatabase({});
  await migrate(database);
  fs.writeFileSync(template, Buffer.from(await (await dumpPglite(database)).arrayBuffer()));
  await database.close();

  const src = path.join(root, 'src');
  const unitAndIntegration = [...files(src, /\.test\.tsx?$/), ...files(path.join(root, 'test'), /^(?!e2e\/).*\.test\.ts$/)];
  await suite('pglite', unitAndIntegration, { MASTHEAD_TEST_ENGINE: 'pglite', MASTHEAD_PGLITE_TEMPLATE: template }, { shared: true });

  step('PostgreSQL server');
  let postgres: Postgres | undefined;
  try {
    postgres = await providePostgres();
    process.stdout.write(`using ${postgres.source}\n`);
    process.env.MASTHEAD_TEST_PG_URL = postgres.url;
    await ensurePgTemplate();
    await suite('postgres', files(src, /\.int\.test\.ts$/), { MASTHEAD_TEST_ENGINE: 'postgres', MASTHEAD_TEST_PG_URL: postgres.url }, { shared: true });
  } catch (error) {
    problems.push(`postgres: could not provide a PostgreSQL server: ${(error as Error).message}`);
  } finally {
    await postgres?.stop().catch(() => {});
  }

  // The unit and integration tests again on the current LTS line of Node (scripts/node-runtime.ts).
  step(`Node ${CURRENT_LTS}`);
  if (Number(process.versions.node.split('.')[0]) === CURRENT_LTS) process.stdout.write(`this run is on Node ${process.versions.node} already\n`);
  else {
    try {
      const node = provideNode(root);
      process.stdout.write(`using Node ${node.version} from npm\n`);
      await suite(
        `pglite on Node ${CURRENT_LTS}`,
        unitAndIntegration,
        { MASTHEAD_TEST_ENGINE: 'pglite', MASTHEAD_PGLITE_TEMPLATE: template },
        { shared: true, node: node.binary },
      );
    } catch (error) {
      problems.push(`Node ${CURRENT_LTS}: ${(error as Error).message}`);
    }
  }

  // Two browser files at once: each waits on Chromium and on its pages much of the time.
  const e2e = files(path.join(root, 'test', 'e2e'), /\.test\.ts$/);
  if (e2e.length) await suite('browser', e2e, { MASTHEAD_TEST_ENGINE: 'pglite', MASTHEAD_PGLITE_TEMPLATE: template });

  finish(started);
}

function finish(started: number): never {
  step(`summary after ${Math.round((Date.now() - started) / 1000)} s`);
  for (const problem of problems) process.stdout.write(`✗ ${problem}\n`);
  const failed = totals.fail + totals.cancelled + (problems.length && !totals.fail ? 1 : 0);
  process.stdout.write(`tests: ${totals.pass} passed, ${failed} failed\n`);
  process.exit(problems.length ? 1 : 0);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.stdout.write(`tests: ${totals.pass} passed, ${totals.fail + 1} failed\n`);
  process.exit(1);
});
