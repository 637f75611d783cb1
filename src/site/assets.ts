import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import sharp from 'sharp';

/**
 * The reader site's static files, built in memory when the process starts (esbuild takes a
 * fraction of a second): the stylesheet, the island loader with one chunk per island, and the
 * logo. Names carry a content hash, so they are cached for a year and never go stale.
 */
export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

export interface Assets {
  files: Map<string, Asset>;
  css: string;
  loader: string;
  /** The newsroom's loader (the reader islands and the editor's) and its stylesheet. */
  newsroomLoader: string;
  newsroomCss: string;
  logo: string;
  /** The service worker, served at /sw.js (a fixed address: browsers keep it registered). */
  serviceWorker: Asset;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const hash = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('base64url').slice(0, 12);

function add(files: Map<string, Asset>, name: string, body: Buffer, type: string): string {
  files.set(name, { body, type, etag: `"${hash(body)}"` });
  return `/assets/${name}`;
}

/** Our mark: three bars of a newspaper column, drawn here. */
const LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="192" height="192" viewBox="0 0 192 192">
  <rect width="192" height="192" rx="28" fill="#0b2e4f"/>
  <rect x="36" y="44" width="120" height="22" rx="4" fill="#f6f1e7"/>
  <rect x="36" y="85" width="120" height="12" rx="4" fill="#f6f1e7"/>
  <rect x="36" y="112" width="84" height="12" rx="4" fill="#f6f1e7"/>
  <rect x="36" y="139" width="100" height="12" rx="4" fill="#f6f1e7"/></svg>`;

async function buildAssets(): Promise<Assets> {
  const files = new Map<string, Asset>();
  const cssSource = fs.readFileSync(path.join(here, 'styles.css'), 'utf8');
  const css = await transform(cssSource, { loader: 'css', minify: true });
  const cssName = `site-${hash(css.code)}.css`;
  const cssUrl = add(files, cssName, Buffer.from(css.code), 'text/css; charset=utf-8');
  const newsroomCss = await transform(fs.readFileSync(path.join(here, 'newsroom.css'), 'utf8'), { loader: 'css', minify: true });
  const newsroomCssUrl = add(files, `newsroom-${hash(newsroomCss.code)}.css`, Buffer.from(newsroomCss.code), 'text/css; charset=utf-8');

  const result = await build({
    entryPoints: { islands: path.join(here, '../client/islands.ts'), newsroom: path.join(here, '../client/newsroom.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    minify: true,
    target: 'es2020',
    write: false,
    outdir: '/assets',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    legalComments: 'none',
    logLevel: 'silent',
  });
  let loader = '';
  let newsroomLoader = '';
  for (const file of result.outputFiles) {
    const name = path.basename(file.path);
    const url = add(files, name, Buffer.from(file.contents), 'text/javascript; charset=utf-8');
    if (name.startsWith('islands-')) loader = url;
    if (name.startsWith('newsroom-')) newsroomLoader = url;
  }
  const worker = await build({
    entryPoints: [path.join(here, '../alerts/client/sw.ts')],
    bundle: true,
    format: 'iife',
    minify: true,
    target: 'es2020',
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const workerBody = Buffer.from(worker.outputFiles[0]!.contents);
  const serviceWorker: Asset = { body: workerBody, type: 'text/javascript; charset=utf-8', etag: `"${hash(workerBody)}"` };
  const logo = await sharp(Buffer.from(LOGO_SVG)).png().toBuffer();
  const logoUrl = add(files, `logo-${hash(logo)}.png`, logo, 'image/png');
  return { files, css: cssUrl, loader, newsroomLoader, newsroomCss: newsroomCssUrl, logo: logoUrl, serviceWorker };
}

let built: Promise<Assets> | undefined;

/** Built once per process; every app instance in it shares the result. */
export const siteAssets = () => (built ??= buildAssets());
