/**
 * Raw query rows differ by driver: node-postgres gives timestamps as Date and json as objects,
 * PGlite sometimes as strings. Repositories read raw columns through these.
 */
export const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

export const toDateOrNull = (value: unknown): Date | null => (value === null || value === undefined ? null : toDate(value));

export const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;
