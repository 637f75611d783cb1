import { test } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { registerAccessControl, MissingAccessDeclarationError, type StrongSessionRule } from './access.ts';
import { registerErrorHandler } from './error-handler.ts';

/** A strong-session rule that refuses everyone: routes that do not ask for strength never see it. */
const neverStrong: StrongSessionRule = async () => ({ refusal: 'Sign in again with your second step.', redirect: '/again' });

test('a route that does not say who may call it stops the app at start-up', async () => {
  const app = Fastify();
  registerAccessControl(app, {}, neverStrong);
  assert.throws(() => app.get('/forgotten', async () => 'open by accident'), MissingAccessDeclarationError);
  await app.close();
});

test('a route needing credentials refuses a caller without them', async () => {
  const app = Fastify();
  registerErrorHandler(app);
  registerAccessControl(
    app,
    { 'api-token': async (request) => (request.headers.authorization === 'Bearer good' ? { kind: 'api-token', id: '1', name: 'n' } : null) },
    neverStrong,
  );
  app.get('/open', { config: { access: 'public' } }, async () => 'hello');
  app.get('/closed', { config: { access: 'api-token' } }, async (request) => request.principal?.name);
  assert.equal((await app.inject('/open')).body, 'hello');
  assert.equal((await app.inject('/closed')).statusCode, 401);
  assert.equal((await app.inject({ url: '/closed', headers: { authorization: 'Bearer good' } })).body, 'n');
  await app.close();
});

test('an access kind without an authenticator is a start-up error', async () => {
  const app = Fastify();
  registerAccessControl(app, {}, neverStrong);
  assert.throws(() => app.get('/x', { config: { access: 'api-token' } }, async () => 'x'), /no authenticator/);
  await app.close();
});

test('a route can name the roles allowed; others are refused with 403, and roles need an account', async () => {
  const app = Fastify();
  registerErrorHandler(app);
  const principal = (role: string) => ({
    kind: 'account' as const,
    id: role,
    name: role,
    role,
    sessionId: 's',
    tokenHash: 'h',
    strong: false,
    hasSecondFactor: false,
  });
  registerAccessControl(app, { account: async (request) => (request.headers['x-role'] ? principal(String(request.headers['x-role'])) : null) }, neverStrong);
  app.get('/moderation', { config: { access: 'account', roles: ['moderator', 'editor', 'admin'], strong: false } }, async (request) => request.principal?.name);
  assert.throws(() => app.get('/bad', { config: { access: 'public', roles: ['admin'] } }, async () => 'x'), /need access "account"/);
  assert.equal((await app.inject('/moderation')).statusCode, 401);
  assert.equal((await app.inject({ url: '/moderation', headers: { 'x-role': 'reader' } })).statusCode, 403);
  assert.equal((await app.inject({ url: '/moderation', headers: { 'x-role': 'moderator' } })).body, 'moderator');
  await app.close();
});

test('a route with roles must say whether it needs a strong session, and strength applies only with roles', async () => {
  const app = Fastify();
  registerAccessControl(app, { account: async () => null }, neverStrong);
  assert.throws(() => app.get('/staff', { config: { access: 'account', roles: ['admin'] } }, async () => 'x'), /strong session/);
  assert.throws(() => app.get('/reader', { config: { access: 'account', strong: true } }, async () => 'x'), /only with roles/);
  await app.close();
});

test("a strong route lets a strong session through, sends a weak one in a browser to the rule's page, and refuses it in an API call", async () => {
  const app = Fastify();
  registerErrorHandler(app);
  const principal = (strong: boolean) => ({
    kind: 'account' as const,
    id: 'a',
    name: 'Ada',
    role: 'admin',
    sessionId: 's',
    tokenHash: 'h',
    strong,
    hasSecondFactor: true,
  });
  const seen: string[] = [];
  const rule: StrongSessionRule = async (session, url) => (
    seen.push(url),
    session.strong ? null : { refusal: 'Sign in again with your second step.', redirect: `/again?returnTo=${encodeURIComponent(url)}` }
  );
  registerAccessControl(app, { account: async (request) => principal(request.headers['x-strong'] === 'yes') }, rule);
  app.get('/page', { config: { access: 'account', html: true, roles: ['admin'], strong: true } }, async () => 'page');
  app.get('/api', { config: { access: 'account', roles: ['admin'], strong: true } }, async () => 'api');
  app.get('/weak-ok', { config: { access: 'account', roles: ['admin'], strong: false } }, async () => 'weak ok');
  assert.equal((await app.inject({ url: '/page', headers: { 'x-strong': 'yes' } })).body, 'page');
  const redirected = await app.inject('/page?x=1');
  assert.equal(redirected.statusCode, 303);
  assert.equal(redirected.headers.location, '/again?returnTo=%2Fpage%3Fx%3D1');
  const refused = await app.inject('/api');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /second step/);
  assert.equal((await app.inject('/weak-ok')).body, 'weak ok');
  assert.deepEqual(seen, ['/page', '/page?x=1', '/api']);
  await app.close();
});
