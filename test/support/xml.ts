import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { testdata } from './testdata.ts';

/** Validates XML against one of the shared XSDs (libxml2 compiled to WebAssembly, offline). */
export async function validateAgainst(xml: string, schema: 'sitemap.xsd' | 'siteindex.xsd' | 'news-sitemap-all.xsd') {
  const dir = testdata.xsdDir();
  const file = (name: string) => ({ fileName: name, contents: fs.readFileSync(path.join(dir, name), 'utf8') });
  const preload = ['sitemap.xsd', 'sitemap-news.xsd', 'sitemap-image.xsd'].filter((name) => name !== schema).map(file);
  const result = await validateXML({ xml: [{ fileName: 'document.xml', contents: xml }], schema: [file(schema)], preload });
  return { valid: result.valid, errors: result.errors.map((e) => e.message) };
}
