import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { AppError } from '../../platform/errors.ts';
import type { ContentChange } from '../changes.ts';
import * as live from './service.ts';

/** The live blog services on the database: positions, pins, key events, the change feed, closing, versions, schedules. */
describe('live blogs: entries through their life', () => {
  let t: TestApp;
  let articleId: string;
  let clock = new Date('2026-03-29T00:30:00Z');
  const who = () => ({ actor: 'account:Ada', now: clock });
  const changes: ContentChange[] = [];
  const deps = () => t.app.ctx;

  before(async () => {
    t = await createTestApp({ now: () => clock });
    await seedBasics(t);
    articleId = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Election night, live', status: 'published' }))).json().id;
    t.app.ctx.events.on('change', (change) => changes.push(change));
  });
  after(() => t.close());

  const entry = (title: string, extra: Record<string, unknown> = {}) => ({
    title,
    bodyMarkdown: `${title}: the details.`,
    writers: ['ada-reporter'],
    ...extra,
  });

  it('makes an article a live blog once, open from now', async () => {
    const blog = await live.makeLiveBlog(deps(), articleId, { entryOrder: 'newest' }, who());
    assert.equal(blog.state, 'open');
    assert.equal(blog.coverageStartedAt?.toISOString(), clock.toISOString());
    await assert.rejects(live.makeLiveBlog(deps(), articleId, {}, who()), /already a live blog/);
    assert.ok(changes.some((c) => c.kind === 'live-blog' && c.articleId === articleId));
  });

  it('gives published entries positions in order, and drafts none; announces only what readers see', async () => {
    changes.length = 0;
    const draft = await live.createEntry(deps(), articleId, entry('Polls close'), null, who());
    assert.equal(draft.status, 'draft');
    assert.equal(draft.position, null);
    assert.equal(changes.length, 0, 'a draft is nobody’s news');
    const published = await live.releaseDraft(deps(), draft.id, draft.version, { as: 'publish' }, who());
    assert.equal(published.status, 'published');
    assert.equal(published.position, 1);
    assert.deepEqual(changes, [{ kind: 'live-entries', articleId, entryIds: [draft.id], change: published.lastChange }]);
    const second = await live.createEntry(deps(), articleId, entry('First result'), { as: 'publish' }, who());
    assert.equal(second.position, 2);
    assert.ok(second.lastChange > published.lastChange);
  });

  it('keeps one pinned entry: pinning another unpins the first, and both are announced', async () => {
    const a = await live.createEntry(deps(), articleId, entry('Turnout is up', { pinned: true }), { as: 'publish' }, who());
    assert.equal(a.pinned, true);
    const b = await live.createEntry(deps(), articleId, entry('Recount ordered'), { as: 'publish' }, who());
    changes.length = 0;
    const pinned = await live.updateEntry(deps(), b.id, { version: b.version, pinned: true }, who());
    assert.equal(pinned.pinned, true);
    assert.equal((await live.getEntry(t.db.database.db, a.id)).pinned, false);
    assert.deepEqual((changes[0] as { entryIds: string[] }).entryIds.sort(), [a.id, b.id].sort());
    assert.equal((await live.pinnedEntry(t.db.database.db, articleId))?.id, b.id);
    // Each change has its own number, the unpinning first: a reader resuming between them misses neither.
    const unpinned = await live.getEntry(t.db.database.db, a.id);
    assert.ok(unpinned.lastChange > a.lastChange && unpinned.lastChange < pinned.lastChange, 'the unpinned entry’s change comes first, alone');
  });

  it('publishes an entry once when two people release it at the same moment: the second is told it is already out', async () => {
    const draft = await live.createEntry(deps(), articleId, entry('Both editors pressed publish'), null, who());
    changes.length = 0;
    const results = await Promise.allSettled([
      live.releaseDraft(deps(), draft.id, draft.version, { as: 'publish' }, who()),
      live.releaseDraft(deps(), draft.id, draft.version, { as: 'publish' }, who()),
    ]);
    const published = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as { code: string });
    assert.equal(published.length, 1);
    assert.deepEqual(
      refused.map((e) => e.code),
      ['conflict'],
    );
    assert.equal(changes.length, 1, 'announced once');
    const twice = await Promise.allSettled([
      live.updateEntry(deps(), draft.id, { version: published[0]!.value.version, title: 'First editor' }, who()),
      live.updateEntry(deps(), draft.id, { version: published[0]!.value.version, title: 'Second editor' }, who()),
    ]);
    assert.deepEqual(twice.map((r) => r.status).sort(), ['fulfilled', 'rejected'], 'one edit of a version wins, the other is told to compare');
  });

  it("runs the caller's check on the entry and blog as locked, before anything is written; its refusal writes and announces nothing", async () => {
    const draft = await live.createEntry(deps(), articleId, entry('Checked first'), null, who());
    const published = await live.releaseDraft(deps(), draft.id, draft.version, { as: 'publish' }, who());
    changes.length = 0;
    const seen: string[] = [];
    const refuse = (e: { status: string }, blog: { articleId: string }) => {
      seen.push(`${e.status} on ${blog.articleId}`);
      throw new AppError('forbidden', 'Not yours.');
    };
    await assert.rejects(live.updateEntry(deps(), draft.id, { version: published.version, title: 'Changed' }, who(), refuse), /Not yours/);
    await assert.rejects(live.deleteEntry(deps(), draft.id, published.version, who(), refuse), /Not yours/);
    await assert.rejects(live.releaseDraft(deps(), draft.id, 1, { as: 'publish' }, who(), refuse), /Not yours/, 'before the version is compared');
    await assert.rejects(
      live.createEntry(deps(), articleId, entry('Never made'), { as: 'publish' }, who(), () => refuse(published, { articleId })),
      /Not yours/,
    );
    assert.deepEqual(seen, [...Array(4).fill(`published on ${articleId}`)]);
    const after = await live.getEntry(t.app.ctx.database.db, draft.id);
    assert.equal(after.title, 'Checked first');
    assert.equal(after.version, published.version);
    assert.equal(changes.length, 0);
  });

  it('refuses a stale version with both versions, and marks a changed published entry updated', async () => {
    const e = await live.createEntry(deps(), articleId, entry('Count begins', { keyEvent: true }), { as: 'publish' }, who());
    clock = new Date(clock.getTime() + 60_000);
    const edited = await live.updateEntry(deps(), e.id, { version: e.version, title: 'Count begins in the north' }, who());
    assert.equal(edited.updatedAt?.toISOString(), clock.toISOString());
    await assert.rejects(
      live.updateEntry(deps(), e.id, { version: e.version, title: 'Stale' }, who()),
      (error: Error & { code?: string; details?: Record<string, unknown> }) => {
        assert.equal(error.code, 'conflict');
        assert.match(error.message, new RegExp(`version ${e.version}.*current version is ${edited.version}`));
        assert.equal((error.details?.current as { title: string }).title, 'Count begins in the north');
        return true;
      },
    );
    assert.deepEqual(
      (await live.keyEvents(t.db.database.db, articleId)).map((k) => k.title),
      ['Count begins in the north'],
    );
  });

  it('deletes a pinned key event: it leaves the pin, the key events and the page, and the change feed says so', async () => {
    const before = await live.pinnedEntry(t.db.database.db, articleId);
    const key = await live.createEntry(deps(), articleId, entry('A key moment', { keyEvent: true, pinned: true }), { as: 'publish' }, who());
    assert.notEqual(before?.id, key.id);
    const last = key.lastChange;
    const deleted = await live.deleteEntry(deps(), key.id, key.version, who());
    assert.equal(deleted.status, 'deleted');
    assert.equal(await live.pinnedEntry(t.db.database.db, articleId), undefined);
    assert.ok(!(await live.keyEvents(t.db.database.db, articleId)).some((k) => k.id === key.id));
    const since = await live.changedSince(t.db.database.db, articleId, last, 50);
    assert.deepEqual(
      since.map((e) => [e.id, e.status]),
      [[key.id, 'deleted']],
    );
    assert.ok(!(await live.publishedBetween(t.db.database.db, articleId, 1, 100)).some((e) => e.id === key.id));
  });

  it('holds an entry for an editor and schedules one; the job publishes it when its time comes', async () => {
    const held = await live.createEntry(deps(), articleId, entry('Held back'), { as: 'hold' }, who());
    assert.equal(held.status, 'held');
    assert.equal(held.position, null);
    const at = new Date(clock.getTime() + 10 * 60_000);
    const scheduled = await live.createEntry(deps(), articleId, entry('At ten past'), { as: 'schedule', at }, who());
    assert.equal(scheduled.status, 'scheduled');
    assert.equal(await live.publishDueEntries(deps(), clock), 0);
    clock = new Date(at.getTime() + 1000);
    assert.equal(await live.publishDueEntries(deps(), clock), 1);
    assert.equal((await live.getEntry(t.db.database.db, scheduled.id)).status, 'published');
    await assert.rejects(
      live.createEntry(deps(), articleId, entry('x'), { as: 'schedule', at: new Date(clock.getTime() - 1) }, who()),
      /must be in the future/,
    );
  });

  it('refuses entries without a writer or words before readers see them', async () => {
    await assert.rejects(live.createEntry(deps(), articleId, { title: 'No one wrote this' }, { as: 'publish' }, who()), /at least one writer/);
    await assert.rejects(live.createEntry(deps(), articleId, { writers: ['ada-reporter'] }, { as: 'publish' }, who()), /a title or some text/);
    await assert.rejects(live.createEntry(deps(), articleId, entry('x', { writers: ['nobody'] }), null, who()), /does not exist/);
  });

  it('closes: no new entries (409), but published ones can still be corrected; reopening takes them again', async () => {
    const blog = await live.getBlog(t.db.database.db, articleId);
    const later = await live.createEntry(deps(), articleId, entry('Due after the close'), { as: 'schedule', at: new Date(clock.getTime() + 60_000) }, who());
    const closed = await live.changeLiveBlog(deps(), articleId, { version: blog.version, state: 'closed' }, who());
    // Its time comes on a closed blog: held for an editor, not retried at every run nor blocking the others.
    assert.equal(await live.publishDueEntries(deps(), new Date(clock.getTime() + 120_000)), 0);
    assert.equal((await live.getEntry(t.db.database.db, later.id)).status, 'held');
    assert.equal(closed.coverageEndedAt?.toISOString(), clock.toISOString());
    await assert.rejects(live.createEntry(deps(), articleId, entry('Too late'), null, who()), (e: Error & { code?: string }) => e.code === 'conflict');
    const [latest] = await live.latestPublished(t.db.database.db, articleId, 1);
    const corrected = await live.updateEntry(deps(), latest!.id, { version: latest!.version, title: `${latest!.title} (corrected)` }, who());
    assert.match(corrected.title, /corrected/);
    const reopened = await live.changeLiveBlog(deps(), articleId, { version: closed.version, state: 'open' }, who());
    assert.equal(reopened.coverageEndedAt, null);
    assert.equal((await live.createEntry(deps(), articleId, entry('Back again'), { as: 'publish' }, who())).status, 'published');
  });
});
