import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { auditRows, curated, frontRows, openUk, startFrontsWorld, tool, type FrontsWorld } from '../../test/support/fronts.ts';
import type { ContentChange } from '../content/index.ts';
import type { FrontLayout } from './model.ts';
import { runSchedule } from './schedule-service.ts';

const HOUR = 3_600_000;

describe('fronts: scheduled layouts', () => {
  let world: FrontsWorld;
  let front: { id: string; version: number };
  const changes: ContentChange[] = [];
  before(async () => {
    world = await startFrontsWorld();
    front = await openUk(world);
    await world.t.app.jobs.runDue(); // what the setup's publications queued
    world.t.app.ctx.events.on('change', (change) => changes.push(change));
  });
  after(() => world.t.close());

  const later = (hours: number) => new Date(world.clock.now.getTime() + hours * HOUR).toISOString();
  const queued = async () => {
    const result = (await world.t.db.database.db.execute(
      sql`select count(*)::int as n from jobs where name = 'fronts.publish-scheduled' and state = 'queued'`,
    )) as unknown as {
      rows: { n: number }[];
    };
    return Number(result.rows[0]!.n);
  };

  it('publishes the draft at the time set, through the job queue, once', async () => {
    const layout: FrontLayout = { containers: [curated('top', 'Morning', [world.stories[0]!])] };
    const saved = await tool(world.editor, 'PUT', `/${front.id}/draft`, { layout, version: front.version });
    front.version = saved.json().version;
    const scheduled = await tool(world.editor, 'POST', `/${front.id}/schedules`, { version: front.version, runAt: later(1) });
    assert.equal(scheduled.statusCode, 201, scheduled.body);
    assert.equal(scheduled.json().runAt, later(1));
    const view = (await tool(world.editor, 'GET', `/${front.id}`)).json();
    assert.deepEqual(view.schedules, [{ id: scheduled.json().id, runAt: later(1), actor: 'account:Eda Editor' }]);
    assert.equal(await queued(), 1);

    assert.equal(await world.t.app.jobs.runDue(), 0, 'not due yet');
    assert.equal((await tool(world.editor, 'GET', `/${front.id}`)).json().publishedNumber, null);

    world.clock.now = new Date(world.clock.now.getTime() + 2 * HOUR);
    assert.equal(await world.t.app.jobs.runDue(), 1);
    const published = (await tool(world.editor, 'GET', `/${front.id}`)).json();
    assert.equal(published.publishedNumber, 1);
    assert.deepEqual(published.schedules, []);
    assert.ok(
      changes.some((c) => c.kind === 'front' && c.frontId === front.id),
      'readers’ caches are told',
    );
    const history = (await tool(world.editor, 'GET', `/${front.id}/history`)).json().versions;
    assert.deepEqual(
      history.map((v: { number: number; note: string; actor: string }) => [v.number, v.note, v.actor]),
      [[1, 'scheduled', 'account:Eda Editor']],
    );
    assert.deepEqual((await tool(world.editor, 'GET', `/${front.id}/history/1`)).json().layout, layout);
    const ran = (await auditRows(world.t, 'front')).filter((row) => row.action === 'front.publish' && row.details.scheduleId === scheduled.json().id);
    assert.deepEqual(
      ran.map((row) => [row.actorKind, row.actorName, row.details.actor, row.details.number, row.details.onSchedule]),
      [['account', 'Eda Editor', 'account:Eda Editor', 1, true]],
      'the audit log names who scheduled the publish, and that it ran on schedule',
    );

    // A job run again (its worker died after the commit) publishes nothing more.
    await runSchedule(world.t.app.ctx, scheduled.json().id);
    assert.equal((await tool(world.editor, 'GET', `/${front.id}/history`)).json().versions.length, 1);
    assert.equal(
      (await auditRows(world.t, 'front')).filter((row) => row.details.scheduleId === scheduled.json().id && row.action === 'front.publish').length,
      1,
    );
  });

  it('publishes a layout given for later, leaving the draft alone', async () => {
    const future: FrontLayout = { containers: [curated('evening', 'Evening', [world.stories[2]!])] };
    const scheduled = await tool(world.editor, 'POST', `/${front.id}/schedules`, { version: front.version, runAt: later(3), layout: future });
    assert.equal(scheduled.statusCode, 201, scheduled.body);
    world.clock.now = new Date(world.clock.now.getTime() + 4 * HOUR);
    assert.equal(await world.t.app.jobs.runDue(), 1);
    const view = (await tool(world.editor, 'GET', `/${front.id}`)).json();
    assert.equal(view.publishedNumber, 2);
    assert.notDeepEqual(view.draft, future);
    assert.deepEqual((await tool(world.editor, 'GET', `/${front.id}/history/2`)).json().layout, future);
  });

  it('cancels a waiting schedule and its job', async () => {
    const scheduled = (await tool(world.editor, 'POST', `/${front.id}/schedules`, { version: front.version, runAt: later(1) })).json();
    assert.equal(await queued(), 1);
    const cancelled = await tool(world.editor, 'DELETE', `/${front.id}/schedules/${scheduled.id}`);
    assert.equal(cancelled.statusCode, 204, cancelled.body);
    assert.equal(await queued(), 0);
    const logged = (await auditRows(world.t, 'front')).filter((row) => row.details.scheduleId === scheduled.id);
    assert.deepEqual(
      logged.map((row) => [row.action, row.actorKind, row.actorName]).sort(),
      [
        ['front.schedule', 'account', 'Eda Editor'],
        ['front.schedule-cancel', 'account', 'Eda Editor'],
      ],
      'the audit log keeps who scheduled and who cancelled',
    );
    assert.deepEqual((await tool(world.editor, 'GET', `/${front.id}`)).json().schedules, []);
    assert.equal((await tool(world.editor, 'DELETE', `/${front.id}/schedules/${scheduled.id}`)).statusCode, 204, 'cancelling twice is done already');
    world.clock.now = new Date(world.clock.now.getTime() + 2 * HOUR);
    await world.t.app.jobs.runDue();
    assert.equal((await tool(world.editor, 'GET', `/${front.id}`)).json().publishedNumber, 2, 'nothing was published');
    const unknown = await tool(world.editor, 'DELETE', `/${front.id}/schedules/00000000-0000-4000-8000-000000000000`);
    assert.equal(unknown.statusCode, 404);
  });

  it('refuses the past, a stale version, a bad layout, a 21st waiting layout and writers, writing nothing', async () => {
    const refused = async (body: unknown, status: number, who = world.editor) => {
      const before = await frontRows(world.t);
      const response = await tool(who, 'POST', `/${front.id}/schedules`, body);
      assert.equal(response.statusCode, status, response.body);
      assert.deepEqual(await frontRows(world.t), before);
      return response;
    };
    await refused({ version: front.version, runAt: later(-1) }, 400);
    await refused({ version: front.version, runAt: later(24 * 400) }, 400);
    await refused({ version: front.version, runAt: 'tomorrow morning' }, 422);
    await refused({ version: front.version + 1, runAt: later(1) }, 409);
    await refused({ version: front.version, runAt: later(1), layout: { containers: [curated('top', 'Top', [world.draftStory])] } }, 400);
    await refused({ version: front.version, runAt: later(1), layout: { containers: [], extra: true } }, 422);
    await refused({ version: front.version, runAt: later(1), future: true }, 422);
    await refused({ version: front.version, runAt: later(1) }, 403, world.writer);
    for (let i = 1; i <= 20; i++) {
      const made = await tool(world.editor, 'POST', `/${front.id}/schedules`, { version: front.version, runAt: later(i) });
      assert.equal(made.statusCode, 201, made.body);
    }
    const full = await refused({ version: front.version, runAt: later(21) }, 400);
    assert.match(full.json().error.message, /20 layouts waiting/);
  });
});
