import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { validArticle } from '../../../../test/support/app.ts';
import { engine } from '../../../../test/support/database.ts';
import { listen, type SseEvent } from '../../../../test/support/sse.ts';
import { testdata } from '../../../../test/support/testdata.ts';
import { liveBlogs } from '../../../content/index.ts';
import { openLiveSite, type LiveSite } from '../live.fixtures.ts';

/**
 * A live blog's stream: what readers may see arrives (entries with their HTML, edits, deletions,
 * pins, key events), what they may not never does (drafts, held, scheduled, a deleted entry's
 * contents), a reader coming back catches up or is told to reload, and the limits hold.
 */
describe(`live blog stream on ${engine}`, () => {
  let s: LiveSite;
  let port: number;
  let n = 0;
  const who = () => ({ actor: 'account:test', now: s.clock.now });
  const path = () => `/api/articles/${s.blog.id}/entries/live`;
  /** Each reader from an address of its own (the app trusts the local proxy), so the per-network limit is the limits test's alone. */
  const open = (headers: Record<string, string> = {}, at = path()) => listen(port, at, { 'x-forwarded-for': `203.0.113.${++n}`, ...headers });
  /** Only for requests refused before a stream opens: a stream would hold the injected request open. */
  const inject = (url: string, headers: Record<string, string>) => s.t.app.inject({ method: 'GET', url, headers });
  const entryEvent = (events: SseEvent[], id: string, test: (d: any) => boolean = () => true) =>
    events.find((e) => e.event === 'entry' && e.data.id === id && test(e.data));

  before(async () => {
    s = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', {
      TRUST_PROXY: '127.0.0.1',
      LIVE_STREAMS_PER_ADDRESS: '2',
      LIVE_STREAMS_PER_PROCESS: '12',
    });
    await s.t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (s.t.app.server.address() as AddressInfo).port;
  });
  after(() => s.t.close());

  it('streams an open blog: published entries arrive with their HTML, edits, pins, key events and deletions in order', async () => {
    const reader = open();
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    const first = await s.post({ title: 'Polls close', bodyMarkdown: 'Counting **starts**.' });
    await reader.until(() => !!entryEvent(reader.events, first.id), 'the published entry');
    const arrived = entryEvent(reader.events, first.id)!;
    assert.equal(arrived.id, String(first.lastChange), 'the event id is the change number');
    assert.equal(arrived.data.status, 'published');
    assert.match(arrived.data.html, new RegExp(`^<article id="entry-${first.id}" class="live-entry" data-entry-id="${first.id}" data-position="1"`));
    assert.match(arrived.data.html, /<h2 class="live-entry__title">Polls close<\/h2>/);
    assert.match(arrived.data.html, /<strong>starts<\/strong>/);
    assert.equal(arrived.data.permalink, `/world/${s.blog.slug}/entry/${first.id}`);

    const edited = await liveBlogs.updateEntry(s.t.app.ctx, first.id, { version: first.version, title: 'Polls have closed', keyEvent: true }, who());
    await reader.until(() => !!entryEvent(reader.events, first.id, (d) => d.title === 'Polls have closed'), 'the edit');
    const edit = entryEvent(reader.events, first.id, (d) => d.title === 'Polls have closed')!;
    assert.equal(edit.data.keyEvent, true);
    assert.match(edit.data.html, /live-entry__updated/, 'marked updated');
    assert.ok(Number(edit.id) > Number(arrived.id));

    const second = await s.post({ title: 'Turnout is up', pinned: true });
    const third = await s.post({ title: 'Now this one is pinned', pinned: true });
    await reader.until(() => !!entryEvent(reader.events, second.id, (d) => d.pinned === false), 'the unpinning of the previous pinned entry');
    await reader.until(() => !!entryEvent(reader.events, third.id), 'the newly pinned entry, after the one it unpinned');
    assert.equal(entryEvent(reader.events, third.id)!.data.pinned, true);

    await liveBlogs.deleteEntry(s.t.app.ctx, edited.id, edited.version, who());
    await reader.until(() => !!entryEvent(reader.events, first.id, (d) => d.status === 'deleted'), 'the deletion');
    const gone = entryEvent(reader.events, first.id, (d) => d.status === 'deleted')!;
    assert.deepEqual(Object.keys(gone.data).sort(), ['change', 'id', 'position', 'status'], 'a deleted entry arrives without its contents');
    const ids = reader.events.filter((e) => e.event === 'entry').map((e) => Number(e.id));
    assert.deepEqual(
      ids,
      [...ids].sort((a, b) => a - b),
      'messages leave in the order of their changes',
    );
    reader.close();
  });

  it('never sends drafts, held or scheduled entries', async () => {
    const reader = open();
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    await s.post({ title: 'A draft nobody sees' }, null);
    await s.post({ title: 'Held for the editor' }, { as: 'hold' });
    await s.post({ title: 'Scheduled for later' }, { as: 'schedule', at: new Date(s.clock.now.getTime() + 3_600_000) });
    const marker = await s.post({ title: 'Seen by all' });
    await reader.until(() => !!entryEvent(reader.events, marker.id), 'the published marker');
    for (const hidden of ['A draft nobody sees', 'Held for the editor', 'Scheduled for later']) assert.ok(!reader.raw.includes(hidden), hidden);
    reader.close();
  });

  it('sends the XSS corpus in titles as JSON text, escaped in the HTML', async () => {
    const reader = open();
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    const corpus = testdata.xss().slice(0, 40);
    const posted: Awaited<ReturnType<LiveSite['post']>>[] = [];
    for (const payload of corpus) posted.push(await s.post({ title: payload.slice(0, 300), bodyMarkdown: 'Hostile title.' }));
    await reader.until(() => posted.every((p) => entryEvent(reader.events, p.id)), 'every hostile entry');
    for (const entry of posted) {
      const data = entryEvent(reader.events, entry.id)!.data;
      assert.equal(data.title, entry.title, 'the title exactly as stored');
      const heading = /<h2 class="live-entry__title">([\s\S]*?)<\/h2>/.exec(data.html)?.[1] ?? '';
      if (entry.title.trim()) assert.ok(!heading.includes('<'), `the title is text in the HTML: ${heading}`);
    }
    for (const line of reader.raw.split('\n')) assert.ok(/^(retry|id|event|data): |^$|^:/.test(line), `no forged SSE line: ${line.slice(0, 80)}`);
    reader.close();
  });

  it('catches a returning reader up from Last-Event-ID (or ?after), deleted entries as deletions, and nothing hidden', async () => {
    const blog = await liveBlogs.getBlog(s.t.db.database.db, s.blog.id);
    const before = blog.lastChange;
    const kept = await s.post({ title: 'Missed while away' });
    const dropped = await s.post({ title: 'Posted and withdrawn' });
    await liveBlogs.deleteEntry(s.t.app.ctx, dropped.id, dropped.version, who());
    await s.post({ title: 'A draft while away' }, null);
    for (const reader of [open({ 'last-event-id': String(before) }), open({}, `${path()}?after=${before}`)]) {
      assert.equal(await reader.opened, 200);
      await reader.until(() => reader.events.filter((e) => e.event === 'entry').length >= 2, 'what was missed');
      const missed = reader.events.filter((e) => e.event === 'entry');
      assert.deepEqual(
        missed.map((e) => [e.data.id, e.data.status]),
        [
          [kept.id, 'published'],
          [dropped.id, 'deleted'],
        ],
      );
      assert.ok(!reader.raw.includes('Posted and withdrawn') && !reader.raw.includes('A draft while away'));
      reader.close();
    }
    const garbage = open({ 'last-event-id': 'yesterday' });
    assert.equal(await garbage.opened, 200);
    await garbage.until(() => garbage.raw.includes('retry: 3000'), 'the start of the stream');
    assert.equal(garbage.events.length, 0, 'an id that is no change number replays nothing');
    garbage.close();
  });

  it('loses no entry published between reading the catch-up and the stream starting', async () => {
    const before = (await liveBlogs.getBlog(s.t.db.database.db, s.blog.id)).lastChange;
    let inWindow: Awaited<ReturnType<LiveSite['post']>> | undefined;
    s.t.app.ctx.live.afterCatchUp = async () => {
      s.t.app.ctx.live.afterCatchUp = undefined;
      // Committed and announced after the catch-up was read: once, nobody was on the topic yet to hear it.
      inWindow = await s.post({ title: 'Published in the window' });
      await new Promise((resolve) => setTimeout(resolve, 300));
    };
    const reader = open({}, `${path()}?after=${before}`);
    assert.equal(await reader.opened, 200);
    await reader.until(() => !!inWindow && !!entryEvent(reader.events, inWindow.id), 'the entry published in the window');
    assert.equal(entryEvent(reader.events, inWindow!.id)!.id, String(before + 1));
    reader.close();
  });

  it('tells a reader more than 100 changes behind to reload, once', async () => {
    const blog = await liveBlogs.getBlog(s.t.db.database.db, s.blog.id);
    for (let i = 0; i < 101; i++) await s.post({ title: `Minute ${i}` });
    const reader = open({ 'last-event-id': String(blog.lastChange) });
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.events.length > 0, 'the refresh signal');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The stream is on its topic before the catch-up is read: the last posts' messages, still on
    // their way, may follow the refresh (the page closes the stream on it).
    assert.equal(reader.events[0]?.event, 'refresh');
    assert.equal(reader.events.filter((e) => e.event === 'refresh').length, 1);
    assert.ok(!reader.raw.includes('Minute 0"'), 'none of the entries it is behind on is replayed');
    reader.close();
  });

  it('answers 404 for an article that is no live blog or an unknown one, 400 for a bad id; a closing blog sends its state, and so does a closed one asked again', async () => {
    const plain = (await s.t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Not live', status: 'published', editions: ['uk'] }))).json();
    for (const id of [plain.id, '00000000-0000-4000-8000-000000000000']) assert.equal((await s.t.get(`/api/articles/${id}/entries/live`)).statusCode, 404);
    assert.equal((await s.t.get('/api/articles/not-a-uuid/entries/live')).statusCode, 400);
    assert.equal((await s.t.get(`${path()}?after=-1`)).statusCode, 400);
    const spec = (await s.t.get('/api/openapi.json')).body;
    assert.ok(!spec.includes('/entries/live'), 'hidden from the OpenAPI document');

    const reader = open();
    assert.equal(await reader.opened, 200);
    await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    const blog = await liveBlogs.getBlog(s.t.db.database.db, s.blog.id);
    const closed = await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { version: blog.version, state: 'closed' }, who());
    await reader.until(() => reader.events.some((e) => e.event === 'state' && e.data.state === 'closed'), 'the closed state');
    reader.close();
    for (const headers of [{}, { 'grip-last': `entries:${s.blog.id}:uk; last-id=3` }] as Record<string, string>[]) {
      const late = await inject(path(), headers);
      assert.equal(late.statusCode, 200, 'a reader (or Pushpin following its link) asking after the blog closed is told so, and the stream ends');
      assert.equal(late.body, 'retry: 3600000\n\nevent: state\ndata: {"state":"closed"}\n\n', 'and not to come back for an hour');
    }
    await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { version: closed.version, state: 'open' }, who());
  });

  it('limits streams per network (429) and per process (503), each with Retry-After', async () => {
    const mine = [open({ 'x-forwarded-for': '198.51.100.7' }), open({ 'x-forwarded-for': '198.51.100.7' })];
    assert.deepEqual([await mine[0]!.opened, await mine[1]!.opened], [200, 200]);
    const third = await inject(path(), { 'x-forwarded-for': '198.51.100.7' });
    assert.equal(third.statusCode, 429);
    assert.ok(Number(third.headers['retry-after']) > 0);
    assert.match(third.json().error.message, /Too many live connections from your network/);
    const crowd = [];
    for (let i = 1; i <= 13; i++) {
      const reader = open({ 'x-forwarded-for': `192.0.2.${i}` });
      crowd.push(reader);
      if ((await reader.opened) !== 200) break;
    }
    const full = await inject(path(), { 'x-forwarded-for': '192.0.2.99' });
    assert.equal(full.statusCode, 503);
    assert.ok(Number(full.headers['retry-after']) > 0);
    assert.match(full.json().error.message, /Live updates are busy/);
    for (const reader of [...mine, ...crowd]) reader.close();
  });
});
