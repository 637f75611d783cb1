import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { Type } from 'typebox';
import { MissingRouteSchemaError, requireRouteSchemas } from './route-schemas.ts';

test('a route without a schema, or with path parameters it does not describe, stops the app at start-up', async () => {
  const app = Fastify();
  requireRouteSchemas(app);
  assert.throws(() => app.get('/no-schema', async () => 'x'), MissingRouteSchemaError);
  assert.throws(() => app.get('/items/:id', { schema: {} }, async () => 'x'), /no `schema.params`/);
  app.get('/nothing-to-read', { schema: {} }, async () => 'fine');
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.String() }) } }, async () => 'fine');
  assert.equal((await app.inject('/nothing-to-read')).body, 'fine');
  assert.equal((await app.inject('/items/7')).body, 'fine');
  await app.close();
});
