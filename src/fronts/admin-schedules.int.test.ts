import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { auditRows, curated, frontRows, startFrontsWorld, type FrontsWorld } from '../../test/support/fronts.ts';
import type { FrontLayout } from './model.ts';

const HOUR = 3_600_000;
const NO_SUCH_ID = '00000000-0000-4000-8000-000000000000';

describe('Admin API: scheduled layouts', () => {
  let world: FrontsWorld;
  let front: { id: string; version: number };
  before(async () => {
    world = await startFrontsWorld();
    const opened = await world.t.admin('POST', '/api/admin/fronts/open', { scope: { kind: 'edition', edition: 'uk' } });
    front = { id: opened.json().id, version: opened.json().draft.version };
    await world.t.app.jobs.runDue(); // what the setup's publications queued
  });
  after(() => world.t.close());

  const admin = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => world.t.admin(method, `/api/admin/fronts${url}`, body);
  const later = (hours: number) => new Date(world.clock.now.getTime() + hours * HOUR).toISOString();
  const schedulesOf = async () => (await admin('GET', `/${front.id}`)).json().schedules;

  it('answers a draft save with the front as saved', async () => {
    const layout: FrontLayout = { containers: [curated('top', 'Morning', [world.stories[0]!])] };
    const saved = await admin('PUT', `/${front.id}/draft`, { layout, version: front.version });
    assert.equal(saved.statusCode, 200, saved.body);
    const draft = saved.json().draft;
    assert.deepEqual(draft.layout, layout);
    assert.equal(draft.version, front.version + 1);
    assert.equal(draft.savedAt, world.clock.now.toISOString());
    assert.equal(draft.actor, 'token:tests');
    assert.deepEqual(saved.json().schedules, []);
    front.version = draft.version;
  });

  it('schedules the draft, lists it on the front, publishes it on time and audits each step', async () => {
    const scheduled = await admin('POST', `/${front.id}/schedules`, { version: front.version, runAt: later(1) });
    assert.equal(scheduled.statusCode, 201, scheduled.body);
    const { id } = scheduled.json();
    assert.equal(scheduled.json().runAt, later(1));
    assert.deepEqual(await schedulesOf(), [{ id, runAt: later(1), actor: 'token:tests' }]);

    world.clock.now = new Date(world.clock.now.getTime() + 2 * HOUR);
    assert.equal(await world.t.app.jobs.runDue(), 1);
    const read = (await admin('GET', `/${front.id}`)).json();
    assert.equal(read.published.number, 1);
    assert.deepEqual(read.schedules, []);
    assert.deepEqual(
      read.versions.map((v: { number: number; note: string; actor: string }) => [v.number, v.note, v.actor]),
      [[1, 'scheduled', 'token:tests']],
    );
    const logged = (await auditRows(world.t, 'front')).filter((row) => row.details.scheduleId === id);
    assert.deepEqual(
      logged.map((row) => [row.action, row.actorKind, row.actorName, row.details.onSchedule ?? false]),
      [
        ['front.schedule', 'api-token', 'tests', false],
        ['front.publish', 'api-token', 'tests', true],
      ],
    );
    const published = await admin('DELETE', `/${front.id}/schedules/${id}`);
    assert.equal(published.statusCode, 409, 'a layout already published cannot be cancelled');
  });

  it('cancels a waiting schedule once, and 404s for ids it does not know', async () => {
    const other = (await admin('POST', '/open', { scope: { kind: 'edition', edition: 'us' } })).json();
    const { id } = (await admin('POST', `/${front.id}/schedules`, { version: front.version, runAt: later(1) })).json();
    assert.equal((await admin('DELETE', `/${other.id}/schedules/${id}`)).statusCode, 404, 'another front’s schedule');
    const cancelled = await admin('DELETE', `/${front.id}/schedules/${id}`);
    assert.equal(cancelled.statusCode, 204, cancelled.body);
    assert.deepEqual(await schedulesOf(), []);
    assert.equal((await admin('DELETE', `/${front.id}/schedules/${id}`)).statusCode, 204, 'cancelling twice is done already');
    assert.equal((await admin('DELETE', `/${front.id}/schedules/${NO_SUCH_ID}`)).statusCode, 404);
    assert.equal((await admin('DELETE', `/${NO_SUCH_ID}/schedules/${id}`)).statusCode, 404);
    assert.equal((await admin('DELETE', `/${front.id}/schedules/not-an-id`)).statusCode, 400);
    const logged = (await auditRows(world.t, 'front')).filter((row) => row.details.scheduleId === id);
    assert.deepEqual(
      logged.map((row) => [row.action, row.actorName]),
      [
        ['front.schedule', 'tests'],
        ['front.schedule-cancel', 'tests'],
      ],
    );
  });

  it('refuses the past, a stale version, unknown fronts, a 21st waiting layout and callers without a token, writing nothing', async () => {
    const refused = async (body: unknown, status: number, url = `/${front.id}/schedules`) => {
      const before = await frontRows(world.t);
      const response = await admin('POST', url, body);
      assert.equal(response.statusCode, status, response.body);
      assert.deepEqual(await frontRows(world.t), before);
      return response.json().error;
    };
    assert.equal((await refused({ version: front.version, runAt: later(-1) }, 400)).field, 'runAt');
    assert.equal((await refused({ version: front.version, runAt: later(24 * 400) }, 400)).field, 'runAt');
    await refused({ version: front.version, runAt: 'tomorrow morning' }, 422);
    await refused({ version: front.version, runAt: later(1), future: true }, 422);
    await refused({ version: front.version, runAt: later(1), layout: { containers: [curated('top', 'Top', [world.draftStory])] } }, 400);
    const yours: FrontLayout = { containers: [curated('late', 'Late', [world.stories[1]!])] };
    const stale = await refused({ version: front.version - 1, runAt: later(1), layout: yours }, 409);
    assert.equal(stale.field, 'version');
    assert.equal(stale.theirs.version, front.version, 'the 409 names the draft’s version now');
    assert.deepEqual(stale.yours, yours);
    await refused({ version: 1, runAt: later(1) }, 404, `/${NO_SUCH_ID}/schedules`);

    const before = await frontRows(world.t);
    const anonymous = await world.t.app.inject({
      method: 'POST',
      url: `/api/admin/fronts/${front.id}/schedules`,
      payload: { version: front.version, runAt: later(1) },
    });
    assert.equal(anonymous.statusCode, 401);
    assert.deepEqual(await frontRows(world.t), before);

    for (let i = 1; i <= 20; i++) {
      const made = await admin('POST', `/${front.id}/schedules`, { version: front.version, runAt: later(i) });
      assert.equal(made.statusCode, 201, made.body);
    }
    assert.equal((await schedulesOf()).length, 20);
    assert.match((await refused({ version: front.version, runAt: later(21) }, 400)).message, /20 layouts waiting/);
  });

  it('is described in the OpenAPI document', async () => {
    const doc = (await world.t.get('/api/openapi.json')).json();
    const schedules = doc.paths['/api/admin/fronts/{id}/schedules'];
    const one = doc.paths['/api/admin/fronts/{id}/schedules/{scheduleId}'];
    assert.deepEqual(schedules.post.tags, ['Admin: fronts']);
    assert.ok(schedules.post.summary);
    assert.ok(schedules.post.responses['201'] && schedules.post.responses['409']);
    assert.deepEqual(one.delete.tags, ['Admin: fronts']);
    assert.ok(one.delete.responses['204'] && one.delete.responses['404']);
  });
});
