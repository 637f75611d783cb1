import { invalid } from '../../platform/errors.ts';
import { withoutTrailing } from '../../platform/text.ts';

/** A currency we take: its minor-unit digits and the smallest and largest gift, in major units. */
interface CurrencyRule {
  digits: number;
  min: number;
  max: number;
}

/**
 * Currencies readers can give in. Minimums sit above what card fees would swallow; maximums
 * guard against a typo of two extra zeros (larger gifts are welcome by arrangement).
 */
export const CURRENCIES: Record<string, CurrencyRule> = {
  USD: { digits: 2, min: 1, max: 10_000 },
  GBP: { digits: 2, min: 1, max: 10_000 },
  EUR: { digits: 2, min: 1, max: 10_000 },
  AUD: { digits: 2, min: 2, max: 15_000 },
  CAD: { digits: 2, min: 2, max: 15_000 },
  NZD: { digits: 2, min: 2, max: 15_000 },
  CHF: { digits: 2, min: 1, max: 10_000 },
  SEK: { digits: 2, min: 10, max: 100_000 },
  NOK: { digits: 2, min: 10, max: 100_000 },
  DKK: { digits: 2, min: 10, max: 70_000 },
  JPY: { digits: 0, min: 100, max: 1_500_000 },
  INR: { digits: 2, min: 50, max: 800_000 },
};

export const FREQUENCIES = ['one-off', 'monthly', 'annual'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface Amount {
  currency: string;
  /** In minor units (cents, pence; yen as they are). */
  minor: number;
}

/** Pure: the amount and currency a reader asked to give, checked; every refusal says what is wrong. */
export function readAmount(rawAmount: unknown, rawCurrency: unknown): Amount {
  const currency = typeof rawCurrency === 'string' ? rawCurrency.trim().toUpperCase() : '';
  const rule = CURRENCIES[currency];
  if (!rule)
    throw invalid(
      'currency',
      `We take contributions in ${Object.keys(CURRENCIES).join(', ')}; "${String(rawCurrency ?? '').slice(0, 10)}" is not one of them.`,
    );
  const text = typeof rawAmount === 'number' ? String(rawAmount) : typeof rawAmount === 'string' ? rawAmount.trim() : '';
  if (/^-/.test(text)) throw invalid('amount', 'The amount cannot be negative.');
  const match = /^(\d{1,9})(?:\.(\d+))?$/.exec(text);
  if (!match) throw invalid('amount', 'The amount must be a number, such as 10 or 12.50.');
  const fraction = match[2] ?? '';
  if (withoutTrailing(fraction, '0').length > rule.digits) {
    throw invalid('amount', rule.digits === 0 ? `${currency} amounts are whole numbers.` : `The amount can have at most ${rule.digits} decimal places.`);
  }
  const minor = Number(match[1]) * 10 ** rule.digits + Number(fraction.padEnd(rule.digits, '0').slice(0, rule.digits) || 0);
  if (minor < rule.min * 10 ** rule.digits)
    throw invalid('amount', `The smallest contribution is ${formatAmount({ currency, minor: rule.min * 10 ** rule.digits })}.`);
  if (minor > rule.max * 10 ** rule.digits)
    throw invalid('amount', `The largest contribution online is ${formatAmount({ currency, minor: rule.max * 10 ** rule.digits })}; write to us for more.`);
  return { currency, minor };
}

/** Pure: "£12.50", "$5", "¥1,000". */
const digitsOf = (currency: string) => CURRENCIES[currency]?.digits ?? 2;

/** Pure: an amount as a plain decimal, "15.00" or "1500" (yen), for exports. */
export const decimalAmount = ({ currency, minor }: Amount) => (minor / 10 ** digitsOf(currency)).toFixed(digitsOf(currency));

export function formatAmount({ currency, minor }: Amount): string {
  const digits = digitsOf(currency);
  const major = minor / 10 ** digits;
  return new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: Number.isInteger(major) ? 0 : digits }).format(major);
}

export function readFrequency(raw: unknown): Frequency {
  if (!FREQUENCIES.includes(raw as Frequency)) throw invalid('frequency', `The frequency must be one of: ${FREQUENCIES.join(', ')}.`);
  return raw as Frequency;
}
