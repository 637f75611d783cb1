import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { sharedPath } from './testdata.ts';

type Kind = 'index' | 'articles' | 'pages' | 'news';

const OWN = path.join(import.meta.dirname, 'schemas');
const PUBLISHED_FILES = ['sitemap.xsd', 'sitemap-news.xsd', 'sitemap-image.xsd'];
const ROOT: Record<Kind, string> = { index: 'sitemapindex', articles: 'urlset', pages: 'urlset', news: 'urlset' };
/** The published schemas in the shared corpora, by the sitemap they check (the news one is a wrapper importing the others). */
const PUBLISHED: Record<Kind, string> = { index: 'siteindex.xsd', articles: 'sitemap.xsd', pages: 'sitemap.xsd', news: 'news-sitemap-all.xsd' };

const file = (dir: string, name: string) => ({ fileName: name, contents: fs.readFileSync(path.join(dir, name), 'utf8') });

async function validate(xml: string, dir: string, schema: string, preload: string[]) {
  const result = await validateXML({
    xml: [{ fileName: 'document.xml', contents: xml }],
    schema: [file(dir, schema)],
    preload: preload.map((name) => file(dir, name)),
  });
  return result.errors.map((e) => `${schema}: ${e.message}`);
}

/**
 * Validates a sitemap we serve (libxml2 compiled to WebAssembly, offline): always against our
 * own schema of what we emit (test/support/schemas), and also against the published Sitemaps
 * and News schemas when the shared corpora are beside the repository, as on CI.
 */
export async function validateSitemap(xml: string, kind: Kind): Promise<{ valid: boolean; errors: string[] }> {
  const root = /<([A-Za-z][\w:.-]*)[\s>]/.exec(xml.replace(/^<\?xml[^>]*\?>\s*/, ''))?.[1];
  const errors = root === ROOT[kind] ? [] : [`the root element is <${root}>, not <${ROOT[kind]}>`];
  errors.push(...(await validate(xml, OWN, 'masthead-sitemap.xsd', ['masthead-sitemap-news.xsd'])));
  // The published schemas when all three are in the shared corpora (CI has them).
  const dir = [...PUBLISHED_FILES, PUBLISHED[kind]].every((name) => sharedPath('xsd', name)) ? sharedPath('xsd') : null;
  if (dir) {
    const schema = PUBLISHED[kind];
    errors.push(
      ...(await validate(
        xml,
        dir,
        schema,
        PUBLISHED_FILES.filter((name) => name !== schema),
      )),
    );
  }
  return { valid: errors.length === 0, errors };
}

/** Whether `xml` is well-formed XML (RSS has no schema of record): libxml2's errors, none when it is. */
export async function wellFormedErrors(xml: string): Promise<string[]> {
  const result = await validateXML({ xml: [{ fileName: 'document.xml', contents: xml }], normalization: 'format' });
  return result.errors.map((e) => e.message);
}
