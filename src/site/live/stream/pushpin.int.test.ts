import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { engine } from '../../../../test/support/database.ts';
import { startPushpin, type Pushpin } from '../../../../test/support/pushpin.ts';
import { listen } from '../../../../test/support/sse.ts';
import { freePort } from '../../../../scripts/postgres.ts';
import { liveBlogs } from '../../../content/index.ts';
import { openLiveSite, type LiveSite } from '../live.fixtures.ts';

/** A live blog's stream behind a real Pushpin: readers held by the proxy, each entry published to it once, catch-up through it. */
describe(`live blog stream through Pushpin on ${engine}`, () => {
  let pushpin: Pushpin;
  let s: LiveSite;
  const path = () => `/api/articles/${s.blog.id}/entries/live`;

  before(async () => {
    const appPort = await freePort();
    pushpin = await startPushpin(appPort, crypto.randomBytes(24).toString('hex'));
    s = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', { GRIP_URL: pushpin.gripUrl });
    await s.t.app.listen({ host: '127.0.0.1', port: appPort });
  });
  after(async () => {
    await s?.t.close();
    await pushpin?.stop();
  });

  it('delivers entries with their HTML, edits and deletions through Pushpin, and catches a returning reader up through it', async () => {
    const before = (await liveBlogs.getBlog(s.t.db.database.db, s.blog.id)).lastChange;
    const readers = [listen(pushpin.port, path()), listen(pushpin.port, path())];
    for (const reader of readers) {
      assert.equal(await reader.opened, 200, pushpin.logs());
      await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    }
    assert.equal(s.t.app.ctx.live.count, 0, 'the app holds no stream itself: Pushpin does');
    const entry = await s.post({ title: 'Through the proxy', bodyMarkdown: 'Held by Pushpin.' });
    const edited = await liveBlogs.updateEntry(
      s.t.app.ctx,
      entry.id,
      { version: entry.version, title: 'Through the proxy, edited' },
      { actor: 'account:test', now: s.clock.now },
    );
    await liveBlogs.deleteEntry(s.t.app.ctx, edited.id, edited.version, { actor: 'account:test', now: s.clock.now });
    for (const reader of readers) {
      await reader.until(() => reader.events.some((e) => e.data?.id === entry.id && e.data.status === 'deleted'), 'the deletion through Pushpin');
      const seen = reader.events.filter((e) => e.event === 'entry').map((e) => [e.data.status, e.data.title ?? null]);
      assert.deepEqual(seen, [
        ['published', 'Through the proxy'],
        ['published', 'Through the proxy, edited'],
        ['deleted', null],
      ]);
      const published = reader.events.find((e) => e.event === 'entry')!;
      assert.match(published.data.html ?? '', /<h2 class="live-entry__title">Through the proxy<\/h2>/, JSON.stringify(reader.events));
      reader.close();
    }
    const back = listen(pushpin.port, path(), { 'last-event-id': String(before) });
    assert.equal(await back.opened, 200);
    await back.until(() => back.events.some((e) => e.data?.id === entry.id), 'the catch-up through Pushpin');
    assert.deepEqual(
      back.events.map((e) => [e.event, e.data.status]),
      [['entry', 'deleted']],
      'what changed since, as it is now',
    );
    back.close();
  });
});
