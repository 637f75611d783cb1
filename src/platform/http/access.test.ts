import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerAccessControl, MissingAccessDeclarationError } from './access.ts';
import { registerErrorHandler } from './error-handler.ts';

test('a route that does not say who may call it stops the app at start-up', async () => {
  const app = Fastify();
  registerAccessControl(app, {});
  assert.throws(() => app.get('/forgotten', async () => 'open by accident'), MissingAccessDeclarationError);
  await app.close();
});

test('a route needing credentials refuses a caller without them', async () => {
  const app = Fastify();
  registerErrorHandler(app);
  registerAccessControl(app, { 'api-token': async (request) => (request.headers.authorization === 'Bearer good' ? { kind: 'api-token', id: '1', name: 'n' } : null) });
  app.get('/open', { config: { access: 'public' } }, async () => 'hello');
  app.get('/closed', { config: { access: 'api-token' } }, async (request) => request.principal?.name);
  assert.equal((await app.inject('/open')).body, 'hello');
  assert.equal((await app.inject('/closed')).statusCode, 401);
  assert.equal((await app.inject({ url: '/closed', headers: { authorization: 'Bearer good' } })).body, 'n');
  await app.close();
});

test('an access kind without an authenticator is a start-up error', async () => {
  const app = Fastify();
  registerAccessControl(app, {});
  assert.throws(() => app.get('/x', { config: { access: 'api-token' } }, async () => 'x'), /no authenticator/);
  await app.close();
});

test('a route can name the roles allowed; others are refused with 403, and roles need an account', async () => {
  const app = Fastify();
  registerErrorHandler(app);
  const principal = (role: string) => ({ kind: 'account' as const, id: role, name: role, role, sessionId: 's', tokenHash: 'h', strong: false, hasSecondFactor: false });
  registerAccessControl(app, { account: async (request) => (request.headers['x-role'] ? principal(String(request.headers['x-role'])) : null) });
  app.get('/moderation', { config: { access: 'account', roles: ['moderator', 'editor', 'admin'] } }, async (request) => request.principal?.name);
  assert.throws(() => app.get('/bad', { config: { access: 'public', roles: ['admin'] } }, async () => 'x'), /need access "account"/);
  assert.equal((await app.inject('/moderation')).statusCode, 401);
  assert.equal((await app.inject({ url: '/moderation', headers: { 'x-role': 'reader' } })).statusCode, 403);
  assert.equal((await app.inject({ url: '/moderation', headers: { 'x-role': 'moderator' } })).body, 'moderator');
  await app.close();
});
