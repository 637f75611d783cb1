export { Metrics, DURATION_BUCKETS, type CountMetric, type TimeMetric, type GaugeSetter, type Labels } from './metrics.ts';
export { PAGE_CACHE_ROUTE } from './requests.ts';
