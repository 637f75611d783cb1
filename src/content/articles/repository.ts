/**
 * The article repository as other domains know it: one name for the lifecycle files below, so
 * a caller does not need to know which of them holds a query.
 */
export * from './record-repository.ts';
export * from './listing-repository.ts';
export * from './write-repository.ts';
export * from './revision-repository.ts';
