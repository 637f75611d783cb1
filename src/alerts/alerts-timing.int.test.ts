import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { startAlertsWorld, type Staff } from '../../test/support/alerts.ts';
import { engine } from '../../test/support/database.ts';
import type { TestSubscription } from '../../test/support/push-service.ts';
import { ALERT_BATCH_JOB, deliverBatch, fanOut } from './fanout.ts';

/**
 * Alerts end to end with real protocols, as in alerts.int.test.ts (same setup, test/support/alerts.ts):
 * quiet hours and the daily cap, a fan-out run twice, scheduling and cancelling, and the
 * reader's own list of subscriptions on the account page.
 */
describe(`alerts on ${engine}: quiet hours, the daily cap, restarts, scheduling and the account page`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startAlertsWorld>>['service'];
  let stop: () => Promise<void>;
  let editor: Staff;
  let reader: Staff;
  let article: { id: string; slug: string };
  let ids: { section: string; topic: string };
  const clock = { now: new Date('2036-11-27T12:00:00Z') };

  const subscribe = (sub: TestSubscription, choices: Record<string, unknown>, extra: Record<string, unknown> = {}, who: Staff = reader) =>
    who.agent.postJson('/api/alerts/subscriptions', { subscription: { endpoint: sub.endpoint, keys: sub.keys }, choices, ...extra }, who.csrf);
  const send = (body: Record<string, unknown>) => editor.agent.postJson('/newsroom/api/alerts', { articleId: article.id, ...body }, editor.csrf);
  const run = async () => {
    // Batches queue more batches: run until the queue is quiet.
    while ((await t.app.jobs.runDue()) > 0);
  };
  let editors = 0;
  /** Staff sessions idle out after a day of the app's clock: tests that move it far sign an editor in afresh. */
  const freshEditor = async () => (editor = await signedInStaff(t, 'editor', `Eve Editor ${++editors}`, `203.0.113.${70 + editors}`, clock.now));
  const reportOf = async (id: string) => (await editor.agent.get(`/newsroom/api/alerts/${id}`)).json().report;

  before(async () => {
    ({ t, service, article, stop } = await startAlertsWorld(clock));
    await freshEditor();
    reader = await signedInStaff(t, 'reader', 'Rae Reader', '203.0.113.62');
    const options = (await t.get('/api/alerts/options')).json();
    ids = { section: options.sections.find((s: { name: string }) => s.name === 'World').id, topic: options.topics[0].id };
  });
  after(() => stop());

  it('keeps quiet hours and the daily cap, except for breaking news', async () => {
    // 12:00 UTC on 28 November is 01:00 in Auckland (summer time) and noon in London.
    clock.now = new Date('2036-11-28T12:00:00Z');
    await freshEditor();
    const night = service.subscribe();
    const day = service.subscribe();
    await subscribe(night, { sections: [ids.section], breaking: ['uk'] }, { timeZone: 'Pacific/Auckland' });
    await subscribe(day, { sections: [ids.section] }, { timeZone: 'Europe/London' });
    const quiet = (await send({ audience: { kind: 'section', id: ids.section } })).json().alert;
    await run();
    assert.equal(service.for(night.id).length, 0, 'asleep in Auckland');
    assert.equal(service.for(day.id).length, 1);
    assert.equal((await reportOf(quiet.id)).skipped >= 1, true);
    await send({ audience: { kind: 'breaking', edition: 'uk' }, breaking: true });
    await run();
    assert.equal(service.for(night.id).length, 1, 'breaking news wakes them');

    for (let i = 0; i < 5; i++) {
      await send({ audience: { kind: 'section', id: ids.section } });
      await run();
    }
    assert.equal(service.for(day.id).length, 5, 'five a day, then no more');
  });

  it('sends each message once even when the fan-out and its batches run again (a restart)', async () => {
    const sub = service.subscribe();
    await subscribe(sub, { authors: [(await t.get('/api/alerts/options')).json().authors[0].id] });
    clock.now = new Date(clock.now.getTime() + 2 * 86_400_000);
    await freshEditor();
    const made = await send({ audience: { kind: 'author', id: (await t.get('/api/alerts/options')).json().authors[0].id } });
    assert.equal(made.statusCode, 201, made.body);
    const alert = made.json().alert;
    const deps = {
      database: t.db.database,
      now: () => clock.now,
      dailyCap: 5,
      icon: '/icon.png',
      client: async () => {
        throw new Error('not used');
      },
    };
    await fanOut(deps as never, alert.id);
    await fanOut(deps as never, alert.id);
    await run();
    await run();
    assert.equal(service.for(sub.id).length, 1);
    const batches = (await t.db.database.db.execute(
      sql`select count(*)::int as n from jobs where name = ${ALERT_BATCH_JOB} and payload->>'alertId' = ${alert.id}`,
    )) as unknown as { rows: { n: number }[] };
    assert.equal(batches.rows[0]!.n, 1, 'one batch job, however often the fan-out ran');
    await deliverBatch(deps as never, { alertId: alert.id, from: 1, to: 1000 });
    assert.equal(service.for(sub.id).length, 1, 'a finished batch run again sends nothing');
  });

  it('schedules, cancels, and refuses what it cannot send', async () => {
    await freshEditor();
    const sub = service.subscribe();
    await subscribe(sub, { breaking: ['us'] });
    const later = (
      await send({ audience: { kind: 'breaking', edition: 'us' }, breaking: true, sendAt: new Date(clock.now.getTime() + 600_000).toISOString() })
    ).json().alert;
    await run();
    assert.equal(service.for(sub.id).length, 0, 'not before its time');
    clock.now = new Date(clock.now.getTime() + 601_000);
    await run();
    assert.equal(service.for(sub.id).length, 1);
    const never = (
      await send({ audience: { kind: 'breaking', edition: 'us' }, breaking: true, sendAt: new Date(clock.now.getTime() + 600_000).toISOString() })
    ).json().alert;
    assert.equal((await editor.agent.json('POST', `/newsroom/api/alerts/${never.id}/cancel`, undefined, editor.csrf)).statusCode, 204);
    assert.equal((await editor.agent.json('POST', `/newsroom/api/alerts/${never.id}/cancel`, undefined, editor.csrf)).statusCode, 409);
    assert.equal(
      (await editor.agent.json('POST', `/newsroom/api/alerts/${later.id}/cancel`, undefined, editor.csrf)).statusCode,
      409,
      'a sent alert cannot be cancelled',
    );
    clock.now = new Date(clock.now.getTime() + 601_000);
    await run();
    assert.equal(service.for(sub.id).length, 1, 'the cancelled one never went');

    const draft = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Not yet out' }))).json();
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ articleId: draft.id, audience: { kind: 'breaking', edition: 'uk' } }, 409, /published article/],
      [{ audience: { kind: 'breaking', edition: 'mars' } }, 422, /edition/],
      [{ audience: { kind: 'everyone' } }, 422, /audience.kind/],
      [{ audience: { kind: 'section', id: ids.topic } }, 422, /one of our sections/],
      [{ audience: { kind: 'breaking', edition: 'uk' }, title: 'x'.repeat(121) }, 422, /at most 120/],
      [{ audience: { kind: 'breaking', edition: 'uk' }, imageUrl: 'javascript:alert(1)' }, 422, /https address or a path/],
      [{ audience: { kind: 'breaking', edition: 'uk' }, sendAt: '2020-01-01T00:00:00Z' }, 422, /in the past/],
      [{ audience: { kind: 'breaking', edition: 'uk' }, ttlMinutes: 0 }, 422, /ttlMinutes/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await send(body);
      assert.equal(answer.statusCode, status, `${JSON.stringify(body)}: ${answer.body}`);
      assert.match(answer.json().error.message, message);
    }
    const writer = await signedInStaff(t, 'writer', 'Wren Writer', '203.0.113.63', clock.now);
    assert.equal(
      (await writer.agent.postJson('/newsroom/api/alerts', { articleId: article.id, audience: { kind: 'breaking', edition: 'uk' } }, writer.csrf)).statusCode,
      403,
    );
  });

  it('a signed-in reader sees, changes and stops the alerts of their browsers on the account page', async () => {
    const page = await reader.agent.get('/account/alerts');
    assert.equal(page.statusCode, 200);
    const ids_ = [...page.body.matchAll(/action="\/account\/alerts\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
    assert.ok(ids_.length >= 3, 'every browser subscribed while signed in');
    const [first, second] = ids_ as [string, string];
    const saved = await reader.agent.post(`/account/alerts/${first}`, [
      ['_csrf', reader.csrf],
      ['breaking', 'uk'],
      ['breaking', 'us'],
      ['sections', ids.section],
      ['replies', '1'],
    ]);
    assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
    const row = (
      (await t.db.database.db.execute(sql`select choices from push_subscriptions where id = ${first}`)) as unknown as { rows: { choices: unknown }[] }
    ).rows[0]!.choices;
    assert.deepEqual(row, { breaking: ['uk', 'us'], sections: [ids.section], topics: [], authors: [], replies: true });
    const none = await reader.agent.post(`/account/alerts/${first}`, { _csrf: reader.csrf });
    assert.equal(none.statusCode, 422);
    assert.match(none.body, /Choose at least one kind of alert/);
    const stranger = await signedInStaff(t, 'reader', 'Sly Stranger', '203.0.113.66', clock.now);
    assert.equal((await stranger.agent.post(`/account/alerts/${second}/delete`, { _csrf: stranger.csrf })).statusCode, 404, 'not theirs');
    assert.equal((await reader.agent.post(`/account/alerts/${second}/delete`, { _csrf: reader.csrf })).headers.location, '/account/alerts?done=stopped');
    assert.doesNotMatch((await reader.agent.get('/account/alerts')).body, new RegExp(second));
  });
});
