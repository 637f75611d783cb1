/** Every table of every domain, for drizzle-kit's migration generator. */
export * from './content/tables.ts';
export * from './content/live/tables.ts';
export * from './newsroom/tables.ts';
export * from './accounts/tables.ts';
export * from './platform/jobs/tables.ts';
export * from './platform/rate-limit/tables.ts';
export * from './platform/secrets/tables.ts';
export * from './platform/audit/tables.ts';
export * from './platform/cdn/tables.ts';
export * from './comments/tables.ts';
export * from './alerts/tables.ts';
export * from './revenue/tables.ts';
export * from './fronts/tables.ts';
export * from './site/tables.ts';
