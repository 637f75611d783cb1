import type { Metrics } from '../metrics/metrics.ts';
import type { Database } from './database.ts';

/** The connection pool as it stands at each scrape (PGlite has one connection and reports only that). */
export function databaseMetrics(metrics: Metrics, database: Database): void {
  metrics.gauge(
    { name: 'masthead_db_connections', help: 'Database connections of this process by state: total, idle, and queries waiting for one.', labels: ['state'] },
    (set) => {
      const stats = database.stats();
      set({ state: 'total' }, stats.total);
      if (stats.idle !== undefined) set({ state: 'idle' }, stats.idle);
      if (stats.waiting !== undefined) set({ state: 'waiting' }, stats.waiting);
    },
  );
  metrics.gauge(
    { name: 'masthead_db_listener_up', help: '1 when announcements from other processes reach this one (the listening connection is up).' },
    (set) => set({}, database.listening() ? 1 : 0),
  );
}
