import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { setTimeout as pause } from 'node:timers/promises';
import { ContentEvents, liveBlogs } from '../../content/index.ts';
import type { TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { startAlertsWorld, type Staff } from '../../../test/support/alerts.ts';
import { engine } from '../../../test/support/database.ts';
import type { TestSubscription } from '../../../test/support/push-service.ts';
import { until } from '../../../test/support/wait.ts';
import { rows } from '../../platform/db/database.ts';
import { queueKeyEventAlerts } from './key-events.ts';
import { KEY_EVENT_ALERT_GAP_MS } from './rules.ts';

/**
 * Following a live blog and its key events as push alerts, end to end: follows through the API,
 * entries through content's services, the alert jobs through the queue, and each alert
 * encrypted to the loopback push service, which decrypts it.
 */
describe(`live blog alerts on ${engine}: follow, key events once, closing, unfollowing`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startAlertsWorld>>['service'];
  let stop: () => Promise<void>;
  let reader: Staff;
  let article: { id: string; slug: string };
  const clock = { now: new Date('2036-11-27T12:00:00Z') };
  const who = () => ({ actor: 'account:Ada', now: clock.now });
  const deps = () => ({ database: t.app.ctx.database, urls: t.app.ctx.urls, now: () => clock.now, icon: '/icon.png' });

  const follow = (sub: TestSubscription, articleId = article.id) =>
    reader.agent.postJson(`/api/alerts/live-blogs/${articleId}/follow`, { subscription: { endpoint: sub.endpoint, keys: sub.keys } }, reader.csrf);
  const following = async (sub: TestSubscription) =>
    (await reader.agent.postJson(`/api/alerts/live-blogs/${article.id}/follow/lookup`, { endpoint: sub.endpoint }, reader.csrf)).json().following;
  const run = async () => {
    while ((await t.app.jobs.runDue()) > 0);
  };
  const alertsOf = (entryId: string) => rows<{ status: string }>(t.db.database.db, sql`select status from alerts where live_entry_id = ${entryId}`);
  /** The listener's own queueing, made certain: the same checks, run to the end before the jobs. */
  const settle = async (entryId: string) => {
    await pause(20);
    await queueKeyEventAlerts(deps(), [entryId]);
    await run();
  };
  const entry = (title: string, keyEvent = false) =>
    liveBlogs.createEntry(
      t.app.ctx,
      article.id,
      { title, bodyMarkdown: `${title}: what we know.`, writers: ['ada-reporter'], keyEvent },
      { as: 'publish' },
      who(),
    );

  before(async () => {
    ({ t, service, article, stop } = await startAlertsWorld(clock));
    reader = await signedInStaff(t, 'reader', 'Rae Reader', '203.0.113.62');
    await liveBlogs.makeLiveBlog(t.app.ctx, article.id, {}, who());
  });
  after(() => stop());

  it('follows an open live blog with the browser’s subscription, and refuses what cannot be followed', async () => {
    const sub = service.subscribe();
    assert.equal(await following(sub), false);
    assert.equal((await follow(sub)).statusCode, 201);
    assert.equal((await follow(sub)).statusCode, 200, 'following again changes nothing');
    assert.equal(await following(sub), true);
    assert.equal((await follow(sub, '00000000-0000-4000-8000-000000000000')).statusCode, 404);
    const bad = await reader.agent.postJson(
      `/api/alerts/live-blogs/${article.id}/follow`,
      { subscription: { endpoint: 'https://10.0.0.7/x', keys: sub.keys } },
      reader.csrf,
    );
    assert.equal(bad.statusCode, 422);
    assert.match(bad.json().error.message, /private or reserved/);
    assert.equal((await reader.agent.postJson(`/api/alerts/live-blogs/not-an-id/follow`, {}, reader.csrf)).statusCode, 400);
  });

  it('sends a key event once to the followers, with the headline, the entry’s title and its permalink; edits send nothing more', async () => {
    const sub = service.subscribe();
    const bystander = service.subscribe();
    await follow(sub);
    await reader.agent.postJson(
      '/api/alerts/subscriptions',
      { subscription: { endpoint: bystander.endpoint, keys: bystander.keys }, choices: { breaking: ['uk'] } },
      reader.csrf,
    );
    const key = await entry('The first result is in', true);
    await until(async () => (await alertsOf(key.id)).length === 1 || (await run(), false));
    await run();
    await service.until(() => service.for(sub.id).length === 1);
    const got = service.for(sub.id)[0]!.payload as { title: string; body: string; url: string };
    const headline = (await t.get(`/api/content/articles/${article.slug}`)).json().headline;
    assert.equal(got.title, headline);
    assert.equal(got.body, 'The first result is in');
    assert.equal(got.url, `https://news.example/world/${article.slug}/entry/${key.id}`);
    assert.equal(service.for(bystander.id).length, 0, 'only followers are alerted');

    const edited = await liveBlogs.updateEntry(t.app.ctx, key.id, { version: key.version, title: 'The first result is in, and confirmed' }, who());
    await settle(edited.id);
    await liveBlogs.updateEntry(t.app.ctx, key.id, { version: edited.version, keyEvent: false }, who());
    const again = await liveBlogs.getEntry(t.app.ctx.database.db, key.id);
    await liveBlogs.updateEntry(t.app.ctx, key.id, { version: again.version, keyEvent: true }, who());
    await settle(key.id);
    assert.equal((await alertsOf(key.id)).length, 1, 'one alert per key event, ever');
    assert.equal(service.for(sub.id).length, 1);
  });

  it('sends nothing for an entry that is not a key event; a key event marked later is alerted, after the gap', async () => {
    const sub = service.subscribe();
    await follow(sub);
    const plain = await entry('Turnout looks high');
    await settle(plain.id);
    assert.equal((await alertsOf(plain.id)).length, 0);
    assert.equal(service.for(sub.id).length, 0);

    // The previous test's key event went moments ago: this one waits for the end of the gap.
    const marked = await liveBlogs.updateEntry(t.app.ctx, plain.id, { version: plain.version, keyEvent: true }, who());
    await settle(marked.id);
    assert.deepEqual(await alertsOf(marked.id), [{ status: 'scheduled' }]);
    assert.equal(service.for(sub.id).length, 0, 'not yet: the blog alerted moments ago');
    // A newer key event in the same gap takes its place: readers get the latest, once.
    const newer = await entry('A second result', true);
    await settle(newer.id);
    assert.deepEqual(await alertsOf(marked.id), [{ status: 'cancelled' }]);
    clock.now = new Date(clock.now.getTime() + KEY_EVENT_ALERT_GAP_MS);
    await run();
    await service.until(() => service.for(sub.id).length === 1);
    assert.equal((service.for(sub.id)[0]!.payload as { body: string }).body, 'A second result');
    assert.deepEqual(await alertsOf(newer.id), [{ status: 'sent' }]);
  });

  it('cancels an alert waiting out the gap when its key event is deleted or unmarked, even unannounced, or its article taken down', async () => {
    const sub = service.subscribe();
    await follow(sub);
    // The previous test's alert went at this moment: these wait for the end of the gap.
    const deleted = await entry('A result we got wrong', true);
    await settle(deleted.id);
    assert.deepEqual(await alertsOf(deleted.id), [{ status: 'scheduled' }]);
    await liveBlogs.deleteEntry(t.app.ctx, deleted.id, deleted.version, who());
    await settle(deleted.id);
    assert.deepEqual(await alertsOf(deleted.id), [{ status: 'cancelled' }], 'cancelled as the deletion is announced');

    const unmarked = await entry('Not such a key event after all', true);
    await settle(unmarked.id);
    assert.deepEqual(await alertsOf(unmarked.id), [{ status: 'scheduled' }]);
    // Unmarked, and announced to nobody: the fan-out itself asks again when the time comes.
    const unheard = { database: t.app.ctx.database, events: new ContentEvents() };
    await liveBlogs.updateEntry(unheard, unmarked.id, { version: unmarked.version, keyEvent: false }, who());
    assert.deepEqual(await alertsOf(unmarked.id), [{ status: 'scheduled' }]);
    clock.now = new Date(clock.now.getTime() + KEY_EVENT_ALERT_GAP_MS);
    await run();
    assert.deepEqual(await alertsOf(unmarked.id), [{ status: 'cancelled' }]);

    // The article taken down while an alert waits: nothing announces it to the alerts, the fan-out asks.
    const opener = await entry('The polls have closed', true);
    await settle(opener.id);
    await service.until(() => service.for(sub.id).length === 1);
    const hidden = await entry('A key event on a page about to go', true);
    await settle(hidden.id);
    assert.deepEqual(await alertsOf(hidden.id), [{ status: 'scheduled' }]);
    const current = (await t.admin('GET', `/api/admin/articles/${article.id}`)).json();
    const down = await t.admin('POST', `/api/admin/articles/${article.id}/unpublish`, { version: current.version });
    assert.equal(down.statusCode, 200, down.body);
    clock.now = new Date(clock.now.getTime() + KEY_EVENT_ALERT_GAP_MS);
    await run();
    assert.deepEqual(await alertsOf(hidden.id), [{ status: 'cancelled' }]);
    const back = await t.admin('POST', `/api/admin/articles/${article.id}/publish`, { version: down.json().version });
    assert.equal(back.statusCode, 200, back.body);
    const bodies = service.for(sub.id).map((r) => (r.payload as { body: string }).body);
    assert.deepEqual(bodies, ['The polls have closed'], 'no withdrawn key event reached the follower');
  });

  it('sends the older key event when the newer one that took its place in the gap is withdrawn', async () => {
    const sub = service.subscribe();
    await follow(sub);
    const first = await entry('Results expected within the hour', true);
    await settle(first.id);
    await service.until(() => service.for(sub.id).length === 1);
    const older = await entry('The first seat is declared', true);
    await settle(older.id);
    const newer = await entry('A second seat is declared', true);
    await settle(newer.id);
    assert.deepEqual([await alertsOf(older.id), await alertsOf(newer.id)], [[{ status: 'cancelled' }], [{ status: 'scheduled' }]]);
    await liveBlogs.updateEntry(t.app.ctx, newer.id, { version: newer.version, keyEvent: false }, who());
    await settle(newer.id);
    assert.deepEqual([await alertsOf(older.id), await alertsOf(newer.id)], [[{ status: 'scheduled' }], [{ status: 'cancelled' }]]);
    clock.now = new Date(clock.now.getTime() + KEY_EVENT_ALERT_GAP_MS);
    await run();
    await service.until(() => service.for(sub.id).length === 2);
    assert.equal((service.for(sub.id)[1]!.payload as { body: string }).body, 'The first seat is declared');
  });

  it('puts the followed blogs in the reader’s data export', async () => {
    const part = t.app.personalData.parts().find((p) => p.domain === 'alerts')!;
    const data = (await part.export(t.db.database.db, { id: reader.id } as never)) as { alerts: { followedLiveBlogs: { articleId: string }[] } };
    assert.ok(data.alerts.followedLiveBlogs.length >= 3);
    assert.ok(data.alerts.followedLiveBlogs.every((f) => f.articleId === article.id));
  });

  it('lists on the account page the blogs each of the reader’s browsers follows, each with an unfollow form', async () => {
    const chooser = service.subscribe();
    const followOnly = service.subscribe();
    const subscribe = { subscription: { endpoint: chooser.endpoint, keys: chooser.keys }, choices: { breaking: ['uk'] } };
    assert.equal((await reader.agent.postJson('/api/alerts/subscriptions', subscribe, reader.csrf)).statusCode, 201);
    for (const sub of [chooser, followOnly]) assert.ok([200, 201].includes((await follow(sub)).statusCode));
    const panelOf = async (sub: TestSubscription) => {
      const [row] = await rows<{ id: string }>(t.db.database.db, sql`select id from push_subscriptions where endpoint = ${sub.endpoint}`);
      return row?.id;
    };
    const [chooserId, followOnlyId] = [await panelOf(chooser), await panelOf(followOnly)];
    const page = (await reader.agent.get('/account/alerts')).body;
    const headline = (await t.get(`/api/content/articles/${article.slug}`)).json().headline;
    for (const id of [chooserId, followOnlyId]) {
      const unfollow = `/account/alerts/${id}/live-blogs/${article.id}/unfollow`;
      assert.ok(page.includes(`action="${unfollow}"`), `browser ${id} offers to unfollow`);
    }
    assert.ok(page.includes(`<a href="https://news.example/world/${article.slug}">${headline}</a>`), 'the headline, linked');
    assert.match(page, /Live blogs this browser follows/);
    // Taken down, the blog is still listed to unfollow, without the headline the newsroom may have rewritten.
    const current = (await t.admin('GET', `/api/admin/articles/${article.id}`)).json();
    const down = await t.admin('POST', `/api/admin/articles/${article.id}/unpublish`, { version: current.version });
    const hidden = (await reader.agent.get('/account/alerts')).body;
    assert.ok(!hidden.includes(headline) && hidden.includes('A live blog no longer on the site'), 'no headline of an article taken down');
    assert.equal((await t.admin('POST', `/api/admin/articles/${article.id}/publish`, { version: down.json().version })).statusCode, 200);

    const stranger = await signedInStaff(t, 'reader', 'Sly Stranger', '203.0.113.67', clock.now);
    const theirs = `/account/alerts/${chooserId}/live-blogs/${article.id}/unfollow`;
    assert.equal((await stranger.agent.post(theirs, { _csrf: stranger.csrf })).statusCode, 404, 'not theirs');
    assert.equal(await following(chooser), true);
    const done = await reader.agent.post(theirs, { _csrf: reader.csrf });
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/account/alerts?done=unfollowed');
    assert.equal(await following(chooser), false);
    const again = await reader.agent.post(theirs, { _csrf: reader.csrf });
    assert.equal(again.statusCode, 404, 'not told it was done twice');
    assert.match(again.body, /That browser does not follow that live blog/);
    assert.equal(await panelOf(chooser), chooserId, 'a browser with its own choices keeps them');
    await reader.agent.post(`/account/alerts/${followOnlyId}/live-blogs/${article.id}/unfollow`, { _csrf: reader.csrf });
    assert.equal(await panelOf(followOnly), undefined, 'a browser that only followed the blog is forgotten');
    const after = (await reader.agent.get('/account/alerts?done=unfollowed')).body;
    assert.match(after, /That browser no longer follows the live blog/);
    assert.ok(!after.includes(theirs) && !after.includes(followOnlyId!));
  });

  it('stops on unfollow: the browser that followed only this blog is forgotten', async () => {
    const sub = service.subscribe();
    await follow(sub);
    const gone = await reader.agent.json('DELETE', `/api/alerts/live-blogs/${article.id}/follow`, { endpoint: sub.endpoint }, reader.csrf);
    assert.equal(gone.statusCode, 204);
    assert.equal(await following(sub), false);
    assert.equal((await rows(t.db.database.db, sql`select 1 from push_subscriptions where endpoint = ${sub.endpoint}`)).length, 0);
    // Its subscription gone with the follow, a second stop is told the browser follows nothing here.
    const again = await reader.agent.json('DELETE', `/api/alerts/live-blogs/${article.id}/follow`, { endpoint: sub.endpoint }, reader.csrf);
    assert.equal(again.statusCode, 404);
    assert.match(again.json().error.message, /This browser does not follow this live blog/);
    clock.now = new Date(clock.now.getTime() + KEY_EVENT_ALERT_GAP_MS);
    const key = await entry('A third result', true);
    await settle(key.id);
    await service.until(() => service.received.some((r) => (r.payload as { body: string }).body === 'A third result'));
    assert.equal(service.for(sub.id).length, 0);
  });

  it('forgets the followers when the blog closes, and a closed blog offers no follow', async () => {
    const blog = await liveBlogs.getBlog(t.app.ctx.database.db, article.id);
    await liveBlogs.changeLiveBlog(t.app.ctx, article.id, { state: 'closed', version: blog.version }, who());
    await until(async () => (await run(), (await rows(t.db.database.db, sql`select 1 from live_blog_follows`)).length === 0));
    const sub = service.subscribe();
    const refused = await follow(sub);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /closed/);
  });
});
