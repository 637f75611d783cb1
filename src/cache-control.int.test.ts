import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { signedInStaff } from '../test/support/accounts.ts';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../test/support/app.ts';
import { engine } from '../test/support/database.ts';
import { DEFAULT_CACHE_CONTROL } from './platform/http/cache-control.ts';

/**
 * Pure: every GET route's full path, read from Fastify's printed route tree (each line is a
 * segment under its parent, indented four characters a level).
 */
export function getRoutes(tree: string): string[] {
  const stack: string[] = [];
  const found: string[] = [];
  for (const line of tree.split('\n')) {
    const indent = line.search(/[^\s│├└─]/);
    const match = /^(\S+) \(([^)]*)\)$/.exec(line.slice(Math.max(indent, 0)));
    if (indent < 0 || !match) continue;
    // Each line is its parent's indentation plus a four-character branch ("├── ").
    const depth = Math.max(0, Math.floor(indent / 4) - 1);
    const full = (depth > 0 ? stack[depth - 1]! : '') + match[1]!;
    stack[depth] = full;
    stack.length = depth + 1;
    if (
      match[2]!
        .split(',')
        .map((m) => m.trim())
        .includes('GET')
    )
      found.push(full.replace(/\/{2,}/g, '/'));
  }
  return found;
}

/**
 * Nothing a route forgot to mark may be kept by a cache in front: every registered GET route is
 * requested (as a reader, with the Admin API token, and as a signed-in admin), its path filled
 * with real values where it names them, and every 200 must say how it may be cached. Routes
 * that said nothing are found here (they carry the default), so removing the default fails this.
 */
describe(`default Cache-Control on ${engine}`, () => {
  let t: TestApp;
  const values: Record<string, string> = {};
  before(async () => {
    t = await createTestApp({ env: { PAYMENTS_SANDBOX: '1' } });
    await seedBasics(t);
    const article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    Object.assign(values, { id: article.id, slug: article.slug, idOrSlug: article.slug, section: 'world', page: '1', edition: 'uk' });
  });
  after(() => t.close());

  it('every GET route that answers 200 says how it may be cached; those that set nothing are private', { timeout: 120_000 }, async () => {
    const routes = getRoutes(t.app.printRoutes({ commonPrefix: false, method: 'GET' }));
    assert.ok(routes.length > 100, `found ${routes.length} GET routes`);
    const admin = await signedInStaff(t, 'admin', 'Ada Admin');
    const fill = (route: string) => route.replace(/\|:\w+/g, '').replace(/:(\w+)/g, (_all, name: string) => values[name] ?? 'x');
    const answered: string[] = [];
    const defaulted: string[] = [];
    // Live streams (SSE) stay open: their headers are tested with the live channel.
    for (const route of routes.filter((r) => !/\/(live|change)$/.test(r))) {
      const url = fill(route);
      for (const response of [await t.get(url), await t.admin('GET', url), await admin.agent.get(url)]) {
        if (response.statusCode !== 200) continue;
        const header = response.headers['cache-control'];
        assert.ok(typeof header === 'string' && header.length > 0, `${url} answered 200 without Cache-Control`);
        answered.push(url);
        if (header === DEFAULT_CACHE_CONTROL) defaulted.push(url);
      }
    }
    assert.ok(new Set(answered).size > 40, `only ${new Set(answered).size} routes answered 200`);
    // Routes that set no header of their own (the Admin API's reads among them) are the ones this protects.
    assert.ok(
      defaulted.some((url) => url.startsWith('/api/admin/')),
      `no Admin API read carried the default: ${[...new Set(defaulted)].join(' ')}`,
    );
  });

  it('reads the route tree Fastify prints', () => {
    const tree = ['└── / (GET)', '    ├── healthz (GET)', '    ├── api/admin/articles (GET)', '    │   └── /:id (GET, HEAD)', '    └── rss.xml (POST)'].join(
      '\n',
    );
    assert.deepEqual(getRoutes(tree), ['/', '/healthz', '/api/admin/articles', '/api/admin/articles/:id']);
  });
});
