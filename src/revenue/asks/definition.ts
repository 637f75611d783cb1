import { invalid } from '../../platform/errors.ts';
import { CURRENCIES } from '../contributions/amounts.ts';
import type { AskSlot, AskTest, Caps, Device, Targeting, Variant } from './types.ts';
import { UUID } from '../../platform/ids.ts';

/** A test as the newsroom's form sends it: every field text, lists comma-separated. */
export interface TestForm {
  name?: string;
  slot?: string;
  priority?: string;
  startsAt?: string;
  endsAt?: string;
  countries?: string;
  editions?: string[];
  sections?: string[];
  topics?: string[];
  excludedArticles?: string;
  minReads?: string;
  minReadsDays?: string;
  supporters?: string;
  signedIn?: string;
  devices?: string[];
  maxViews?: string;
  maxViewsDays?: string;
  hideAfterCloseDays?: string;
  variants: { id?: string; heading?: string; body?: string; buttonText?: string; amounts?: string; highlighted?: string }[];
}

export type TestDefinition = Omit<AskTest, 'id' | 'status'>;

const SLOTS: AskSlot[] = ['epic', 'banner', 'thank-you'];
const DEVICES: Device[] = ['mobile', 'tablet', 'desktop'];
const regions = new Intl.DisplayNames(['en'], { type: 'region' });

const list = (raw: string | undefined) =>
  (raw ?? '')
    .split(/[\s,]+/)
    .map((x) => x.trim())
    .filter(Boolean);

function whole(raw: string | undefined, field: string, label: string, min: number, max: number, fallback: number): number {
  if (raw === undefined || raw.trim() === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw invalid(field, `${label} must be a whole number.`);
  const n = Number(raw.trim());
  if (n < min || n > max) throw invalid(field, `${label} must be from ${min} to ${max}.`);
  return n;
}

function time(raw: string | undefined, field: string): Date | null {
  if (!raw?.trim()) return null;
  const at = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : `${raw}Z`);
  if (Number.isNaN(at.getTime())) throw invalid(field, 'Give a date and time, such as 2026-12-01T09:00.');
  return at;
}

/** "USD: 5, 15, 50; GBP: 4, 12" as amounts per currency, each checked against what we can take. */
function amountsOf(raw: string | undefined, field: string): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const part of (raw ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s*:(.+)$/.exec(part);
    if (!match) throw invalid(field, `Write amounts as "USD: 5, 15, 50; GBP: 4, 12, 40" ("${part.slice(0, 40)}" is not).`);
    const currency = match[1]!.toUpperCase();
    const rule = CURRENCIES[currency];
    if (!rule) throw invalid(field, `${currency} is not a currency we take.`);
    const values = list(match[2]).map(Number);
    if (
      !values.length ||
      values.length > 6 ||
      values.some((v) => !Number.isFinite(v) || v < rule.min || v > rule.max || Math.round(v * 10 ** rule.digits) !== v * 10 ** rule.digits)
    ) {
      throw invalid(
        field,
        `Amounts in ${currency}: one to six, each from ${rule.min} to ${rule.max}${rule.digits ? ` with at most ${rule.digits} decimals` : ', whole'}.`,
      );
    }
    out[currency] = values;
  }
  return out;
}

function highlightedOf(raw: string | undefined, amounts: Record<string, number[]>, field: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (raw ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]{3})\s*:\s*([\d.]+)$/.exec(part);
    const currency = match?.[1]?.toUpperCase() ?? '';
    if (!match || !amounts[currency]?.includes(Number(match[2])))
      throw invalid(field, `The highlighted amount must be one of the amounts offered in its currency ("${part.slice(0, 40)}" is not).`);
    out[currency] = Number(match[2]);
  }
  // A currency without a choice highlights its middle amount.
  for (const [currency, values] of Object.entries(amounts)) out[currency] ??= values[Math.floor((values.length - 1) / 2)]!;
  return out;
}

/**
 * Pure: a test definition from the newsroom's form, or the first thing wrong with it, named
 * by field. Rules that could never match a reader are refused here, with why.
 */
export function readTestForm(form: TestForm, known: { editions: Set<string>; sections: Set<string>; topics: Set<string> }): TestDefinition {
  const name = (form.name ?? '').trim();
  if (!name || name.length > 120) throw invalid('name', 'Give the test a name of at most 120 characters.');
  const slot = form.slot as AskSlot;
  if (!SLOTS.includes(slot)) throw invalid('slot', 'Choose where the ask shows: end of article, banner or thank-you.');
  const priority = whole(form.priority, 'priority', 'The priority', 0, 1000, 0);
  const startsAt = time(form.startsAt, 'startsAt');
  const endsAt = time(form.endsAt, 'endsAt');
  if (startsAt && endsAt && endsAt <= startsAt) throw invalid('endsAt', 'The test must end after it starts.');

  const countries = list(form.countries).map((c) => c.toUpperCase());
  const unknown = countries.filter((c) => !/^[A-Z]{2}$/.test(c) || regions.of(c) === c || regions.of(c) === 'Unknown Region');
  if (unknown.length) throw invalid('countries', `Not country codes: ${unknown.slice(0, 5).join(', ')}. Use two-letter codes such as US, GB, DE.`);
  const pick = (values: string[] | undefined, allowed: Set<string>, field: string, what: string) => {
    const chosen = [...new Set(values ?? [])];
    if (chosen.some((v) => !allowed.has(v))) throw invalid(field, `Choose ${what} from the list.`);
    return chosen;
  };
  const excludedArticles = list(form.excludedArticles).map((id) => id.toLowerCase());
  if (excludedArticles.some((id) => !UUID.test(id)))
    throw invalid('excludedArticles', 'Excluded articles are given by their ids (as in the newsroom editor address), separated by commas.');
  const minCount = whole(form.minReads, 'minReads', 'The number of articles read', 0, 500, 0);
  const minDays = whole(form.minReadsDays, 'minReadsDays', 'The days for articles read', minCount ? 1 : 0, 365, minCount ? 30 : 0);
  if (minCount > minDays * 50) throw invalid('minReads', `No reader reads ${minCount} articles in ${minDays} days; this test would never show.`);
  const supporters = (form.supporters ?? 'any') as Targeting['supporters'];
  if (!['any', 'supporters', 'others'].includes(supporters)) throw invalid('supporters', 'Choose everyone, supporters only or everyone but supporters.');
  const signedIn = (form.signedIn ?? 'any') as Targeting['signedIn'];
  if (!['any', 'yes', 'no'].includes(signedIn)) throw invalid('signedIn', 'Choose anyone, signed-in readers or signed-out readers.');
  const devices = [...new Set(form.devices ?? [])] as Device[];
  if (devices.some((d) => !DEVICES.includes(d))) throw invalid('devices', 'Choose devices from the list.');
  if (slot === 'thank-you' && supporters === 'others') throw invalid('supporters', 'A thank-you for everyone but supporters would thank nobody.');
  const targeting: Targeting = {
    countries,
    editions: pick(form.editions, known.editions, 'editions', 'editions'),
    sections: pick(form.sections, known.sections, 'sections', 'sections'),
    topics: pick(form.topics, known.topics, 'topics', 'topics'),
    excludedArticles,
    minArticlesRead: { count: minCount, days: minDays },
    supporters,
    signedIn,
    devices,
  };
  const viewsCount = whole(form.maxViews, 'maxViews', 'The most views', 0, 1000, 0);
  const caps: Caps = {
    maxViews: { count: viewsCount, days: whole(form.maxViewsDays, 'maxViewsDays', 'The days for views', viewsCount ? 1 : 0, 365, viewsCount ? 7 : 0) },
    hideAfterCloseDays: whole(form.hideAfterCloseDays, 'hideAfterCloseDays', 'The days hidden after closing', 0, 365, 0),
  };

  const variants: Variant[] = [];
  form.variants.forEach((v, i) => {
    const field = (f: string) => `variants[${i}].${f}`;
    if (![v.id, v.heading, v.body, v.buttonText, v.amounts].some((x) => x?.trim())) return; // an empty fieldset
    const id = (v.id ?? '').trim() || `v${i + 1}`;
    if (!/^[\w-]{1,40}$/.test(id)) throw invalid(field('id'), 'A variant id is up to 40 letters, digits, - or _.');
    if (variants.some((o) => o.id === id)) throw invalid(field('id'), `Two variants are called "${id}".`);
    const heading = (v.heading ?? '').trim();
    if (!heading || heading.length > 200) throw invalid(field('heading'), `Variant ${id} needs a heading of at most 200 characters.`);
    const body = (v.body ?? '').trim();
    if (body.length > 2000) throw invalid(field('body'), `Variant ${id}: the text is at most 2,000 characters.`);
    const buttonText = (v.buttonText ?? '').trim();
    if (!buttonText || buttonText.length > 40) throw invalid(field('buttonText'), `Variant ${id} needs button text of at most 40 characters.`);
    const amounts = amountsOf(v.amounts, field('amounts'));
    if (slot !== 'thank-you' && !Object.keys(amounts).length)
      throw invalid(field('amounts'), `Variant ${id} offers no amounts: give at least one currency, such as "USD: 5, 15, 50".`);
    variants.push({ id, name: id, heading, body, buttonText, amounts, highlighted: highlightedOf(v.highlighted, amounts, field('highlighted')) });
  });
  if (!variants.length) throw invalid('variants', 'A test needs at least one variant.');
  if (variants.length > 4) throw invalid('variants', 'A test has at most four variants.');
  return { name, slot, priority, startsAt, endsAt, targeting, caps, variants };
}

const meets = <T>(a: T[], b: T[]) => !a.length || !b.length || a.some((x) => b.includes(x));

/** Pure: could one reader, at one moment, match both tests' targeting? */
export function targetingOverlaps(a: Targeting, b: Targeting): boolean {
  if (!meets(a.countries, b.countries) || !meets(a.editions, b.editions) || !meets(a.devices, b.devices)) return false;
  if (a.supporters !== 'any' && b.supporters !== 'any' && a.supporters !== b.supporters) return false;
  if (a.signedIn !== 'any' && b.signedIn !== 'any' && a.signedIn !== b.signedIn) return false;
  // Section and topic rules are "in one of these": two such rules can still meet on an article in both.
  return true;
}

const windowsMeet = (a: Pick<AskTest, 'startsAt' | 'endsAt'>, b: Pick<AskTest, 'startsAt' | 'endsAt'>) =>
  (a.startsAt?.getTime() ?? -Infinity) < (b.endsAt?.getTime() ?? Infinity) && (b.startsAt?.getTime() ?? -Infinity) < (a.endsAt?.getTime() ?? Infinity);

/**
 * Pure: the live test this one would tie with: same slot and priority, schedules that meet, and
 * targeting one reader could match. Which of the two a reader sees would then be arbitrary.
 */
export function overlapping(test: TestDefinition & { id?: string }, others: AskTest[]): AskTest | null {
  return (
    others.find(
      (o) =>
        o.id !== test.id &&
        o.status === 'live' &&
        o.slot === test.slot &&
        o.priority === test.priority &&
        windowsMeet(test, o) &&
        targetingOverlaps(test.targeting, o.targeting),
    ) ?? null
  );
}
