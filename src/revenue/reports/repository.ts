import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../../platform/db/database.ts';
import { fromJson, toDate } from '../../platform/db/values.ts';

export interface Period {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface Money {
  currency: string;
  /** Contributions kept: one refunded in full no longer counts. */
  count: number;
  /** What was kept, after refunds. */
  minor: number;
  /** What went back to readers. */
  refunded: number;
}

/** Payments received in the period; `p` is the alias of the payments table. */
const paidIn = (period: Period) =>
  sql`p.status = 'paid' and p.paid_at >= ${period.from.toISOString()}::timestamptz and p.paid_at < ${period.to.toISOString()}::timestamptz`;
/** The Money columns of a group of payments `p`: refunds count against the day the money came. */
const money = sql`p.currency, (count(*) filter (where p.refunded_minor < p.amount_minor))::int as count, sum(p.amount_minor - p.refunded_minor)::int as minor, sum(p.refunded_minor)::int as refunded`;

/** Contributions received per day (UTC) and currency. */
export function perDay(executor: Executor, period: Period) {
  return rows<Money & { day: string }>(
    executor,
    sql`select to_char(p.paid_at at time zone 'UTC', 'YYYY-MM-DD') as day, ${money}
        from payments p where ${paidIn(period)} group by 1, 2 order by 1, 2`,
  );
}

/** Contributions received per country and currency, the largest first. */
export function perCountry(executor: Executor, period: Period) {
  return rows<Money & { country: string }>(
    executor,
    sql`select p.country, ${money}
        from payments p where ${paidIn(period)} group by 1, 2 order by 3 desc, 1`,
  );
}

export interface VariantResult {
  testId: string;
  testName: string;
  variantId: string;
  views: number;
  clicks: number;
  contributions: number;
  /** Sums per currency, as "USD 125.00; GBP 40.00" parts. */
  amounts: Money[];
}

/** Per test and variant: views and clicks counted by the island, and the contributions they led to. */
export async function perVariant(executor: Executor, period: Period): Promise<VariantResult[]> {
  const from = period.from.toISOString().slice(0, 10);
  const to = period.to.toISOString().slice(0, 10);
  const seen = await rows<{ testId: string; testName: string; variantId: string; views: number; clicks: number }>(
    executor,
    sql`select s.test_id as "testId", t.name as "testName", s.variant_id as "variantId", sum(s.views)::int as views, sum(s.clicks)::int as clicks
        from ask_stats s join ask_tests t on t.id = s.test_id
        where s.day >= ${from}::date and s.day < ${to}::date group by 1, 2, 3`,
  );
  const given = await rows<Money & { testId: string; testName: string; variantId: string }>(
    executor,
    sql`select p.test_id as "testId", t.name as "testName", coalesce(p.variant_id, '') as "variantId", ${money}
        from payments p join ask_tests t on t.id = p.test_id where ${paidIn(period)} group by 1, 2, 3, 4`,
  );
  const results = new Map<string, VariantResult>();
  const entry = (testId: string, testName: string, variantId: string) => {
    const key = `${testId}\u0000${variantId}`;
    let found = results.get(key);
    if (!found) results.set(key, (found = { testId, testName, variantId, views: 0, clicks: 0, contributions: 0, amounts: [] }));
    return found;
  };
  for (const s of seen) Object.assign(entry(s.testId, s.testName, s.variantId), { views: s.views, clicks: s.clicks });
  for (const g of given) {
    const e = entry(g.testId, g.testName, g.variantId);
    e.contributions += g.count;
    e.amounts.push({ currency: g.currency, count: g.count, minor: g.minor, refunded: g.refunded });
  }
  // Variants in the order the test defines them: the first is the one others are compared with.
  const order = new Map<string, number>();
  const ids = [...new Set([...results.values()].map((r) => r.testId))];
  if (ids.length) {
    const defined = await rows<{ id: string; variants: { id: string }[] }>(
      executor,
      sql`select id, variants from ask_tests where id = any(${`{${ids.join(',')}}`}::uuid[])`,
    );
    for (const t of defined) fromJson<{ id: string }[]>(t.variants).forEach((v, i) => order.set(`${t.id}\u0000${v.id}`, i));
  }
  const place = (r: VariantResult) => order.get(`${r.testId}\u0000${r.variantId}`) ?? Number.MAX_SAFE_INTEGER;
  for (const r of results.values()) r.amounts.sort((a, b) => a.currency.localeCompare(b.currency));
  return [...results.values()].sort(
    (a, b) => a.testName.localeCompare(b.testName) || a.testId.localeCompare(b.testId) || place(a) - place(b) || a.variantId.localeCompare(b.variantId),
  );
}

export interface ExportRow {
  paidAt: Date;
  amountMinor: number;
  refundedMinor: number;
  currency: string;
  frequency: string;
  country: string;
  provider: string;
  testName: string | null;
  variantId: string | null;
}

/** Every contribution received in the period, oldest first (no addresses: a report, not a mailing list). */
export async function exportRows(executor: Executor, period: Period): Promise<ExportRow[]> {
  const found = await rows<ExportRow & { paidAt: unknown }>(
    executor,
    sql`select p.paid_at as "paidAt", p.amount_minor as "amountMinor", p.refunded_minor as "refundedMinor", p.currency, p.frequency, p.country, p.provider, t.name as "testName", p.variant_id as "variantId"
        from payments p left join ask_tests t on t.id = p.test_id where ${paidIn(period)} order by p.paid_at, p.id`,
  );
  return found.map((r) => ({ ...r, paidAt: toDate(r.paidAt) }));
}
