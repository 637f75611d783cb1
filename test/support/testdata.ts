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
 * MASTHEAD_TESTDATA set to a folder that does not exist fails loudly: whoever set it expects
 * the corpora to run, and a run that quietly left them out would prove less than it claims.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const configured = process.env.MASTHEAD_TESTDATA;
const candidate = configured ? path.resolve(configured) : path.resolve(root, '../shared/testdata');
if (configured && !fs.existsSync(candidate))
  throw new Error(`MASTHEAD_TESTDATA is ${configured}, which does not exist. Unset it to run the project's own cases alone.`);

/** The shared corpora's folder, or null when this checkout has none beside it. */
export const SHARED_TESTDATA: string | null = fs.existsSync(candidate) ? candidate : null;

/** One line for the test run's log: which hostile input this run uses. */
export function describeTestdata(): string {
  const own = `project cases (${path.relative(root, path.join(root, 'test/fixtures/hostile'))})`;
  return SHARED_TESTDATA
    ? `hostile input: ${own} + shared corpora at ${SHARED_TESTDATA}`
    : `hostile input: ${own} only; no shared corpora at ${candidate} (set MASTHEAD_TESTDATA to add them)`;
}

function shared<T>(file: string): T[] {
  if (!SHARED_TESTDATA) return [];
  const full = path.join(SHARED_TESTDATA, file);
  // A corpus folder without one of its files is broken, not absent: say so.
  if (!fs.existsSync(full)) throw new Error(`The shared test corpus ${full} is missing from ${SHARED_TESTDATA}.`);
  return JSON.parse(fs.readFileSync(full, 'utf8')) as T[];
}

export type { UnicodeCase } from '../fixtures/hostile/unicode.ts';

/** Each list: the project's own cases first, then the shared corpus's when present. */
export const testdata = {
  xss: (): string[] => [...xss, ...shared<{ payload: string }>('xss.json').map((x) => x.payload)],
  sqli: (): string[] => [...sqli, ...shared<{ payload: string }>('sqli.json').map((x) => x.payload)],
  pathTraversal: (): string[] => [...pathTraversal, ...shared<{ payload: string }>('path-traversal.json').map((x) => x.payload)],
  unicode: (): UnicodeCase[] => [...unicode, ...shared<UnicodeCase>('unicode.json')].filter((c) => typeof c.value === 'string'),
  /** Strings that break careless code without being an attack (with the shared "big list of naughty strings"). */
  naughty: (): string[] => [...naughty, ...shared<string>('blns.json')],
};
