import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import { DEFAULT_CACHE_CONTROL, registerDefaultCacheControl } from './cache-control.ts';

describe('the default Cache-Control', () => {
  it('marks a response whose route set none as private and unstored, and leaves a route’s own alone', async () => {
    const app = Fastify();
    registerDefaultCacheControl(app);
    app.get('/silent', async () => ({ personal: true }));
    app.get('/public', async (_request, reply) => reply.header('cache-control', 'public, s-maxage=60').send('shared'));
    app.get('/fails', async () => {
      throw new Error('boom');
    });
    assert.equal((await app.inject('/silent')).headers['cache-control'], DEFAULT_CACHE_CONTROL);
    assert.equal((await app.inject('/public')).headers['cache-control'], 'public, s-maxage=60');
    assert.equal((await app.inject('/fails')).headers['cache-control'], DEFAULT_CACHE_CONTROL);
    assert.equal((await app.inject('/missing')).headers['cache-control'], DEFAULT_CACHE_CONTROL);
    await app.close();
  });
});
