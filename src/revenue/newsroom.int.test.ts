import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { applyProviderEvent } from './contributions/service.ts';

type Staff = { agent: Agent; csrf: string; id: string };

/**
 * The newsroom's side of reader revenue through its pages: making a test with the form and
 * seeing each variant previewed, refusals that say what is wrong, starting (never two tests
 * that would tie), stopping, the dashboard with its confidence figure, and the CSV export.
 */
describe(`reader revenue in the newsroom on ${engine}`, () => {
  let t: TestApp;
  let editor: Staff;
  let world: string;
  const now = new Date('2026-11-27T12:00:00Z');
  let article: string;
  const ask = (country: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/ask',
      payload: { slot: 'epic', browserId: 'browser-news-1', edition: 'us', articleId: article, device: 'desktop', reads: [], views: {}, closed: {} },
      headers: { 'cf-ipcountry': country },
    });
  const testForm = (fields: Record<string, string> = {}, extra: [string, string][] = []): [string, string][] => [
    ['_csrf', editor.csrf],
    ['version', '0'],
    ...Object.entries({
      name: 'Winter appeal',
      slot: 'epic',
      priority: '10',
      countries: 'US',
      supporters: 'others',
      signedIn: 'any',
      minReads: '0',
      minReadsDays: '30',
      maxViews: '4',
      maxViewsDays: '7',
      hideAfterCloseDays: '14',
      v0_id: 'warm',
      v0_heading: 'Readers in %%COUNTRY_NAME%% keep us open',
      v0_body: 'You read %%ARTICLE_COUNT%% articles this year.',
      v0_buttonText: 'Give',
      v0_amounts: 'USD: 5, 15, 50; GBP: 4, 12',
      v0_highlighted: 'USD: 15',
      v1_id: 'cool',
      v1_heading: 'Open to all',
      v1_body: 'Paid for by some.',
      v1_buttonText: 'Support',
      v1_amounts: 'USD: 10, 20',
      ...fields,
    }),
    ...extra,
  ];
  const idFrom = (location: string) => /\/newsroom\/revenue\/tests\/([0-9a-f-]{36})/.exec(location)![1]!;

  before(async () => {
    t = await createTestApp({ now: () => now, env: { COUNTRY_HEADER: 'cf-ipcountry' } });
    await seedBasics(t);
    editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.50', now);
    world = (await t.get('/api/alerts/options')).json().sections.find((s: { slug: string }) => s.slug === 'world').id;
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json().id;
  });
  after(() => t.close());

  it('makes a test from the form, previews each variant, starts it, and readers get it; stopping takes it away', async () => {
    const made = await editor.agent.post(
      '/newsroom/revenue/tests',
      testForm({}, [
        ['editions', 'us'],
        ['sections', world],
        ['devices', 'desktop'],
        ['devices', 'mobile'],
      ]),
    );
    assert.equal(made.statusCode, 303, made.body.slice(0, 400));
    const id = idFrom(made.headers.location as string);
    const page = await editor.agent.get(`/newsroom/revenue/tests/${id}`);
    assert.match(page.body, /Readers in the United States keep us open/);
    assert.match(page.body, /You read 12 articles this year/);
    assert.match(page.body, /Open to all/);
    assert.match(page.body, /Status: <strong>draft<\/strong>/);
    const row = (
      (await t.db.database.db.execute(sql`select targeting, variants from ask_tests where id = ${id}`)) as unknown as {
        rows: { targeting: { editions: string[]; sections: string[]; devices: string[] }; variants: { id: string; highlighted: Record<string, number> }[] }[];
      }
    ).rows[0]!;
    assert.deepEqual([row.targeting.editions, row.targeting.sections, row.targeting.devices], [['us'], [world], ['desktop', 'mobile']]);
    assert.deepEqual(
      row.variants.map((v) => [v.id, v.highlighted]),
      [
        ['warm', { USD: 15, GBP: 4 }],
        ['cool', { USD: 10 }],
      ],
    );
    assert.equal((await ask('US')).statusCode, 204, 'a draft shows to nobody');

    // A save that does not say which version it edits is refused as bad input, never a server error.
    const withVersion = (version: string | null) =>
      testForm({ name: 'Renamed' })
        .filter(([key]) => key !== 'version')
        .concat(version === null ? [] : [['version', version]]);
    for (const version of [null, 'abc', '1e3', '-1']) {
      const answer = await editor.agent.post(`/newsroom/revenue/tests/${id}`, withVersion(version));
      // Missing: refused by the route (400); malformed: refused by the form's schema (422, as every form field).
      assert.equal(answer.statusCode, version === null ? 400 : 422, `version ${version}: ${answer.body.slice(0, 200)}`);
      assert.match(answer.body, /version/);
    }
    assert.doesNotMatch((await editor.agent.get(`/newsroom/revenue/tests/${id}`)).body, /Renamed/, 'nothing saved');

    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal(
      (await editor.agent.post(`/newsroom/revenue/tests/${id}/status`, { _csrf: csrf, status: 'live' })).headers.location,
      `/newsroom/revenue/tests/${id}?done=live`,
    );
    assert.equal((await ask('US')).json().ask.testId, id);
    assert.equal((await ask('GB')).statusCode, 204, 'only the United States');
    await editor.agent.post(`/newsroom/revenue/tests/${id}/status`, { _csrf: csrf, status: 'stopped' });
    assert.equal((await ask('US')).statusCode, 204);
    await editor.agent.post(`/newsroom/revenue/tests/${id}/status`, { _csrf: csrf, status: 'live' });
  });

  it('refuses a definition that is wrong or could never show, and a start that would tie with a live test', async () => {
    const before = ((await t.db.database.db.execute(sql`select count(*)::int as n from ask_tests`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const cases: [Record<string, string>, RegExp][] = [
      [{ countries: 'US, Narnia' }, /Not country codes: NARNIA/],
      [{ minReads: '300', minReadsDays: '2' }, /No reader reads 300 articles in 2 days/],
      [{ v0_amounts: 'USD: 0.25' }, /from 1 to 10000/],
      [{ v0_highlighted: 'USD: 7' }, /one of the amounts offered/],
      [
        {
          v0_heading: '',
          v0_buttonText: '',
          v0_body: '',
          v0_amounts: '',
          v0_id: '',
          v1_heading: '',
          v1_buttonText: '',
          v1_body: '',
          v1_amounts: '',
          v1_id: '',
        },
        /at least one variant/,
      ],
      [{ startsAt: '2026-12-10T00:00', endsAt: '2026-12-01T00:00' }, /must end after it starts/],
      [{ name: '<img src=x onerror=alert(1)>', countries: 'XX' }, /Not country codes/],
    ];
    for (const [fields, message] of cases) {
      const answer = await editor.agent.post('/newsroom/revenue/tests', testForm(fields));
      assert.equal(answer.statusCode, 422, JSON.stringify(fields));
      assert.match(answer.body, message);
      assert.doesNotMatch(answer.body, /<img src=x/);
    }
    assert.equal(
      ((await t.db.database.db.execute(sql`select count(*)::int as n from ask_tests`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
      before,
      'nothing stored',
    );
    const again = await editor.agent.post('/newsroom/revenue/tests', testForm({ countries: 'US, Narnia', v0_heading: 'Kept as typed' }, [['editions', 'uk']]));
    assert.match(again.body, /value="US, Narnia"/, 'the form comes back as it was typed');
    assert.match(again.body, /value="Kept as typed"/);
    assert.match(again.body, /value="uk" checked/);

    const twin = await editor.agent.post('/newsroom/revenue/tests', testForm({ name: 'Twin appeal', countries: '' }));
    const twinId = idFrom(twin.headers.location as string);
    const started = await editor.agent.post(`/newsroom/revenue/tests/${twinId}/status`, { _csrf: editor.csrf, status: 'live' });
    assert.equal(started.statusCode, 422);
    assert.match(started.body, /would compete with “Winter appeal” for the same readers at the same priority \(10\)/);
    const writer = await signedInStaff(t, 'writer', 'Wil Writer', '203.0.113.51', now);
    assert.equal((await writer.agent.get('/newsroom/revenue')).statusCode, 403);
    assert.equal((await writer.agent.post(`/newsroom/revenue/tests/${twinId}/status`, { _csrf: writer.csrf, status: 'live' })).statusCode, 403);
  });

  it('shows contributions per day, country, test and variant with a confidence figure, and exports them as CSV', async () => {
    const tests = ((await t.db.database.db.execute(sql`select id, name from ask_tests where name = 'Winter appeal'`)) as unknown as { rows: { id: string }[] })
      .rows;
    const testId = tests[0]!.id;
    await t.db.database.db.execute(sql`update ask_tests set name = '=HYPERLINK("http://evil.example")' where id = ${testId}`);
    await t.db.database.db.execute(
      sql`insert into ask_stats (test_id, variant_id, day, country, views, clicks) values (${testId}, 'warm', '2026-11-26', 'US', 4000, 200), (${testId}, 'cool', '2026-11-26', 'US', 4000, 150)`,
    );
    const deps = { database: t.db.database, now: () => now, site: 'The Masthead', publicUrl: 'https://news.example' };
    let n = 0;
    const give = async (variant: string, country: string, minor: number, currency = 'USD') => {
      const made = (
        (await t.db.database.db.execute(
          sql`insert into checkouts (id, provider, email, amount_minor, currency, frequency, country, test_id, variant_id) values (gen_random_uuid(), 'sandbox', 'd@readers.example', ${minor}, ${currency}, 'one-off', ${country}, ${testId}, ${variant}) returning id`,
        )) as unknown as { rows: { id: string }[] }
      ).rows[0]!.id;
      await applyProviderEvent(deps, {
        provider: 'sandbox',
        eventId: `evt_dash_${++n}`,
        type: 'checkout.session.completed',
        at: new Date('2026-11-26T10:00:00Z'),
        event: {
          kind: 'checkout',
          checkoutRef: `cs_dash_${n}`,
          checkoutId: made,
          status: 'paid',
          amountMinor: minor,
          currency,
          frequency: 'one-off',
          subscriptionRef: null,
          customerRef: null,
          giver: { email: 'd@readers.example', country },
          paymentRef: `pi_dash_${n}`,
        },
      });
    };
    const refund = (paymentRef: string, refundedMinor: number, currency: string) =>
      applyProviderEvent(deps, {
        provider: 'sandbox',
        eventId: `evt_refund_${paymentRef}`,
        type: 'charge.refunded',
        at: now,
        event: { kind: 'refund', paymentRef, invoiceRef: null, refundedMinor, currency },
      });
    for (let i = 0; i < 60; i++) await give('warm', 'US', 1500);
    for (let i = 0; i < 20; i++) await give('cool', i % 2 ? 'US' : 'CA', 1000);
    await give('cool', 'GB', 1200, 'GBP');
    // Two refunds: a US gift of the cool variant in full, and part of the British one.
    assert.equal(await refund('pi_dash_62', 1000, 'USD'), 'refunded');
    assert.equal(await refund('pi_dash_81', 200, 'GBP'), 'refunded');

    const dashboard = await editor.agent.get('/newsroom/revenue/dashboard?from=2026-11-20&to=2026-11-27');
    assert.equal(dashboard.statusCode, 200);
    const text = dashboard.body.replace(/<[^<>]+>/g, ' ').replace(/\s+/g, ' ');
    assert.match(text, /warm 4000 200 60 1\.50% \$900 first/);
    assert.match(text, /warm 4000 200 60 1\.50% \$900 first .* cool 4000 150 20 0\.50% £10 \+ \$190 (\d+)%/);
    assert.ok(Number(/cool 4000 150 20 0\.50% £10 \+ \$190 (\d+)%/.exec(text)![1]) >= 99, 'the difference between 1.5% and 0.5% on 4,000 views each is clear');
    assert.match(text, /2026-11-26 79 \$1,090 \$10 /, 'kept and refunded, per day');
    assert.match(text, /2026-11-26 1 £10 £2 /);
    assert.match(text, /US 69 \$990/);
    assert.match(text, /CA 10 \$100/);
    assert.equal((await editor.agent.get('/newsroom/revenue/dashboard?from=yesterday')).statusCode, 422);

    const csv = await editor.agent.get('/newsroom/revenue/export.csv?from=2026-11-20&to=2026-11-27');
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /contributions-2026-11-20-to-2026-11-27\.csv/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(lines[0], 'paid_at,amount,refunded,currency,frequency,country,provider,test,variant');
    assert.equal(lines.length, 82);
    assert.ok(
      lines.includes(`2026-11-26T10:00:00.000Z,15.00,0.00,USD,one-off,US,sandbox,"'=HYPERLINK(""http://evil.example"")",warm`),
      'a formula-like name is defused',
    );
    assert.ok(lines.includes(`2026-11-26T10:00:00.000Z,12.00,2.00,GBP,one-off,GB,sandbox,"'=HYPERLINK(""http://evil.example"")",cool`));
    assert.ok(lines.includes(`2026-11-26T10:00:00.000Z,10.00,10.00,USD,one-off,US,sandbox,"'=HYPERLINK(""http://evil.example"")",cool`));
    assert.doesNotMatch(csv.body, /d@readers\.example/, 'no addresses in the export');
  });
});
