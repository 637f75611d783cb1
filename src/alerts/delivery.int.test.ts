import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startPushService, type TestSubscription } from '../../test/support/push-service.ts';
import { deliverBatch, fanOut } from './fanout.ts';
import { PushClient } from './delivery/push-client.ts';
import { vapidKeys } from './vapid.ts';

type Staff = { agent: Agent; csrf: string; id: string };

/**
 * Alerts beyond the API, with the same real protocols as alerts.int.test.ts: the newsroom's
 * page, replies pushed to readers, a topic alerting on publish, a browser renewing its
 * subscription, and a push service that hangs or garbles its answers.
 */
describe(`alerts on ${engine}: the newsroom page, reply pushes, automatic alerts, renewals, a misbehaving push service`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startPushService>>;
  let editor: Staff;
  let reader: Staff;
  let article: { id: string; slug: string };
  let ids: { section: string; topic: string };
  const clock = { now: new Date('2036-11-27T12:00:00Z') };
  const caDir = fs.mkdtempSync(path.join(os.tmpdir(), 'push-ca-'));

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
    service = await startPushService();
    fs.writeFileSync(path.join(caDir, 'ca.pem'), service.ca);
    t = await createTestApp({
      now: () => clock.now,
      env: {
        PUSH_ALLOW_LOOPBACK: '1',
        PUSH_EXTRA_SERVICES: new URL(service.origin).host,
        PUSH_CA_FILE: path.join(caDir, 'ca.pem'),
        // One test browser subscribes many times here; the limits have their own tests (subscription-limits.int.test.ts).
        PUSH_SUBSCRIBE_PER_BROWSER: '1000',
        PUSH_SUBSCRIBE_PER_NETWORK: '1000',
      },
    });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    await freshEditor();
    reader = await signedInStaff(t, 'reader', 'Rae Reader', '203.0.113.62');
    const options = (await t.get('/api/alerts/options')).json();
    ids = { section: options.sections.find((s: { name: string }) => s.name === 'World').id, topic: options.topics[0].id };
  });
  after(async () => {
    await t.close();
    await service.stop();
    fs.rmSync(caDir, { recursive: true, force: true });
  });

  it('the newsroom page sends, schedules and cancels from a form, and lists each alert with its report', async () => {
    await freshEditor();
    const page = await editor.agent.get('/newsroom/alerts');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Breaking news, UK edition/);
    const form = (extra: Record<string, string>) =>
      editor.agent.post('/newsroom/alerts', { _csrf: editor.csrf, articleId: article.id, audience: 'breaking:uk', ...extra });
    const sent = await form({ title: '<img src=x onerror=alert(1)> Storm warning', breaking: '1' });
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    assert.equal(sent.headers.location, '/newsroom/alerts?done=sent');
    const later = new Date(clock.now.getTime() + 3_600_000).toISOString().slice(0, 16);
    assert.equal((await form({ sendAt: later })).headers.location, '/newsroom/alerts?done=scheduled');
    const bad = await form({ audience: 'section:not-a-section' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /one of our sections/);
    const list = await editor.agent.get('/newsroom/alerts');
    assert.match(list.body, /&lt;img src=x onerror=alert\(1\)(>|&gt;) Storm warning/, 'titles are text');
    assert.doesNotMatch(list.body, /<img src=x/);
    // The one scheduled for later (the one sent now is also cancellable until its fan-out starts).
    const scheduled = (
      (await t.db.database.db.execute(sql`select id from alerts where status = 'scheduled' order by send_at desc limit 1`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    assert.match(list.body, new RegExp(`action="/newsroom/alerts/${scheduled}/cancel"`));
    assert.equal((await editor.agent.post(`/newsroom/alerts/${scheduled}/cancel`, { _csrf: editor.csrf })).headers.location, '/newsroom/alerts?done=cancelled');
    const writer = await signedInStaff(t, 'writer', 'Wyn Writer', '203.0.113.64', clock.now);
    assert.equal((await writer.agent.get('/newsroom/alerts')).statusCode, 403);
  });

  it('pushes a reply to the browsers of the reader replied to that chose replies', async () => {
    await freshEditor();
    await run(); // alerts sent from the newsroom page earlier go out first
    const browserOfRae = service.subscribe();
    const elsewhere = service.subscribe();
    assert.equal((await subscribe(browserOfRae, { replies: true })).statusCode, 201, 'signed in: replies may be chosen');
    assert.equal((await subscribe(elsewhere, { breaking: ['uk'] })).statusCode, 201);
    const rootId = (
      (await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
          select made.id, ${article.id}, ${reader.id}, made.id, 'Rae asks a question.', 'published', ${clock.now.toISOString()}::timestamptz from made returning id`,
      )) as unknown as { rows: { id: string }[] }
    ).rows[0]!.id;
    await t.db.database.db.execute(sql`update users set email_verified_at = now() where id = ${editor.id}`);
    const reply = await editor.agent.postJson(`/api/articles/${article.id}/comments`, { text: 'The editor answers Rae.', parentId: rootId }, editor.csrf);
    assert.equal(reply.statusCode, 201, reply.body);
    await run();
    await service.until(() => service.for(browserOfRae.id).length === 1);
    assert.deepEqual(service.for(browserOfRae.id)[0]!.payload, {
      alertId: '',
      title: `Eve Editor ${editors} replied to your comment`,
      body: 'The editor answers Rae.',
      url: `https://news.example/comments/${reply.json().comment.id}`,
      image: null,
      icon: (service.for(browserOfRae.id)[0]!.payload as { icon: string }).icon,
      tag: `reply-${reply.json().comment.id}`,
    });
    assert.equal(service.for(elsewhere.id).length, 0);
  });

  it('a topic set to alert on publish sends each new article in it to its followers once, and nothing for a republication or a backdated import', async () => {
    clock.now = new Date('2036-12-10T10:00:00Z');
    await freshEditor();
    await run(); // whatever earlier articles queued is done before the topics are ticked
    const topics = (await t.get('/api/alerts/options')).json().topics as { id: string; name: string }[];
    const diplomacy = topics.find((x) => x.name === 'Diplomacy')!.id;
    const trade = topics.find((x) => x.name === 'Trade')!.id;
    const tick = (id: string, on: boolean) =>
      editor.agent.post('/newsroom/taxonomy/topic/alerts', { _csrf: editor.csrf, id, ...(on ? { automatic: 'on' } : {}) });
    assert.equal((await tick(diplomacy, true)).statusCode, 303);
    assert.equal((await tick(trade, true)).statusCode, 303);
    const unknown = await tick('00000000-0000-4000-8000-000000000000', true);
    assert.equal(unknown.statusCode, 422);
    assert.match(unknown.body, /There is no such topic/);
    const writer = await signedInStaff(t, 'writer', 'Win Writer', '203.0.113.67', clock.now);
    assert.equal(
      (await writer.agent.post('/newsroom/taxonomy/topic/alerts', { _csrf: writer.csrf, id: diplomacy })).statusCode,
      403,
      'editors and admins only',
    );
    assert.equal((await editor.agent.get('/newsroom/taxonomy')).body.match(/alerts on publish/g)?.length, 2);

    const onlyDiplomacy = service.subscribe();
    const both = service.subscribe();
    const onlyTrade = service.subscribe();
    const neither = service.subscribe();
    await subscribe(onlyDiplomacy, { topics: [diplomacy] });
    await subscribe(both, { topics: [diplomacy, trade] });
    await subscribe(onlyTrade, { topics: [trade] });
    await subscribe(neither, { breaking: ['us'] });
    await run();

    const headline = `Trade envoys meet ${'again and again '.repeat(10)}`.trim();
    const made = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ headline, slug: 'envoys-meet', topics: ['diplomacy', 'trade'], status: 'published' }),
    );
    assert.equal(made.statusCode, 201, made.body);
    await run();
    await service.until(() => service.for(onlyDiplomacy.id).length === 1 && service.for(onlyTrade.id).length === 1 && service.for(both.id).length === 1);
    await run();
    assert.equal(service.for(both.id).length, 1, 'a reader following both topics gets the story once');
    assert.equal(service.for(neither.id).length, 0);
    const payload = service.for(onlyDiplomacy.id)[0]!.payload as { title: string; url: string };
    assert.equal(payload.url, `https://news.example/world/envoys-meet`);
    assert.ok(payload.title.endsWith('…') && [...new Intl.Segmenter().segment(payload.title)].length === 120, 'a long headline is shortened, not refused');
    const list = await editor.agent.get('/newsroom/alerts');
    assert.equal(list.body.match(/automatic: the topic alerts on publish/g)?.length, 2);

    // Running the job again, editing and republishing the article send nothing more.
    const { alertNewArticle } = await import('./automatic.ts');
    await alertNewArticle({ database: t.db.database, urls: t.app.ctx.urls, now: () => clock.now, icon: '/icon.png' }, made.json().id);
    assert.equal((await t.admin('POST', `/api/admin/articles/${made.json().id}/unpublish`, {})).statusCode, 200);
    assert.equal((await t.admin('POST', `/api/admin/articles/${made.json().id}/publish`, {})).statusCode, 200);
    await run();
    assert.equal(service.for(onlyDiplomacy.id).length, 1);

    const imported = await t.admin(
      'POST',
      '/api/admin/articles',
      validArticle({ slug: 'from-the-archive', status: 'published', publishedAt: '2019-05-01T08:00:00Z' }),
    );
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal((await tick(trade, false)).statusCode, 303);
    await t.admin('POST', '/api/admin/articles', validArticle({ slug: 'tariffs-only', topics: ['trade'], status: 'published' }));
    await run();
    assert.equal(service.for(onlyDiplomacy.id).length, 1, 'a backdated import is not news');
    assert.equal(service.for(onlyTrade.id).length, 1, 'a topic no longer ticked sends nothing');
  });

  it("a browser that replaced its subscription moves the old one's choices to the new one (the service worker's renew)", async () => {
    const old = service.subscribe();
    await subscribe(old, { topics: [ids.topic] });
    const fresh = service.subscribe();
    const renew = (body: unknown) => t.app.inject({ method: 'POST', url: '/api/alerts/subscriptions/renew', payload: body as object });
    assert.equal((await renew({ oldEndpoint: `${old.endpoint}-unknown`, subscription: { endpoint: fresh.endpoint, keys: fresh.keys } })).statusCode, 404);
    assert.equal((await renew({ oldEndpoint: old.endpoint, subscription: { endpoint: 'http://10.0.0.1/x', keys: fresh.keys } })).statusCode, 422);
    assert.equal((await renew({ oldEndpoint: old.endpoint, subscription: { endpoint: fresh.endpoint, keys: fresh.keys } })).statusCode, 204);
    const rows = (await t.db.database.db.execute(
      sql`select endpoint, choices from push_subscriptions where endpoint in (${old.endpoint}, ${fresh.endpoint})`,
    )) as unknown as { rows: { endpoint: string; choices: { topics: string[] } }[] };
    assert.deepEqual(
      rows.rows.map((r) => [r.endpoint, r.choices.topics]),
      [[fresh.endpoint, [ids.topic]]],
    );
  });

  it('a push service that hangs, fails or garbles its answer for some subscriptions never holds up the others; those are retried', async () => {
    clock.now = new Date('2036-12-14T10:00:00Z');
    await freshEditor();
    const subs = Array.from({ length: 120 }, () => service.subscribe());
    for (const sub of subs) assert.equal((await subscribe(sub, { breaking: ['us'] })).statusCode, 201);
    const [hangs, alsoHangs, garbles, fails] = subs as [TestSubscription, TestSubscription, TestSubscription, TestSubscription];
    service.behave(hangs.id, { hang: true, times: 1 });
    service.behave(alsoHangs.id, { hang: true, times: 1 });
    service.behave(garbles.id, { garbage: true, times: 1 });
    service.behave(fails.id, { status: 500, times: 1 });
    const alert = (await send({ audience: { kind: 'breaking', edition: 'us' }, breaking: true })).json().alert;
    // The fan-out's own steps with a client that gives up on a silent service after 4 s.
    const client = new PushClient({
      vapid: await vapidKeys(t.db.database.db),
      subject: 'mailto:alerts@news.example',
      allowLoopback: true,
      extraServices: [new URL(service.origin).host],
      ca: service.ca,
      timeoutMs: 4_000,
    });
    const deps = { database: t.db.database, now: () => clock.now, dailyCap: 5, icon: '/icon.png', client: async () => client };
    try {
      await fanOut(deps, alert.id);
      let finished = false;
      const batch = deliverBatch(deps, { alertId: alert.id, from: 1, to: 1000 }).then(() => (finished = true));
      await service.until(() => subs.slice(4).every((sub) => service.for(sub.id).length === 1));
      assert.equal(finished, false, 'every other subscription was reached while two requests still hung');
      await batch;
      const report = await reportOf(alert.id);
      assert.equal(report.pending, 4, 'the two that hung, the garbled one and the 500 wait for a retry');
      assert.equal(report.failed, 0);
      // The retry job runs after the wait: the push service is well again.
      clock.now = new Date(clock.now.getTime() + 60_000);
      await run();
      for (const sub of [hangs, alsoHangs, garbles, fails]) assert.equal(service.for(sub.id).length, 1);
      assert.deepEqual(await reportOf(alert.id), { ...report, sent: report.sent + 4, pending: 0 });
    } finally {
      await client.close();
    }
  });
});
