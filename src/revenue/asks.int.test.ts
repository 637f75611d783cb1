import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { engine } from '../../test/support/database.ts';
import { testdata } from '../../test/support/testdata.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { countryDatabase } from '../../test/support/mmdb.ts';
import { insertTest } from './asks/repository.ts';
import type { AskTest, Targeting, Variant } from './asks/types.ts';

const DAY = 86_400_000;
const anyone: Targeting = {
  countries: [],
  editions: [],
  sections: [],
  topics: [],
  excludedArticles: [],
  minArticlesRead: { count: 0, days: 0 },
  supporters: 'any',
  signedIn: 'any',
  devices: [],
};
const variants = (name: string): Variant[] =>
  ['a', 'b'].map((v) => ({
    id: `${name}-${v}`,
    name: v.toUpperCase(),
    heading: `${name}: readers in %%COUNTRY_NAME%%`,
    body: `You have read %%ARTICLE_COUNT%% articles this year (${v}).`,
    buttonText: 'Support us',
    amounts: { USD: [5, 15, 50], GBP: [4, 12, 40] },
    highlighted: { USD: 15, GBP: 12 },
  }));

/**
 * Choosing a support ask through `/api/ask`, every targeting rule in turn, with the country
 * from the CDN header the operator named, and the counters the island reports back.
 */
describe(`support asks on ${engine}: /api/ask and its counters`, () => {
  let t: TestApp;
  const now = new Date('2026-11-27T12:00:00Z');
  let ids: Record<string, string> = {};
  let inWorld: string;
  let excluded: string;

  const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/ask',
      payload: { slot: 'epic', browserId: 'browser-0001', edition: 'us', device: 'desktop', reads: [], views: {}, closed: {}, ...body },
      headers,
    });
  const chosen = async (body: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const answer = await ask(body, headers);
    if (answer.statusCode === 204) return null;
    assert.equal(answer.statusCode, 200, answer.body);
    assert.equal(answer.headers['cache-control'], 'private, no-store');
    return answer.json().ask as { testId: string; variantId: string; heading: string; body: string; currency: string; amounts: number[]; highlighted: number };
  };
  const nameOf = (testId: string | undefined) => Object.entries(ids).find(([, id]) => id === testId)?.[0] ?? null;
  const reads = (n: number) => Array.from({ length: n }, (_, i) => now.getTime() - i * DAY);

  before(async () => {
    t = await createTestApp({ now: () => now, env: { COUNTRY_HEADER: 'CF-IPCountry' } });
    await seedBasics(t);
    inWorld = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published', slug: 'in-world' }))).json().id;
    excluded = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published', slug: 'an-obituary' }))).json().id;
    const options = (await t.get('/api/alerts/options')).json();
    const world = options.sections.find((s: { slug: string }) => s.slug === 'world').id;
    const diplomacy = options.topics.find((x: { slug: string }) => x.slug === 'diplomacy').id;
    const make = async (name: string, fields: Partial<AskTest>, targeting: Partial<Targeting> = {}) => {
      const made = await insertTest(
        t.db.database.db,
        {
          name,
          slot: 'epic',
          status: 'live',
          startsAt: null,
          endsAt: null,
          priority: 0,
          targeting: { ...anyone, ...targeting },
          caps: { maxViews: { count: 3, days: 7 }, hideAfterCloseDays: 14 },
          variants: variants(name),
          ...fields,
        },
        now,
      );
      ids[name] = made.id;
    };
    ids = {};
    await make('us-regulars', { priority: 50 }, { countries: ['US'], minArticlesRead: { count: 3, days: 30 } });
    await make('world-members', { priority: 40 }, { sections: [world], excludedArticles: [excluded], signedIn: 'yes' });
    await make('diplomacy-mobile', { priority: 30 }, { topics: [diplomacy], devices: ['mobile'] });
    await make('uk-edition', { priority: 20 }, { editions: ['uk'] });
    await make('not-yet', { priority: 100, startsAt: new Date(now.getTime() + DAY) });
    await make('over', { priority: 100, endsAt: new Date(now.getTime() - 1) });
    await make('stopped', { priority: 100, status: 'stopped' });
    await make('draft', { priority: 100, status: 'draft' });
    await make('everyone-else', { priority: 0 }, { supporters: 'others' });
    await make('banner', { slot: 'banner' });
    await make('thanks', { slot: 'thank-you', priority: 0 }, { supporters: 'supporters' });
  });
  after(() => t.close());

  it('a regular reader in the United States gets the US ask, with the country and their count in the copy', async () => {
    const got = (await chosen({ articleId: inWorld, reads: reads(3) }, { 'cf-ipcountry': 'us' }))!;
    assert.equal(nameOf(got.testId), 'us-regulars');
    assert.match(got.heading, /^us-regulars: readers in the United States$/);
    assert.match(got.body, /^You have read 3 articles this year/);
    assert.deepEqual([got.currency, got.amounts, got.highlighted], ['USD', [5, 15, 50], 15]);
  });

  it('applies each rule: reading minimum, country, signed in, section and exclusion, topic and device, edition, schedule and status', async () => {
    const us = { 'cf-ipcountry': 'US' };
    assert.equal(nameOf((await chosen({ articleId: inWorld, reads: reads(2) }, us))?.testId), 'everyone-else', 'two reads are not enough; nothing else fits');
    assert.equal(nameOf((await chosen({ articleId: inWorld, reads: reads(3) }, { 'cf-ipcountry': 'CA' }))?.testId), 'everyone-else', 'not in the US');
    assert.equal(nameOf((await chosen({ articleId: inWorld, reads: reads(3) }))?.testId), 'us-regulars', 'no country known: the US edition stands in');
    assert.equal(
      nameOf((await chosen({ articleId: inWorld, reads: reads(3), edition: 'uk' }, { 'cf-ipcountry': 'XX' }))?.testId),
      'uk-edition',
      'unknown country on the UK edition: GB',
    );
    assert.equal(nameOf((await chosen({ articleId: inWorld, device: 'mobile' }))?.testId), 'diplomacy-mobile', 'the article is in the topic, on a phone');
    assert.equal(nameOf((await chosen({ device: 'mobile' }))?.testId), 'everyone-else', 'a front page is in no topic');

    const member = await signedInStaff(t, 'reader', 'Mo Member', '203.0.113.90', now);
    const memberAsk = async (body: Record<string, unknown>) => {
      const answer = await member.agent.postJson(
        '/api/ask',
        { slot: 'epic', browserId: 'browser-member', edition: 'us', device: 'desktop', reads: [], views: {}, closed: {}, ...body },
        member.csrf,
      );
      return answer.statusCode === 204 ? null : nameOf(answer.json().ask.testId);
    };
    assert.equal(await memberAsk({ articleId: inWorld }), 'world-members');
    assert.equal(await memberAsk({ articleId: excluded }), 'everyone-else', 'never on an excluded article');

    const uk = await chosen({ edition: 'uk' }, { 'cf-ipcountry': 'GB' });
    assert.equal(nameOf(uk?.testId), 'uk-edition');
    assert.equal(uk!.currency, 'GBP');
    assert.match(uk!.heading, /the United Kingdom/);
    assert.equal(nameOf((await chosen({ edition: 'atlantis' }))?.testId), 'uk-edition', 'an unknown edition is the first one (UK)');
    assert.equal(nameOf((await chosen({ slot: 'banner' }))?.testId), 'banner');
    assert.equal(await chosen({ slot: 'thank-you' }), null, 'no thank-you for a reader who has not given: 204');
    assert.equal(
      nameOf((await chosen({ articleId: inWorld, supporter: true }))?.testId),
      'thanks',
      'at the end of an article a supporter is thanked instead of asked',
    );
  });

  it('caps views and hides a closed ask, and gives a browser the same variant every time', async () => {
    const base = { articleId: inWorld, reads: reads(5) };
    const us = { 'cf-ipcountry': 'US' };
    const id = ids['us-regulars']!;
    assert.equal(nameOf((await chosen({ ...base, views: { [id]: reads(2) } }, us))?.testId), 'us-regulars');
    assert.equal(nameOf((await chosen({ ...base, views: { [id]: reads(3) } }, us))?.testId), 'everyone-else', 'three views this week');
    assert.equal(nameOf((await chosen({ ...base, closed: { [id]: now.getTime() - 3 * DAY } }, us))?.testId), 'everyone-else', 'closed three days ago');
    assert.equal(nameOf((await chosen({ ...base, closed: { [id]: now.getTime() - 15 * DAY } }, us))?.testId), 'us-regulars');
    const variantsSeen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const browserId = `browser-${String(i).padStart(4, '0')}`;
      const first = (await chosen({ ...base, browserId }, us))!.variantId;
      assert.equal((await chosen({ ...base, browserId, reads: reads(9) }, us))!.variantId, first);
      variantsSeen.add(first);
    }
    assert.deepEqual([...variantsSeen].sort(), ['us-regulars-a', 'us-regulars-b']);
  });

  it('refuses malformed context with a clear 4xx naming the field, never a 500', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ slot: 'popup' }, /slot/],
      [{ browserId: 'short' }, /browserId/],
      [{ browserId: '<script>alert(1)</script>' }, /browserId/],
      [{ device: 'fridge' }, /device/],
      [{ articleId: 'not-a-uuid' }, /articleId/],
      [{ reads: reads(501) }, /reads/],
      [{ reads: ['yesterday'] }, /reads/],
      [{ views: { x: 'often' } }, /views/],
      [{ closed: { x: -5 } }, /closed/],
      [{ extra: true }, /extra|additional/i],
    ];
    for (const [body, message] of cases) {
      const answer = await ask(body);
      assert.equal(answer.statusCode, 422, `${JSON.stringify(body).slice(0, 60)}: ${answer.body}`);
      assert.match(answer.json().error.message, message);
    }
    for (const payload of testdata.xss()) assert.equal((await ask({ browserId: payload })).statusCode, 422, payload);
    for (const payload of [...testdata.sqli(), ...testdata.naughty()]) {
      const answer = await ask({ edition: payload, views: { [payload.slice(0, 64)]: [1] } });
      // A key JSON parsers treat as the object's prototype ("__proto__") is refused as a malformed body.
      assert.ok(
        [200, 204, 422].includes(answer.statusCode) || (answer.statusCode === 400 && /prototype/.test(answer.json().error.message)),
        `${payload}: ${answer.statusCode} ${answer.body.slice(0, 200)}`,
      );
    }
    const notJson = await t.app.inject({ method: 'POST', url: '/api/ask', payload: '{"slot":', headers: { 'content-type': 'application/json' } });
    assert.equal(notJson.statusCode, 400);
    const unknownArticle = await chosen({ articleId: '00000000-0000-4000-8000-000000000000' });
    assert.equal(nameOf(unknownArticle?.testId), 'everyone-else', 'an unknown article is treated as a front page');
  });

  it('counts views, clicks and closes per variant, day and country', async () => {
    const test = ids['us-regulars']!;
    const event = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/api/ask/events', payload: body, headers });
    for (const kind of ['view', 'view', 'click', 'close'])
      assert.equal((await event({ testId: test, variantId: 'us-regulars-a', kind }, { 'cf-ipcountry': 'US' })).statusCode, 204);
    assert.equal((await event({ testId: test, variantId: 'us-regulars-b', kind: 'view' })).statusCode, 204);
    assert.equal((await event({ testId: test, variantId: 'no-such-variant', kind: 'view' })).statusCode, 404);
    assert.equal((await event({ testId: '00000000-0000-4000-8000-000000000000', variantId: 'us-regulars-a', kind: 'view' })).statusCode, 404);
    assert.equal((await event({ testId: test, variantId: 'us-regulars-a', kind: 'purchase' })).statusCode, 422);
    const counts = (await t.db.database.db.execute(
      sql`select variant_id, day::text as day, country, views, clicks, closes from ask_stats where test_id = ${test} order by variant_id`,
    )) as unknown as { rows: unknown[] };
    assert.deepEqual(counts.rows, [
      { variant_id: 'us-regulars-a', day: '2026-11-27', country: 'US', views: 2, clicks: 1, closes: 1 },
      { variant_id: 'us-regulars-b', day: '2026-11-27', country: '', views: 1, clicks: 0, closes: 0 },
    ]);

    // One address sending far more than a reader could is cut off, and counts no more.
    const click = { testId: test, variantId: 'us-regulars-b', kind: 'click' };
    const flood = () => t.app.inject({ method: 'POST', url: '/api/ask/events', payload: click, remoteAddress: '203.0.113.250' });
    const sent = [];
    for (let n = 0; n < 305; n++) sent.push((await flood()).statusCode);
    assert.equal(sent.filter((s) => s === 204).length, 300);
    const refused = await flood();
    assert.equal(refused.statusCode, 429);
    assert.match(refused.json().error.message, /Too many requests from your network\. Try again in \d+ seconds?\./);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    assert.equal((await event(click)).statusCode, 204, 'another address still counts');
    const clicks = (await t.db.database.db.execute(sql`select clicks from ask_stats where test_id = ${test} and variant_id = 'us-regulars-b'`)) as unknown as {
      rows: { clicks: number }[];
    };
    assert.equal(clicks.rows[0]!.clicks, 301);
  });

  it('without a CDN header, finds the country in the MaxMind database the operator supplied; a database it cannot read stops the start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-geoip-'));
    const file = path.join(dir, 'countries.mmdb');
    fs.writeFileSync(
      file,
      countryDatabase([
        { cidr: '198.51.100.0/24', country: 'DE' },
        { cidr: '192.0.2.128/25', country: 'US' },
      ]),
    );
    const geo = await createTestApp({ now: () => now, env: { COUNTRY_HEADER: 'cf-ipcountry', GEOIP_DB: file } });
    try {
      const body = { slot: 'epic', browserId: 'browser-geo-1', edition: 'uk', device: 'desktop', reads: [], views: {}, closed: {} };
      await insertTest(
        geo.db.database.db,
        {
          name: 'Germany',
          slot: 'epic',
          status: 'live',
          startsAt: null,
          endsAt: null,
          priority: 1,
          targeting: { ...anyone, countries: ['DE'] },
          caps: { maxViews: { count: 0, days: 0 }, hideAfterCloseDays: 0 },
          variants: variants('de'),
        },
        now,
      );
      const from = (remoteAddress: string, headers: Record<string, string> = {}) =>
        geo.app.inject({ method: 'POST', url: '/api/ask', payload: body, remoteAddress, headers });
      assert.match((await from('198.51.100.23')).json().ask.heading, /readers in Germany/);
      assert.equal((await from('198.51.100.23', { 'cf-ipcountry': 'FR' })).statusCode, 204, 'the CDN header comes first');
      assert.equal((await from('192.0.2.200')).statusCode, 204, 'a US address');
      assert.equal((await from('203.0.113.5')).statusCode, 204, 'an address the database does not know: the edition (GB)');
      assert.equal((await from('::1')).statusCode, 204, 'an IPv6 address in an IPv4 database');
    } finally {
      await geo.close();
    }
    fs.writeFileSync(file, 'not a database');
    await assert.rejects(createTestApp({ env: { GEOIP_DB: file } }), /GEOIP_DB cannot be opened as a MaxMind database/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
