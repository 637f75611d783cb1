import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The shared corpora of hostile and odd input live beside the repository (`../shared/testdata`),
 * in CI too. MASTHEAD_TESTDATA points elsewhere. A missing corpus fails loudly: a test that
 * silently checks nothing proves nothing.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const TESTDATA_DIR = process.env.MASTHEAD_TESTDATA ?? path.resolve(root, '../shared/testdata');

function load<T>(file: string): T {
  const full = path.join(TESTDATA_DIR, file);
  if (!fs.existsSync(full)) throw new Error(`Test corpus ${full} is missing; set MASTHEAD_TESTDATA to the shared testdata folder.`);
  return JSON.parse(fs.readFileSync(full, 'utf8')) as T;
}

export interface UnicodeCase {
  id: string;
  value?: string;
  fields: string[];
  expect: 'preserve' | 'preserve-or-reject' | 'reject' | 'normalize-or-reject' | 'reject-or-strip' | 'reject-or-replace';
  description: string;
}

export const testdata = {
  xss: () => load<{ payload: string }[]>('xss.json').map((x) => x.payload),
  sqli: () => load<{ payload: string }[]>('sqli.json').map((x) => x.payload),
  pathTraversal: () => load<{ payload: string }[]>('path-traversal.json').map((x) => x.payload),
  unicode: () => load<UnicodeCase[]>('unicode.json').filter((c) => typeof c.value === 'string'),
  blns: () => load<string[]>('blns.json'),
  xsdDir: () => path.join(TESTDATA_DIR, 'xsd'),
};
