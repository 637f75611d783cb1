import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { naughty } from '../fixtures/hostile/naughty.ts';
import { pathTraversal } from '../fixtures/hostile/path-traversal.ts';
import { sqli } from '../fixtures/hostile/sqli.ts';
import { unicode, type UnicodeCase } from '../fixtures/hostile/unicode.ts';
import { xss } from '../fixtures/hostile/xss.ts';

/**
 * Hostile and odd input for the tests. The project's own cases (test/fixtures/hostile) always
 * run, so a fresh clone standing alone tests every class of input. The larger public corpora
 * that CI keeps beside the repository (`../shared/testdata`, or wherever MASTHEAD_TESTDATA
 * points) are added when they are there. They are never copied into the repository.
 *
 * Nothing here throws: a clone with nothing beside it, MASTHEAD_TESTDATA naming a folder that
 * is not there, or a corpus folder missing a file all run the project's own cases, and the run's
 * log says which shared corpora were used and which were not found (`describeTestdata`, and each
 * test process for what it looked up itself).
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configured = process.env.MASTHEAD_TESTDATA;
const candidate = configured ? path.resolve(configured) : path.resolve(root, '../shared/testdata');

/** The shared corpora's folder, or null when this checkout has none beside it. */
export const SHARED_TESTDATA: string | null = fs.existsSync(candidate) ? candidate : null;

/** What the shared corpora lacked, for the log: each file or folder asked for and not found. */
const notFound = new Set<string>();
/** Of those, what this process already said in `describeTestdata`'s line (only the runner's process calls it, so test processes repeat what it named). */
const said = new Set<string>();

/**
 * Notes something left out. The runner prints `describeTestdata` once, at the start and in its
 * own process, but most lookups happen later, in the test processes (node --test runs a file in
 * a process of its own; the runner's shards are processes too), whose notes it never sees. So
 * each process that leaves something out says so itself, once, on stderr as it exits (the test
 * runner passes a file's stderr on to the run's log). Written at exit, a note could be lost if
 * the pipe were full; it cannot hang or fail the process.
 */
function leaveOut(what: string): void {
  if (notFound.size === 0) process.once('exit', sayLeftOut);
  notFound.add(what);
}

function sayLeftOut(): void {
  const unsaid = [...notFound].filter((what) => !said.has(what));
  if (!unsaid.length) return;
  try {
    process.stderr.write(`test data: not found in the shared corpora at ${SHARED_TESTDATA}, so left out: ${unsaid.join(', ')}\n`);
  } catch {
    // A log line is not worth failing a test run over.
  }
}

/** A file or folder of the shared corpora (`xsd`, `stripe/invoice.paid.json`) when it is there, else null (and noted). */
export function sharedPath(...names: string[]): string | null {
  if (!SHARED_TESTDATA) return null;
  const full = path.join(SHARED_TESTDATA, ...names);
  if (fs.existsSync(full)) return full;
  leaveOut(path.join(...names));
  return null;
}

/** One line for the test run's log: which hostile input this run uses. */
export function describeTestdata(): string {
  for (const name of ['xss.json', 'sqli.json', 'path-traversal.json', 'unicode.json', 'blns.json', 'xsd', 'stripe']) sharedPath(name);
  const own = `project cases (${path.relative(root, path.join(root, 'test/fixtures/hostile'))})`;
  if (!SHARED_TESTDATA) return `hostile input: ${own} only; no shared corpora at ${candidate} (set MASTHEAD_TESTDATA to add them)`;
  const missing = notFound.size ? `; not found there, so left out: ${[...notFound].join(', ')}` : '';
  for (const what of notFound) said.add(what);
  return `hostile input: ${own} + shared corpora at ${SHARED_TESTDATA}${missing}`;
}

/** A shared corpus's list; empty when the file is missing or is not a JSON list (noted for the log). */
function shared(file: string): unknown[] {
  const full = sharedPath(file);
  if (!full) return [];
  try {
    const cases = JSON.parse(fs.readFileSync(full, 'utf8')) as unknown;
    if (Array.isArray(cases)) return cases;
  } catch {
    // Unreadable: left out like a missing one.
  }
  leaveOut(`${file} (not a JSON list)`);
  return [];
}

/** The entries of a shared list that have the shape asked for; any other (null, a number, a field missing) is left out, never thrown on. */
function sharedOf<T>(file: string, pick: (entry: unknown) => T | undefined): T[] {
  const list = shared(file);
  const picked = list.flatMap((entry) => {
    const one = pick(entry);
    return one === undefined ? [] : [one];
  });
  if (picked.length < list.length) leaveOut(`${list.length - picked.length} entries of ${file} (not of the expected shape)`);
  return picked;
}
const stringOf = (entry: unknown) => (typeof entry === 'string' ? entry : undefined);
const payloadOf = (entry: unknown) => stringOf((entry as { payload?: unknown } | null)?.payload);
const unicodeCaseOf = (entry: unknown) => {
  const c = entry as Partial<UnicodeCase> | null;
  const fine = c && typeof c.value === 'string' && Array.isArray(c.fields) && c.fields.every((f) => typeof f === 'string') && typeof c.expect === 'string';
  return fine ? (c as UnicodeCase) : undefined;
};

export type { UnicodeCase } from '../fixtures/hostile/unicode.ts';

/** Each list: the project's own cases first, then the shared corpus's when present. */
export const testdata = {
  xss: (): string[] => [...xss, ...sharedOf('xss.json', payloadOf)],
  sqli: (): string[] => [...sqli, ...sharedOf('sqli.json', payloadOf)],
  pathTraversal: (): string[] => [...pathTraversal, ...sharedOf('path-traversal.json', payloadOf)],
  unicode: (): UnicodeCase[] => [...unicode.filter((c) => typeof c.value === 'string'), ...sharedOf('unicode.json', unicodeCaseOf)],
  /** Strings that break careless code without being an attack (with the shared "big list of naughty strings"). */
  naughty: (): string[] => [...naughty, ...sharedOf('blns.json', stringOf)],
};
