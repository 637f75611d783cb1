import { Type } from 'typebox';
import { PATTERN_MESSAGE } from '../../platform/http/validation.ts';

/**
 * What an edition's code may be: 2 to 10 lower-case letters (`uk`, `us`). The code is the first
 * segment of the edition's addresses and names it in the APIs, a cookie and live stream topics.
 * Routes with an edition in their address or query (fronts, menus, the Content API's fronts and
 * menus, the live stream) check it by this rule; inputs that are looked up among the editions
 * only limit its length. Editions come from migrations (no route creates one); the database's
 * codes are tested against it.
 */
export const EDITION_CODE_PATTERN = '^[a-z]{2,10}$';

/** An edition code in a request. */
export const EditionCode = Type.String({
  pattern: EDITION_CODE_PATTERN,
  description: 'An edition’s code: 2 to 10 lower-case letters, such as uk.',
  [PATTERN_MESSAGE]: 'an edition’s code: 2 to 10 lower-case letters, such as uk',
});
