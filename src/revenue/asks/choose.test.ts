import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseAsk, countryName, prepareTests, variantFor } from './choose.ts';
import type { AskTest, ReaderContext, Targeting } from './types.ts';

const DAY = 86_400_000;
const now = Date.parse('2026-11-27T12:00:00Z');
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

const test = (id: string, overrides: Partial<AskTest> = {}, targeting: Partial<Targeting> = {}): AskTest => ({
  id,
  name: id,
  slot: 'epic',
  status: 'live',
  startsAt: null,
  endsAt: null,
  priority: 0,
  targeting: { ...anyone, ...targeting },
  caps: { maxViews: { count: 0, days: 0 }, hideAfterCloseDays: 0 },
  variants: [
    {
      id: `${id}-a`,
      name: 'A',
      heading: 'Readers in %%COUNTRY_NAME%% keep this free',
      body: 'You have read %%ARTICLE_COUNT%% articles this year.',
      buttonText: 'Support us',
      amounts: { USD: [5, 15, 50], GBP: [4, 12, 40] },
      highlighted: { USD: 15, GBP: 12 },
    },
    {
      id: `${id}-b`,
      name: 'B',
      heading: 'Free for everyone, paid for by some',
      body: 'Give once or every month.',
      buttonText: 'Give',
      amounts: { USD: [10, 25] },
      highlighted: { USD: 25 },
    },
  ],
  ...overrides,
});

const reader = (overrides: Partial<ReaderContext> = {}): ReaderContext => ({
  browserId: 'b-1',
  country: 'US',
  edition: 'us',
  page: { kind: 'article', articleId: 'art-1', sectionId: 'sec-world', topicIds: ['top-climate'] },
  supporter: false,
  signedIn: false,
  device: 'desktop',
  reads: [now - 1000, now - 2 * DAY, now - 40 * DAY],
  views: {},
  closed: {},
  ...overrides,
});

const chosen = (tests: AskTest[], r: ReaderContext, slot: 'epic' | 'banner' | 'thank-you' = 'epic', at = now) =>
  chooseAsk(prepareTests(tests), r, slot, at)?.testId ?? null;

describe('choosing a support ask', () => {
  it('takes the live test of the slot with the highest priority', () => {
    const tests = [
      test('low'),
      test('high', { priority: 5 }),
      test('banner', { slot: 'banner', priority: 9 }),
      test('draft', { status: 'draft', priority: 10 }),
      test('stopped', { status: 'stopped', priority: 10 }),
    ];
    assert.equal(chosen(tests, reader()), 'high');
    assert.equal(chosen(tests, reader(), 'banner'), 'banner');
    assert.equal(chosen(tests, reader(), 'thank-you'), null);
  });

  it('keeps to a schedule', () => {
    const later = test('later', { startsAt: new Date(now + DAY) });
    const over = test('over', { endsAt: new Date(now - 1) });
    assert.equal(chosen([later, over], reader()), null);
    assert.equal(chosen([later], reader(), 'epic', now + DAY), 'later');
  });

  it('targets by country (never an unknown one), edition, device and signed-in state', () => {
    const us = test('us', {}, { countries: ['US'] });
    assert.equal(chosen([us], reader()), 'us');
    assert.equal(chosen([us], reader({ country: 'GB' })), null);
    assert.equal(chosen([us], reader({ country: null })), null);
    const uk = test('uk', {}, { editions: ['uk'] });
    assert.equal(chosen([uk], reader()), null);
    assert.equal(chosen([uk], reader({ edition: 'uk' })), 'uk');
    const mobile = test('mobile', {}, { devices: ['mobile', 'tablet'] });
    assert.equal(chosen([mobile], reader()), null);
    assert.equal(chosen([mobile], reader({ device: 'tablet' })), 'mobile');
    const members = test('members', {}, { signedIn: 'yes' });
    const strangers = test('strangers', {}, { signedIn: 'no' });
    assert.equal(chosen([members, strangers], reader()), 'strangers');
    assert.equal(chosen([members, strangers], reader({ signedIn: true })), 'members');
  });

  it('targets by section or topic, never on excluded articles, and not on a front page when it names any', () => {
    const world = test('world', {}, { sections: ['sec-world'] });
    const climate = test('climate', {}, { topics: ['top-climate'] });
    const sport = test('sport', {}, { sections: ['sec-sport'], topics: ['top-football'] });
    assert.equal(chosen([world], reader()), 'world');
    assert.equal(chosen([climate], reader()), 'climate');
    assert.equal(chosen([sport], reader()), null);
    assert.equal(chosen([world], reader({ page: { kind: 'front' } })), null);
    const notThisOne = test('not-this-one', {}, { excludedArticles: ['art-1'] });
    assert.equal(chosen([notThisOne], reader()), null);
    assert.equal(chosen([notThisOne], reader({ page: { kind: 'article', articleId: 'art-2', sectionId: 'sec-world', topicIds: [] } })), 'not-this-one');
    assert.equal(chosen([notThisOne], reader({ page: { kind: 'front' } })), 'not-this-one');
  });

  it('asks only readers who read enough lately', () => {
    const regulars = test('regulars', {}, { minArticlesRead: { count: 3, days: 30 } });
    assert.equal(chosen([regulars], reader()), null, 'two in 30 days');
    assert.equal(chosen([regulars], reader({ reads: [now, now - DAY, now - 29 * DAY] })), 'regulars');
  });

  it('supporters: tests for others skip them, tests for supporters (the thank-you) find them, and an ask for everyone reaches them once a month', () => {
    const others = test('others', {}, { supporters: 'others' });
    const everyone = test('everyone');
    const thanks = test('thanks', { slot: 'thank-you' }, { supporters: 'supporters' });
    const supporter = reader({ supporter: true });
    assert.equal(chosen([others], supporter), null);
    assert.equal(chosen([thanks], supporter, 'thank-you'), 'thanks');
    assert.equal(chosen([thanks], reader(), 'thank-you'), null);
    assert.equal(chosen([everyone], supporter), 'everyone');
    assert.equal(chosen([everyone], reader({ supporter: true, views: { everyone: [now - 10 * DAY] } })), null);
    assert.equal(chosen([everyone], reader({ supporter: true, views: { everyone: [now - 31 * DAY] } })), 'everyone');
    assert.equal(chosen([everyone], reader({ views: { everyone: [now - 10 * DAY] } })), 'everyone', 'others are not paused');
  });

  it('caps views per period and hides a closed ask for a while, then falls through to the next test', () => {
    const capped = test('capped', { priority: 1, caps: { maxViews: { count: 2, days: 7 }, hideAfterCloseDays: 14 } });
    const next = test('next');
    assert.equal(chosen([capped, next], reader({ views: { capped: [now - DAY] } })), 'capped');
    assert.equal(chosen([capped, next], reader({ views: { capped: [now - DAY, now - 2 * DAY] } })), 'next');
    assert.equal(chosen([capped, next], reader({ views: { capped: [now - 8 * DAY, now - 9 * DAY] } })), 'capped', 'older views no longer count');
    assert.equal(chosen([capped, next], reader({ closed: { capped: now - 13 * DAY } })), 'next');
    assert.equal(chosen([capped, next], reader({ closed: { capped: now - 15 * DAY } })), 'capped');
  });

  it('gives each browser one variant for good, and splits browsers between variants', () => {
    const t = test('split');
    const seen = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const id = `browser-${i}`;
      const first = chooseAsk(prepareTests([t]), reader({ browserId: id }), 'epic', now)!.variantId;
      assert.equal(chooseAsk(prepareTests([t]), reader({ browserId: id }), 'epic', now + 5 * DAY)!.variantId, first);
      seen.set(first, (seen.get(first) ?? 0) + 1);
    }
    for (const count of seen.values()) assert.ok(count > 850 && count < 1150, `an even split: ${[...seen.values()]}`);
    assert.equal(variantFor(t, 'browser-7').id, variantFor(t, 'browser-7').id);
  });

  it('fills the copy with the country name and the articles read this year, in the currency of the country', () => {
    const t = test('copy');
    const id = ['x1', 'x2', 'x3', 'x4', 'x5', 'x6'].find((b) => variantFor(t, b).id === 'copy-a')!;
    const us = chooseAsk(prepareTests([t]), reader({ browserId: id, reads: [now, now - DAY, now - 100 * DAY, now - 400 * DAY] }), 'epic', now)!;
    assert.equal(us.heading, 'Readers in the United States keep this free');
    assert.equal(us.body, 'You have read 3 articles this year.');
    assert.deepEqual([us.currency, us.amounts, us.highlighted], ['USD', [5, 15, 50], 15]);
    const uk = chooseAsk(prepareTests([t]), reader({ browserId: id, country: 'GB' }), 'epic', now)!;
    assert.equal(uk.heading, 'Readers in the United Kingdom keep this free');
    assert.deepEqual([uk.currency, uk.highlighted], ['GBP', 12]);
    const france = chooseAsk(prepareTests([t]), reader({ browserId: id, country: 'FR' }), 'epic', now, 'GBP')!;
    assert.equal(france.currency, 'GBP', 'no euro amounts: the edition currency');
    assert.equal(chooseAsk(prepareTests([t]), reader({ browserId: id, country: null }), 'epic', now)!.heading, 'Readers in your country keep this free');
    assert.equal(countryName('ZZ'), 'your country');
    assert.equal(countryName('not a code'), 'your country');
    assert.equal(countryName('DE'), 'Germany');
  });
});
