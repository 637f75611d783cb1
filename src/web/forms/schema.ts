import { Type, type TProperties } from 'typebox';

/**
 * Schemas for the HTML forms and pages every domain serves. A form's schema names its fields
 * and caps their size, so nothing unexpected reaches a service; what a reader can correct (an
 * empty name, a bad address) stays the service's to explain, shown on the form again.
 */

/** A text field as a browser sends it; absent when the form leaves it out. */
export const text = (maxLength = 10_000) => Type.Optional(Type.String({ maxLength }));

/** A checkbox group; the route must also name it in `config.formLists`. */
export const list = (maxItems = 500) => Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems }));

/** A form's body: its own fields plus the CSRF token and return path the kit adds; any other field is refused. */
export const formBody = <P extends TProperties>(fields: P) =>
  Type.Object({ _csrf: text(200), returnTo: text(2000), ...fields }, { additionalProperties: false });

/**
 * A page's query string: the parameters it reads. Others are let through untouched, since
 * links from newsletters and social sites carry their own tracking parameters.
 */
export const pageQuery = <P extends TProperties>(fields: P) => Type.Object(fields, { additionalProperties: true });

/** A route's `:id`-style parameters. */
export const idParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
