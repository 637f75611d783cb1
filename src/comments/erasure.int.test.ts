import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { requestDeletion, eraseAccount } from '../accounts/profile/service.ts';
import { commentsErasure } from './erasure.ts';
import { saveDiscussion } from './repository.ts';

type Reader = { agent: Agent; csrf: string; id: string };

describe(`comments when a reader's account is erased, on ${engine}`, () => {
  let t: TestApp;
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = (ms = 61_000) => (clock.now = new Date(clock.now.getTime() + ms));
  let article: { id: string; slug: string };
  let ana: Reader;
  let n = 0;

  async function reader(name: string): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', name, `198.51.100.${10 + n++}`);
    await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    return made;
  }
  const post = (who: Reader, body: Record<string, unknown>) => who.agent.postJson(`/api/articles/${article.id}/comments`, body, who.csrf);
  const status = async (id: string) =>
    ((await t.db.database.db.execute(sql`select status from comments where id = ${id}`)) as unknown as { rows: { status: string }[] }).rows[0]?.status;
  const discussionCount = async () => ((await t.get(`/api/articles/${article.id}/comments`)).json() as { count: number }).count;

  before(async () => {
    t = await createTestApp({ now: () => clock.now });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    ana = await reader('Ana Reader');
    // The article's discussion exists, as it does once anyone has commented: the test counts on it.
    await saveDiscussion(t.db.database.db, article.id, { mode: 'open', closeAfterDays: null }, clock.now);
  });
  after(() => t.close());

  it("erases a reader: comments become tombstones when asked (counts drop), otherwise stay as a former reader's", async () => {
    const leaver = await reader('Dee Leaver');
    tick();
    const mine = (await post(leaver, { text: 'Dee was here.' })).json().comment;
    await t.db.database.db.execute(sql`update comments set status = 'published' where id = ${mine.id}`);
    await t.db.database.db.execute(sql`update discussions set comment_count = comment_count + 1 where article_id = ${article.id}`);
    await ana.agent.json('POST', `/api/comments/${mine.id}/recommend`, undefined, ana.csrf);
    const count = await discussionCount();
    const deps = { database: t.db.database, publicUrl: 'https://news.example', siteName: 'The Masthead', now: () => new Date(Date.now() + 40 * 86_400_000) };
    const session = (
      (await t.db.database.db.execute(sql`select token_hash as h from sessions where user_id = ${leaver.id}`)) as unknown as { rows: { h: string }[] }
    ).rows[0]!.h;
    await requestDeletion({ ...deps, now: () => new Date() }, leaver.id, session, true);
    let refreshed = 0;
    const events = { everythingChanged: () => void refreshed++ };
    assert.equal(await eraseAccount(deps, t.storage, events, leaver.id, [commentsErasure]), true);
    assert.equal(refreshed, 1, 'an erasure refreshes every cached page once it has committed');
    assert.equal(await status(mine.id), 'deleted');
    assert.equal(await discussionCount(), count - 1);

    const stayer = await reader('Eve Stayer');
    tick();
    const kept = (await post(stayer, { text: 'Eve stays in the thread.' })).json().comment;
    const staySession = (
      (await t.db.database.db.execute(sql`select token_hash as h from sessions where user_id = ${stayer.id}`)) as unknown as { rows: { h: string }[] }
    ).rows[0]!.h;
    await requestDeletion({ ...deps, now: () => new Date() }, stayer.id, staySession, false);
    await eraseAccount(deps, t.storage, events, stayer.id, [commentsErasure]);
    assert.equal(await status(kept.id), 'held', 'kept as it was');
  });
});
