import type { AskSlot, AskTest, ChosenAsk, ReaderContext, Variant } from './types.ts';

const DAY_MS = 86_400_000;
/** The window %%ARTICLE_COUNT%% counts: the browser keeps a year of reads. */
export const COUNT_WINDOW_DAYS = 365;
/** A supporter sees an ask not aimed at supporters at most once in this many days. */
export const SUPPORTER_PAUSE_DAYS = 30;

/** A test made ready for choosing: lists as sets, so a choice among fifty costs microseconds. */
export interface PreparedTest {
  test: AskTest;
  countries: Set<string>;
  editions: Set<string>;
  sections: Set<string>;
  topics: Set<string>;
  excluded: Set<string>;
  devices: Set<string>;
}

/** Pure: the tests in the order they are tried (highest priority first, then oldest id for a stable order). */
export function prepareTests(tests: readonly AskTest[]): PreparedTest[] {
  return [...tests]
    .sort((a, b) => b.priority - a.priority || a.id.localeCompare(b.id))
    .map((test) => ({
      test,
      countries: new Set(test.targeting.countries),
      editions: new Set(test.targeting.editions),
      sections: new Set(test.targeting.sections),
      topics: new Set(test.targeting.topics),
      excluded: new Set(test.targeting.excludedArticles),
      devices: new Set(test.targeting.devices),
    }));
}

/** Pure: is the test running at `now`? */
export const isLive = (test: AskTest, now: number) =>
  test.status === 'live' && test.variants.length > 0 && (!test.startsAt || test.startsAt.getTime() <= now) && (!test.endsAt || test.endsAt.getTime() > now);

const countSince = (times: readonly number[] | undefined, since: number) => {
  let n = 0;
  for (const t of times ?? []) if (t >= since) n++;
  return n;
};

/** Pure: does the reader, on this page, fall within the test's targeting? */
export function targets(p: PreparedTest, reader: ReaderContext, now: number): boolean {
  const t = p.test.targeting;
  if (p.countries.size && !(reader.country && p.countries.has(reader.country))) return false;
  if (p.editions.size && !p.editions.has(reader.edition)) return false;
  if (p.devices.size && !p.devices.has(reader.device)) return false;
  if (t.signedIn !== 'any' && (t.signedIn === 'yes') !== reader.signedIn) return false;
  if (t.supporters === 'supporters' && !reader.supporter) return false;
  if (t.supporters === 'others' && reader.supporter) return false;
  if (p.sections.size || p.topics.size || p.excluded.size) {
    const page = reader.page;
    if (page.kind === 'article') {
      if (p.excluded.has(page.articleId)) return false;
      if ((p.sections.size || p.topics.size) && !p.sections.has(page.sectionId) && !page.topicIds.some((id) => p.topics.has(id))) return false;
    } else if (p.sections.size || p.topics.size) return false;
  }
  if (t.minArticlesRead.count > 0 && countSince(reader.reads, now - t.minArticlesRead.days * DAY_MS) < t.minArticlesRead.count) return false;
  return true;
}

/** Pure: has the reader seen the test as often as allowed, or closed it too recently? */
export function capped(test: AskTest, reader: ReaderContext, now: number): boolean {
  const views = reader.views[test.id];
  const { maxViews, hideAfterCloseDays } = test.caps;
  if (maxViews.count > 0 && countSince(views, now - maxViews.days * DAY_MS) >= maxViews.count) return true;
  const closed = reader.closed[test.id];
  if (closed !== undefined && hideAfterCloseDays > 0 && now - closed < hideAfterCloseDays * DAY_MS) return true;
  // Supporters have given: an ask meant for everyone reaches them only now and then.
  if (reader.supporter && test.targeting.supporters === 'any' && countSince(views, now - SUPPORTER_PAUSE_DAYS * DAY_MS) > 0) return true;
  return false;
}

/** FNV-1a, 32 bits: fast, stable everywhere, spread well enough for splitting readers. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Pure: the variant a browser always gets in a test (equal shares). */
export const variantFor = (test: AskTest, browserId: string): Variant => test.variants[hash(`${test.id}:${browserId}`) % test.variants.length]!;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
/** Pure: "the United States" reads better in copy than "United States" for a few names. */
export function countryName(code: string | null): string {
  if (!code) return 'your country';
  let name: string | undefined;
  try {
    name = regionNames.of(code);
  } catch {
    return 'your country';
  }
  if (!name || name === code || name === 'Unknown Region') return 'your country';
  return /^(United|Netherlands|Philippines|Czech|Dominican|Bahamas|Gambia|Maldives|Marshall|Solomon)/.test(name) ? `the ${name}` : name;
}

const CURRENCY_OF: Record<string, string> = {
  US: 'USD',
  GB: 'GBP',
  AU: 'AUD',
  CA: 'CAD',
  NZ: 'NZD',
  CH: 'CHF',
  SE: 'SEK',
  NO: 'NOK',
  DK: 'DKK',
  JP: 'JPY',
  IN: 'INR',
  ...Object.fromEntries(
    ['AT', 'BE', 'CY', 'DE', 'EE', 'ES', 'FI', 'FR', 'GR', 'HR', 'IE', 'IT', 'LT', 'LU', 'LV', 'MT', 'NL', 'PT', 'SI', 'SK'].map((c) => [c, 'EUR']),
  ),
};

/** Pure: a country's currency, if it is one we know. */
export const currencyOfCountry = (country: string | null): string | undefined => (country ? CURRENCY_OF[country] : undefined);

/** Pure: the currency to ask in: the country's if the variant offers it, else the fallback, else the first it offers. */
export function currencyFor(variant: Variant, country: string | null, fallback: string): string {
  const offered = Object.keys(variant.amounts);
  const wanted = currencyOfCountry(country) ?? fallback;
  return offered.includes(wanted) ? wanted : offered.includes(fallback) ? fallback : (offered[0] ?? fallback);
}

/** Pure: the copy with its placeholders filled in. */
export function fillCopy(text: string, reader: ReaderContext, now: number): string {
  if (!text.includes('%%')) return text;
  return text
    .replaceAll('%%COUNTRY_NAME%%', countryName(reader.country))
    .replaceAll('%%ARTICLE_COUNT%%', String(countSince(reader.reads, now - COUNT_WINDOW_DAYS * DAY_MS)));
}

/**
 * Pure: the ask for this reader in this slot, or none. The first test (by priority) that is
 * live, targets the reader and is not capped for them wins; its variant is fixed per browser.
 * `fallbackCurrency` is the edition's.
 */
export function chooseAsk(tests: readonly PreparedTest[], reader: ReaderContext, slot: AskSlot, now: number, fallbackCurrency = 'USD'): ChosenAsk | null {
  for (const prepared of tests) {
    const test = prepared.test;
    if (test.slot !== slot || !isLive(test, now) || !targets(prepared, reader, now) || capped(test, reader, now)) continue;
    const variant = variantFor(test, reader.browserId);
    const currency = currencyFor(variant, reader.country, fallbackCurrency);
    const amounts = variant.amounts[currency] ?? [];
    return {
      testId: test.id,
      variantId: variant.id,
      slot,
      heading: fillCopy(variant.heading, reader, now),
      body: fillCopy(variant.body, reader, now),
      buttonText: variant.buttonText,
      currency,
      amounts,
      highlighted: variant.highlighted[currency] ?? amounts[0] ?? 0,
    };
  }
  return null;
}
