import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { engine } from '../../../../test/support/database.ts';
import { startPushpin, type Pushpin } from '../../../../test/support/pushpin.ts';
import { listen } from '../../../../test/support/sse.ts';
import { freePort } from '../../../../scripts/postgres.ts';
import { liveBlogs } from '../../../content/index.ts';
import { openLiveSite, type LiveSite } from '../live.fixtures.ts';

/** A live blog's stream behind a real Pushpin: readers held by the proxy, each entry published to it once per edition, catch-up through it. */
describe(`live blog stream through Pushpin on ${engine}`, () => {
  let pushpin: Pushpin;
  let s: LiveSite;
  const path = () => `/api/articles/${s.blog.id}/entries/live`;

  before(async () => {
    const appPort = await freePort();
    pushpin = await startPushpin(appPort, crypto.randomBytes(24).toString('hex'));
    s = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', { GRIP_URL: pushpin.gripUrl }, ['uk', 'us']);
    await s.t.app.listen({ host: '127.0.0.1', port: appPort });
  });
  after(async () => {
    await s?.t.close();
    await pushpin?.stop();
  });

  it('delivers entries with their HTML, edits and deletions through Pushpin, and catches a returning reader up through it', async () => {
    const before = (await liveBlogs.getBlog(s.t.db.database.db, s.blog.id)).lastChange;
    const readers = [listen(pushpin.port, path()), listen(pushpin.port, path()), listen(pushpin.port, `${path()}?edition=us`)];
    for (const reader of readers) {
      assert.equal(await reader.opened, 200, pushpin.logs());
      await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    }
    assert.equal(s.t.app.ctx.live.count, 0, 'the app holds no stream itself: Pushpin does');
    const entry = await s.post({ title: 'Through the proxy', bodyMarkdown: 'Held by Pushpin.' });
    // Each change reaches every reader before the next is made, as entries seconds apart do: three
    // changes within milliseconds can reach Pushpin's reliable streams in a way that makes it fetch
    // the stream's current state instead (the reader still ends right: the catch-up test below).
    const everyReaderHas = (title: string) =>
      Promise.all(readers.map((reader) => reader.until(() => reader.events.some((e) => e.data?.title === title), `"${title}" through Pushpin`)));
    await everyReaderHas('Through the proxy');
    const edited = await liveBlogs.updateEntry(
      s.t.app.ctx,
      entry.id,
      { version: entry.version, title: 'Through the proxy, edited' },
      { actor: 'account:test', now: s.clock.now },
    );
    await everyReaderHas('Through the proxy, edited');
    await liveBlogs.deleteEntry(s.t.app.ctx, edited.id, edited.version, { actor: 'account:test', now: s.clock.now });
    for (const reader of readers) {
      await reader.until(() => reader.events.some((e) => e.data?.id === entry.id && e.data.status === 'deleted'), 'the deletion through Pushpin');
      const seen = reader.events.filter((e) => e.event === 'entry').map((e) => [e.data.status, e.data.title ?? null]);
      assert.deepEqual(
        seen,
        [
          ['published', 'Through the proxy'],
          ['published', 'Through the proxy, edited'],
          ['deleted', null],
        ],
        `what Pushpin did:\n${pushpin.logs().slice(-4000)}`,
      );
      const published = reader.events.find((e) => e.event === 'entry')!;
      assert.match(published.data.html ?? '', /<h2 class="live-entry__title">Through the proxy<\/h2>/, JSON.stringify(reader.events));
      reader.close();
    }
    // Each edition's readers got their edition's rendering: its clock and its links.
    const first = (i: number) => readers[i]!.events.find((e) => e.event === 'entry')!.data;
    assert.deepEqual([first(0).clock, first(2).clock], ['00:30 GMT', '20:30 EDT']);
    assert.deepEqual([first(0).permalink, first(2).permalink], [`${s.blog.path}/entry/${entry.id}`, `/us${s.blog.path}/entry/${entry.id}`]);
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

  it('loses no entry published to Pushpin before it holds the reader (reliable delivery), and keeps delivering after a state and a change it was never given', async () => {
    const db = s.t.db.database.db;
    const who = { actor: 'account:test', now: s.clock.now };
    const before = (await liveBlogs.getBlog(db, s.blog.id)).lastChange;
    let inWindow: Awaited<ReturnType<LiveSite['post']>> | undefined;
    s.t.app.ctx.live.afterCatchUp = async () => {
      s.t.app.ctx.live.afterCatchUp = undefined;
      // Published to Pushpin after the catch-up was read and before Pushpin has the hold: it has no reader for it yet.
      inWindow = await s.post({ title: 'Published before the hold' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const reader = listen(pushpin.port, `${path()}?after=${before}`);
    assert.equal(await reader.opened, 200, pushpin.logs());
    await reader.until(() => !!inWindow && reader.events.some((e) => e.data?.id === inWindow!.id), 'the entry published before the hold');
    const entries = () => reader.events.filter((e) => e.event === 'entry');
    assert.deepEqual(
      entries().map((e) => e.id),
      [String(before + 1)],
    );

    // A state takes no change number and must not break the chain: entries still arrive after it.
    const blog = await liveBlogs.getBlog(db, s.blog.id);
    const closed = await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { version: blog.version, state: 'closed' }, who);
    await reader.until(() => reader.events.some((e) => e.event === 'state' && e.data.state === 'closed'), 'the closed state');
    // While the blog is closed its changes render to nothing: Pushpin is told nothing of this number,
    // and learns of the gap from the next message (the state when the blog reopens, then the entry).
    await liveBlogs.deleteEntry(s.t.app.ctx, inWindow!.id, inWindow!.version, who);
    await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { version: closed.version, state: 'open' }, who);
    const after = await s.post({ title: 'After the gap' });
    await reader.until(() => reader.events.some((e) => e.data?.id === after.id), 'the entry after the gap');
    assert.ok(
      reader.events.some((e) => e.data?.id === inWindow!.id && e.data.status === 'deleted'),
      'the change Pushpin never got is fetched from the stream when the next one shows the gap',
    );
    assert.equal(entries().at(-1)!.id, String(after.lastChange));
    reader.close();
  });
});
