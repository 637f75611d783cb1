import { confidence } from '../asks/confidence.ts';
import { formatAmount } from '../contributions/amounts.ts';
import type { Money, VariantResult } from '../reports/repository.ts';
import type { Dashboard } from '../reports/service.ts';

const sums = (list: Money[]) => list.map((m) => formatAmount({ currency: m.currency, minor: m.minor })).join(' + ') || '–';
const rate = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(2)}%` : '–');

/** Contributions kept and refunded, a row per day or country and currency. */
function MoneyTable({ label, rows }: { label: string; rows: (Money & { label: string })[] }) {
  return (
    <table class="newsroom-table">
      <thead>
        <tr>
          <th>{label}</th>
          <th>Contributions</th>
          <th>Amount</th>
          <th>Refunded</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <td>{r.label}</td>
            <td>{r.count}</td>
            <td>{formatAmount({ currency: r.currency, minor: r.minor })}</td>
            <td>{r.refunded ? formatAmount({ currency: r.currency, minor: r.refunded }) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Each test's variants, the first the one the others are compared with. */
function VariantTable({ variants }: { variants: VariantResult[] }) {
  const byTest = new Map<string, VariantResult[]>();
  for (const v of variants) byTest.set(v.testId, [...(byTest.get(v.testId) ?? []), v]);
  return (
    <table class="newsroom-table">
      <thead>
        <tr>
          <th>Test</th>
          <th>Variant</th>
          <th>Views</th>
          <th>Clicks</th>
          <th>Contributions</th>
          <th>Per view</th>
          <th>Amount</th>
          <th>Confidence it differs from the first</th>
        </tr>
      </thead>
      <tbody>
        {[...byTest.values()].flatMap((list) =>
          list.map((v, i) => {
            const c =
              i === 0 ? null : confidence({ trials: list[0]!.views, successes: list[0]!.contributions }, { trials: v.views, successes: v.contributions });
            return (
              <tr>
                <td>{v.testName}</td>
                <td>{v.variantId || '–'}</td>
                <td>{v.views}</td>
                <td>{v.clicks}</td>
                <td>{v.contributions}</td>
                <td>{rate(v.contributions, v.views)}</td>
                <td>{sums(v.amounts)}</td>
                <td>{i === 0 ? 'first' : c === null ? 'too little data' : `${Math.round(c * 100)}%`}</td>
              </tr>
            );
          }),
        )}
      </tbody>
    </table>
  );
}

/** The contributions dashboard for a period, with the link to its CSV export. */
export function DashboardPage({ period, report }: { period: { from: string; to: string }; report: Dashboard }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › <a href="/newsroom/revenue">Reader revenue</a> › Dashboard
      </p>
      <h1>Contributions</h1>
      <form method="get" action="/newsroom/revenue/dashboard" class="newsroom-filters">
        <label>
          From <input type="date" name="from" value={period.from} />
        </label>
        <label>
          To <input type="date" name="to" value={period.to} />
        </label>
        <button class="button" type="submit">
          Show
        </button>
        <a href={`/newsroom/revenue/export.csv?from=${period.from}&to=${period.to}`}>Export as CSV</a>
      </form>
      <p>Amounts are what readers gave and kept: a refund is taken off the day its contribution came, and one refunded in full is no longer counted.</p>
      <h2>Per test and variant</h2>
      <VariantTable variants={report.variants} />
      <h2>Per day</h2>
      <MoneyTable label="Day (UTC)" rows={report.days.map((d) => ({ ...d, label: d.day }))} />
      <h2>Per country</h2>
      <MoneyTable label="Country" rows={report.countries.map((c) => ({ ...c, label: c.country || 'unknown' }))} />
    </div>
  );
}
