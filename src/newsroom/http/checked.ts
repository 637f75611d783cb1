import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { AppError } from '../../platform/errors.ts';

/**
 * A part of the request the route's schema has already validated, read with its type.
 * `kit.formPost` hands its callbacks the plain request, so its path parameters arrive
 * untyped; checking again here costs little and never needs a cast.
 */
export function checked<T extends TSchema>(schema: T, value: unknown): Static<T> {
  if (!Value.Check(schema, value)) throw new AppError('bad_request', 'This address is not one the newsroom serves.');
  return value;
}
