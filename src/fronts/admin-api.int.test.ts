import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows, curated, frontRows, startFrontsWorld, type FrontsWorld } from '../../test/support/fronts.ts';
import type { FrontLayout } from './model.ts';

describe('Admin API: fronts', () => {
  let world: FrontsWorld;
  before(async () => {
    world = await startFrontsWorld();
  });
  after(() => world.t.close());
  const admin = (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => world.t.admin(method, `/api/admin${url}`, body);

  it('needs a token', async () => {
    const anonymous = await world.t.get('/api/admin/fronts');
    assert.equal(anonymous.statusCode, 401);
    assert.match(String(anonymous.headers['www-authenticate']), /Bearer/);
    const wrong = await world.t.app.inject({ method: 'GET', url: '/api/admin/fronts', headers: { authorization: 'Bearer not-a-token' } });
    assert.equal(wrong.statusCode, 401);
  });

  it('lists fronts, opens one, saves its draft with a version, publishes, keeps history and restores', async () => {
    const listed = (await admin('GET', '/fronts')).json().items;
    const news = listed.find((f: { name: string }) => f.name === 'News');
    assert.equal(news.id, null);
    const opened = await admin('POST', '/fronts/open', { scope: news.scope });
    assert.equal(opened.statusCode, 200, opened.body);
    const front = opened.json();
    assert.equal(front.name, 'News');
    assert.equal(front.url, 'https://news.example/news');
    assert.equal(front.draft.version, 1);
    assert.equal(front.published, null);
    assert.deepEqual(front.versions, []);
    assert.equal((await admin('POST', '/fronts/open', { scope: news.scope })).json().id, front.id, 'opening again is the same front');

    const layout: FrontLayout = {
      containers: [curated('lead', 'Lead', [world.stories[1]!], { layout: 'lead', size: 3, fill: true, source: { sectionId: news.scope.sectionId } })],
    };
    const saved = await admin('PUT', `/fronts/${front.id}/draft`, { layout, version: 1 });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.deepEqual(saved.json().draft.layout, layout);
    assert.equal(saved.json().draft.version, 2);
    assert.equal(saved.json().draft.actor, 'token:tests');

    const stale = await admin('PUT', `/fronts/${front.id}/draft`, { layout: { containers: [] }, version: 1 });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'conflict');
    assert.deepEqual(stale.json().error.theirs.layout, layout);
    assert.deepEqual(stale.json().error.yours, { containers: [] });

    const published = await admin('POST', `/fronts/${front.id}/publish`, { version: 2 });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().number, 1);
    const read = (await admin('GET', `/fronts/${front.id}`)).json();
    assert.deepEqual(read.published.layout, layout);
    assert.equal(read.published.number, 1);
    assert.deepEqual(
      read.versions.map((v: { number: number; actor: string }) => [v.number, v.actor]),
      [[1, 'token:tests']],
    );

    await admin('PUT', `/fronts/${front.id}/draft`, { layout: { containers: [] }, version: 2 });
    await admin('POST', `/fronts/${front.id}/publish`, { version: 3 });
    // Another editor's saved, unpublished draft is never overwritten by a restore from a stale version.
    const unpublishedWork = { containers: [curated('later', 'Later', [world.stories[1]!])] };
    assert.equal((await admin('PUT', `/fronts/${front.id}/draft`, { layout: unpublishedWork, version: 3 })).statusCode, 200);
    const staleRestore = await admin('POST', `/fronts/${front.id}/restore`, { number: 1, version: 3 });
    assert.equal(staleRestore.statusCode, 409, staleRestore.body);
    assert.deepEqual(staleRestore.json().error.theirs.layout, unpublishedWork);
    assert.deepEqual((await admin('GET', `/fronts/${front.id}`)).json().draft.layout, unpublishedWork);
    const restored = await admin('POST', `/fronts/${front.id}/restore`, { number: 1, version: 4 });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal(restored.json().number, 3);
    const history = (await admin('GET', `/fronts/${front.id}/history`)).json();
    assert.deepEqual(
      history.versions.map((v: { number: number; note: string }) => [v.number, v.note]),
      [
        [3, 'restored from 1'],
        [2, 'published'],
        [1, 'published'],
      ],
    );
    assert.deepEqual((await admin('GET', `/fronts/${front.id}`)).json().draft.layout, layout);
    const logged = (await auditRows(world.t, 'front')).filter((row) => row.targetId === front.id);
    assert.deepEqual(
      logged.map((row) => [row.action, row.actorKind, row.actorName, row.details.number]),
      [
        ['front.publish', 'api-token', 'tests', 1],
        ['front.publish', 'api-token', 'tests', 2],
        ['front.restore', 'api-token', 'tests', 3],
      ],
      'the audit log names the token for each publish and the restore',
    );
  });

  it('refuses bad layouts with a clear 4xx and writes nothing', async () => {
    const uk = (await admin('POST', '/fronts/open', { scope: { kind: 'edition', edition: 'uk' } })).json();
    const before = await frontRows(world.t);
    const unpublished = await admin('PUT', `/fronts/${uk.id}/draft`, { layout: { containers: [curated('top', 'Top', [world.draftStory])] }, version: 1 });
    assert.equal(unpublished.statusCode, 400);
    assert.match(unpublished.json().error.message, /not published/);
    const unknownField = await admin('PUT', `/fronts/${uk.id}/draft`, { layout: { containers: [], theme: 'dark' }, version: 1 });
    assert.equal(unknownField.statusCode, 422);
    assert.equal(unknownField.json().error.field, 'layout.theme');
    assert.equal((await admin('POST', `/fronts/${uk.id}/publish`, { version: 7 })).statusCode, 409);
    assert.equal((await admin('POST', `/fronts/${uk.id}/restore`, { number: 1, version: 1 })).statusCode, 404);
    assert.equal((await admin('GET', '/fronts/00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await admin('GET', '/fronts/not-an-id')).statusCode, 400);
    assert.deepEqual(await frontRows(world.t), before);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await world.t.get('/api/openapi.json')).json();
    for (const path of [
      '/api/admin/fronts',
      '/api/admin/fronts/{id}',
      '/api/admin/fronts/{id}/draft',
      '/api/admin/fronts/{id}/publish',
      '/api/admin/fronts/{id}/history',
      '/api/admin/fronts/{id}/restore',
    ]) {
      assert.ok(doc.paths[path], path);
    }
    assert.deepEqual(doc.paths['/api/admin/fronts/{id}/draft'].put.tags, ['Admin: fronts']);
    assert.ok(!Object.keys(doc.paths).some((p) => p.startsWith('/newsroom/api/fronts')), 'the tool’s own API is not public');
  });
});
