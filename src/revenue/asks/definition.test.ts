import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { confidence, normalCdf } from './confidence.ts';
import { overlapping, readTestForm, type TestForm } from './definition.ts';
import type { AskTest } from './types.ts';

const known = { editions: new Set(['uk', 'us']), sections: new Set(['s-world']), topics: new Set(['t-climate']) };
const form = (over: Partial<TestForm> = {}): TestForm => ({
  name: 'Winter appeal',
  slot: 'epic',
  priority: '10',
  variants: [
    { id: 'a', heading: 'Readers in %%COUNTRY_NAME%%', body: 'Text', buttonText: 'Give', amounts: 'USD: 5, 15, 50; GBP: 4, 12', highlighted: 'USD: 15' },
  ],
  ...over,
});
const refusal = (over: Partial<TestForm>) => {
  try {
    readTestForm(form(over), known);
  } catch (error) {
    assert.ok(error instanceof AppError);
    return `${error.field}: ${error.message}`;
  }
  assert.fail(`accepted ${JSON.stringify(over)}`);
};

describe('a test definition from the newsroom form', () => {
  it('reads a good one, filling what was left out', () => {
    const d = readTestForm(
      form({
        countries: 'us, GB',
        editions: ['us'],
        minReads: '3',
        devices: ['mobile'],
        maxViews: '4',
        startsAt: '2026-12-01T09:00',
        endsAt: '2026-12-24T18:00',
      }),
      known,
    );
    assert.deepEqual(d.targeting.countries, ['US', 'GB']);
    assert.deepEqual(d.targeting.minArticlesRead, { count: 3, days: 30 });
    assert.deepEqual(d.caps, { maxViews: { count: 4, days: 7 }, hideAfterCloseDays: 0 });
    assert.deepEqual(d.variants[0]!.highlighted, { USD: 15, GBP: 4 });
    assert.equal(d.startsAt!.toISOString(), '2026-12-01T09:00:00.000Z');
  });

  it('refuses what is wrong or could never show, naming the field', () => {
    assert.match(refusal({ name: '' }), /^name:/);
    assert.match(refusal({ slot: 'popup' }), /^slot:/);
    assert.match(refusal({ countries: 'US, Narnia' }), /^countries: Not country codes: NARNIA/);
    assert.match(refusal({ countries: 'ZZ' }), /^countries:/);
    assert.match(refusal({ editions: ['mars'] }), /^editions:/);
    assert.match(refusal({ excludedArticles: 'not-an-id' }), /^excludedArticles:/);
    assert.match(refusal({ minReads: '400', minReadsDays: '2' }), /^minReads: No reader reads 400 articles in 2 days/);
    assert.match(refusal({ minReads: '-1' }), /^minReads: .*whole number/);
    assert.match(refusal({ slot: 'thank-you', supporters: 'others' }), /thank nobody/);
    assert.match(refusal({ startsAt: '2026-12-02T00:00', endsAt: '2026-12-01T00:00' }), /^endsAt: The test must end after it starts/);
    assert.match(refusal({ variants: [] }), /^variants: A test needs at least one variant/);
    assert.match(refusal({ variants: [{ heading: 'H', buttonText: 'B', amounts: '' }] }), /offers no amounts/);
    assert.match(refusal({ variants: [{ heading: 'H', buttonText: 'B', amounts: 'XBT: 5' }] }), /XBT is not a currency we take/);
    assert.match(refusal({ variants: [{ heading: 'H', buttonText: 'B', amounts: 'USD: 0.5' }] }), /from 1 to 10000/);
    assert.match(refusal({ variants: [{ heading: 'H', buttonText: 'B', amounts: 'JPY: 150.5' }] }), /whole/);
    assert.match(refusal({ variants: [{ heading: 'H', buttonText: 'B', amounts: 'USD: 5', highlighted: 'USD: 7' }] }), /one of the amounts offered/);
    assert.match(
      refusal({
        variants: [
          { id: 'a', heading: 'H', buttonText: 'B', amounts: 'USD: 5' },
          { id: 'a', heading: 'H', buttonText: 'B', amounts: 'USD: 5' },
        ],
      }),
      /Two variants are called "a"/,
    );
  });

  it('finds a live test it would tie with: same slot and priority, meeting schedules, a reader both could target', () => {
    const mine = readTestForm(form({ countries: 'US' }), known);
    const live = (id: string, over: Partial<AskTest> = {}, targeting: Partial<AskTest['targeting']> = {}): AskTest => ({
      ...mine,
      id,
      status: 'live',
      ...over,
      targeting: { ...mine.targeting, ...targeting },
    });
    assert.equal(overlapping(mine, [live('t1')])?.id, 't1');
    assert.equal(overlapping(mine, [live('t2', {}, { countries: [] })])?.id, 't2', 'everyone includes the US');
    assert.equal(overlapping(mine, [live('t3', {}, { countries: ['GB'] })]), null, 'different countries');
    assert.equal(overlapping(mine, [live('t4', { priority: 11 })]), null, 'a different priority decides');
    assert.equal(overlapping(mine, [live('t5', { slot: 'banner' })]), null);
    assert.equal(overlapping(mine, [live('t6', { status: 'draft' })]), null);
    assert.equal(overlapping(mine, [live('t7', {}, { supporters: 'supporters' })])?.id, 't7', 'a supporter in the US would match both');
    assert.equal(
      overlapping({ ...mine, targeting: { ...mine.targeting, supporters: 'others' } }, [live('t8', {}, { supporters: 'supporters' })]),
      null,
      'supporters and everyone else never meet',
    );
    assert.equal(
      overlapping({ ...mine, endsAt: new Date('2026-12-01') }, [live('t9', { startsAt: new Date('2026-12-02') })]),
      null,
      'one ends before the other starts',
    );
    assert.equal(overlapping({ ...mine, id: 't10' } as never, [live('t10')]), null, 'not with itself');
  });
});

describe('confidence that two variants differ', () => {
  it('follows the normal distribution and says nothing on too little data', () => {
    assert.ok(Math.abs(normalCdf(1.96) - 0.975) < 1e-4);
    assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
    assert.equal(confidence({ trials: 10, successes: 1 }, { trials: 10, successes: 5 }), null);
    assert.equal(confidence({ trials: 100, successes: 0 }, { trials: 100, successes: 0 }), null);
    const clear = confidence({ trials: 10_000, successes: 100 }, { trials: 10_000, successes: 160 })!;
    assert.ok(clear > 0.99, String(clear));
    const unclear = confidence({ trials: 1_000, successes: 10 }, { trials: 1_000, successes: 12 })!;
    assert.ok(unclear < 0.5, String(unclear));
  });
});
