import type { AskTest } from '../asks/types.ts';
import type { VariantResult } from '../reports/repository.ts';
import { SLOT_LABELS, stamp } from './test-values.ts';

/** The newsroom's reader revenue page: every test, with its views and contributions of the last 30 days. */
export function TestList({ tests, results }: { tests: AskTest[]; results: VariantResult[] }) {
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Reader revenue
      </p>
      <h1>Reader revenue</h1>
      <p>
        <a class="button button--primary" href="/newsroom/revenue/tests/new">
          New test
        </a>{' '}
        <a href="/newsroom/revenue/dashboard">Contributions dashboard</a>
      </p>
      <table class="newsroom-table">
        <thead>
          <tr>
            <th>Test</th>
            <th>Where</th>
            <th>Status</th>
            <th>Priority</th>
            <th>Views (30 days)</th>
            <th>Contributions (30 days)</th>
          </tr>
        </thead>
        <tbody>
          {tests.map((t) => {
            const mine = results.filter((r) => r.testId === t.id);
            return (
              <tr>
                <td>
                  <a href={`/newsroom/revenue/tests/${t.id}`}>{t.name}</a>
                </td>
                <td>{SLOT_LABELS[t.slot]}</td>
                <td>
                  {t.status}
                  {t.startsAt || t.endsAt ? ` (${stamp(t.startsAt) || '…'} to ${stamp(t.endsAt) || '…'} UTC)` : ''}
                </td>
                <td>{t.priority}</td>
                <td>{mine.reduce((n, r) => n + r.views, 0)}</td>
                <td>{mine.reduce((n, r) => n + r.contributions, 0)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
