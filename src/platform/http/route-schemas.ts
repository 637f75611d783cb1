import type { FastifyInstance } from 'fastify';

export class MissingRouteSchemaError extends Error {
  constructor(method: string | string[], url: string, what: string) {
    super(`Route ${[method].flat().join(',')} ${url} ${what}`);
    this.name = 'MissingRouteSchemaError';
  }
}

/**
 * Every route says what it reads: a `schema` (even an empty one for a route that reads no
 * input), and `schema.params` when its path has parameters. The schemas validate input once at
 * the edge and type the handlers, so no handler casts its input (the lint forbids casting
 * `request.body`, `request.query` and `request.params`). Checked as each route is added, so an
 * undeclared route stops the app at start-up, as a route without `config.access` does.
 */
export function requireRouteSchemas(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    if (!route.schema) throw new MissingRouteSchemaError(route.method, route.url, 'has no schema (config it with `schema`, `{}` when it reads no input).');
    if (route.url.includes(':') && !route.schema.params)
      throw new MissingRouteSchemaError(route.method, route.url, 'has path parameters but no `schema.params`.');
  });
}
