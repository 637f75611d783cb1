import type { Executor } from '../../platform/db/database.ts';
import { invalid } from '../../platform/errors.ts';
import { decimalAmount } from '../contributions/amounts.ts';
import { csvLine } from './csv.ts';
import * as reports from './repository.ts';

const DAY = 86_400_000;

/** A reporting period: the range the queries use (`to` exclusive) and the days as the newsroom gave them. */
export interface ReportPeriod extends reports.Period {
  days: { from: string; to: string };
}

/** Pure: a reporting period from `from` and `to` as days (UTC), both included; the last 30 days by default. */
export function periodOf(query: { from?: string | undefined; to?: string | undefined }, now: Date): ReportPeriod {
  const day = (raw: string | undefined, field: string) => {
    if (raw === undefined || raw === '') return null;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(raw) || Number.isNaN(Date.parse(`${raw}T00:00:00Z`))) throw invalid(field, `${field} must be a day such as 2026-11-01.`);
    return new Date(`${raw}T00:00:00Z`);
  };
  const to = day(query.to, 'to') ?? new Date(`${now.toISOString().slice(0, 10)}T00:00:00Z`);
  const from = day(query.from, 'from') ?? new Date(to.getTime() - 29 * DAY);
  if (from > to) throw invalid('from', 'The period must start before it ends.');
  if (to.getTime() - from.getTime() > 3 * 366 * DAY) throw invalid('from', 'A period is at most three years.');
  return { from, to: new Date(to.getTime() + DAY), days: { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) } };
}

export interface Dashboard {
  days: (reports.Money & { day: string })[];
  countries: (reports.Money & { country: string })[];
  variants: reports.VariantResult[];
}

/** Contributions in the period per day, per country, and per test and variant. */
export async function dashboardOf(executor: Executor, period: ReportPeriod): Promise<Dashboard> {
  const [days, countries, variants] = await Promise.all([
    reports.perDay(executor, period),
    reports.perCountry(executor, period),
    reports.perVariant(executor, period),
  ]);
  return { days, countries, variants };
}

/** Every contribution in the period as CSV (a spreadsheet's formulas defused), with a file name saying which period. */
export async function contributionsCsv(executor: Executor, period: ReportPeriod): Promise<{ filename: string; csv: string }> {
  const list = await reports.exportRows(executor, period);
  const csv = [csvLine(['paid_at', 'amount', 'refunded', 'currency', 'frequency', 'country', 'provider', 'test', 'variant'])];
  for (const r of list)
    csv.push(
      csvLine([
        r.paidAt.toISOString(),
        decimalAmount({ currency: r.currency, minor: r.amountMinor }),
        decimalAmount({ currency: r.currency, minor: r.refundedMinor }),
        r.currency,
        r.frequency,
        r.country,
        r.provider,
        r.testName,
        r.variantId,
      ]),
    );
  return { filename: `contributions-${period.days.from}-to-${period.days.to}.csv`, csv: csv.join('') };
}
