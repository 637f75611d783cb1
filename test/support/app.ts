import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/app.ts';
import { DiskStorage, type MediaStorage } from '../../src/platform/storage/index.ts';
import { createToken } from '../../src/newsroom/tokens/service.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  db: TestDatabase;
  /** The app's media store: a folder (`mediaDir`) unless the test gave one (an S3 bucket's). */
  storage: MediaStorage;
  /** The temp dir the app has as DATA_DIR, and the disk store's root when the test gave no store. */
  mediaDir: string;
  token: string;
  /** inject() with the Admin API token and JSON handled. */
  admin(method: InjectOptions['method'], url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export const PUBLIC_URL = 'https://news.example';

/** The whole application on a fresh database, driven through inject(). */
export async function createTestApp(
  options: { now?: () => Date; env?: Record<string, string>; logStream?: NodeJS.WritableStream; storage?: MediaStorage } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-media-'));
  const storage = options.storage ?? new DiskStorage(mediaDir);
  // On PostgreSQL the configuration names the test's database, as a site's names its own (backups read it).
  const config = loadConfig({ PUBLIC_URL, DATA_DIR: mediaDir, LOG_LEVEL: 'silent', ...(db.url ? { DATABASE_URL: db.url } : {}), ...options.env });
  let app: Awaited<ReturnType<typeof buildApp>>;
  try {
    app = await buildApp({
      config,
      database: db.database,
      storage,
      logger: options.logStream ? { stream: options.logStream } : false,
      ...(options.now ? { now: options.now } : {}),
    });
    await app.ready();
  } catch (error) {
    // A start that fails (a bad setting under test) must not leave its database open.
    await db.dispose();
    fs.rmSync(mediaDir, { recursive: true, force: true });
    throw error;
  }
  const { token } = await createToken(db.database.db, 'tests');
  return {
    app,
    db,
    storage,
    mediaDir,
    token,
    admin: (method, url, body, headers = {}) =>
      app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    get: (url) => app.inject({ method: 'GET', url }),
    close: async () => {
      await app.close();
      await db.dispose();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/** A newsroom with one author, section tree and topic, enough to write articles. */
export async function seedBasics(t: TestApp) {
  const ok = async (response: LightMyRequestResponse) => {
    if (response.statusCode >= 300) throw new Error(`setup failed: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  await ok(await t.admin('POST', '/api/admin/authors', { name: 'Ada Reporter', title: 'Staff reporter', bio: 'Writes things down.' }));
  await ok(await t.admin('POST', '/api/admin/authors', { name: 'Ben Editor' }));
  await ok(await t.admin('POST', '/api/admin/sections', { name: 'News' }));
  await ok(await t.admin('POST', '/api/admin/sections', { name: 'World', parent: 'news' }));
  await ok(await t.admin('POST', '/api/admin/topics', { name: 'Diplomacy' }));
  await ok(await t.admin('POST', '/api/admin/topics', { name: 'Trade' }));
}

export const validArticle = (overrides: Record<string, unknown> = {}) => ({
  headline: 'Leaders agree to meet again in spring',
  standfirst: 'Talks ended without a deal but with a date.',
  bodyMarkdown: 'The talks ended on **Friday**.\n\nBoth sides said they would return.',
  authors: ['ada-reporter'],
  section: 'world',
  topics: ['diplomacy'],
  ...overrides,
});

/** Row counts of every table: "the database is as it was" means these did not change. */
export async function tableCounts(t: TestApp): Promise<Record<string, number>> {
  const tables = [
    'articles',
    'article_authors',
    'article_topics',
    'article_links',
    'article_images',
    'article_corrections',
    'article_revisions',
    'authors',
    'sections',
    'topics',
    'images',
    'jobs',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const result = (await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
    counts[table] = Number(result.rows[0]!.n);
  }
  return counts;
}

/** A multipart/form-data body, built by hand so tests control every byte (file names included). */
export function multipart(fields: Record<string, string>, file?: { field?: string; filename: string; type: string; data: Buffer }) {
  const boundary = `----masthead${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.filename}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
    );
    parts.push(file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
