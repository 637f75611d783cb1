import { Type } from 'typebox';

/**
 * What an edition's code may be: 2 to 10 lower-case letters (`uk`, `us`). The code is the first
 * segment of the edition's addresses and names it in the APIs, a cookie and live stream topics,
 * so every route that reads one checks it by this one rule. Editions come from migrations (there
 * is no route that creates one); the database's codes are tested against it.
 */
export const EDITION_CODE_PATTERN = '^[a-z]{2,10}$';

/** An edition code in a request: the description is also what a reader of a 400 is told. */
export const EditionCode = Type.String({ pattern: EDITION_CODE_PATTERN, description: 'an edition’s code: 2 to 10 lower-case letters, such as uk' });
