import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { ContentEvents, liveBlogs } from '../../content/index.ts';
import type { TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { startAlertsWorld } from '../../../test/support/alerts.ts';
import { engine } from '../../../test/support/database.ts';
import { rows } from '../../platform/db/database.ts';
import { CATCH_UP_MS, KEY_EVENT_SWEEP_JOB, SWEEP_EVERY_MS, scheduleKeyEventSweep } from './key-events.ts';
import { KEY_EVENT_ALERT_GAP_MS } from './rules.ts';

/**
 * A key event whose announcement a stopped process never handled (committed, announced to
 * nobody) still reaches the blog's followers: the sweep finds it within a minute.
 */
describe(`live blog key events on ${engine}: the sweep for lost announcements`, () => {
  let t: TestApp;
  let service: Awaited<ReturnType<typeof startAlertsWorld>>['service'];
  let stop: () => Promise<void>;
  let article: { id: string; slug: string };
  const clock = { now: new Date('2036-11-27T12:00:00Z') };
  const who = () => ({ actor: 'account:Ada', now: clock.now });
  const run = async () => {
    while ((await t.app.jobs.runDue()) > 0);
  };
  const alertsOf = (entryId: string) => rows<{ status: string }>(t.db.database.db, sql`select status from alerts where live_entry_id = ${entryId}`);

  before(async () => {
    ({ t, service, article, stop } = await startAlertsWorld(clock));
    await liveBlogs.makeLiveBlog(t.app.ctx, article.id, {}, who());
  });
  after(() => stop());

  it('alerts within a minute a key event nobody announced; not one older than half an hour', async () => {
    const reader = await signedInStaff(t, 'reader', 'Rae Reader', '203.0.113.62');
    const sub = service.subscribe();
    const followed = await reader.agent.postJson(
      `/api/alerts/live-blogs/${article.id}/follow`,
      { subscription: { endpoint: sub.endpoint, keys: sub.keys } },
      reader.csrf,
    );
    assert.equal(followed.statusCode, 201);
    // Committed, but announced to nobody: as if the process stopped right after the commit.
    const unheard = { database: t.app.ctx.database, events: new ContentEvents() };
    const unannounced = (title: string, keyEvent = true) =>
      liveBlogs.createEntry(
        unheard,
        article.id,
        { title, bodyMarkdown: 'Posted as the process stopped.', writers: ['ada-reporter'], keyEvent },
        { as: 'publish' },
        who(),
      );
    const stale = await unannounced('A key event long past');
    clock.now = new Date(clock.now.getTime() + CATCH_UP_MS + KEY_EVENT_ALERT_GAP_MS);
    const lost = await unannounced('A key event nobody heard');
    // The blog's next change is announced: it names only its own entry, which is no key event.
    await liveBlogs.createEntry(t.app.ctx, article.id, { title: 'An update', bodyMarkdown: 'More.', writers: ['ada-reporter'] }, { as: 'publish' }, who());
    await run();
    assert.equal((await alertsOf(lost.id)).length, 0, 'no announcement, no alert yet');

    await scheduleKeyEventSweep(t.db.database.db, clock.now); // as every process does when it starts
    await run();
    assert.equal((await alertsOf(lost.id)).length, 1);
    assert.equal((await alertsOf(stale.id)).length, 0, 'half an hour on, it is no longer news to alert');
    await service.until(() => service.for(sub.id).some((r) => (r.payload as { body: string }).body === 'A key event nobody heard'));
    const next = await rows<{ run_at: Date | string }>(t.db.database.db, sql`select run_at from jobs where name = ${KEY_EVENT_SWEEP_JOB} and state = 'queued'`);
    assert.deepEqual(
      next.map((job) => new Date(job.run_at).getTime()),
      [clock.now.getTime() + SWEEP_EVERY_MS],
      'the sweep queued the next one',
    );
  });
});
