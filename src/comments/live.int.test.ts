import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { listen } from '../../test/support/sse.ts';
import { updateUser } from '../accounts/users/repository.ts';

type Reader = { agent: Agent; csrf: string; id: string };

/** Three links: more than the default setting allows, so the text waits for a moderator. */
const linky = (what: string) => `${what} https://one.example/a https://two.example/b https://three.example/c`;

/**
 * The live stream carries only what the public page shows: a comment that leaves the page
 * (held after an edit, removed by a moderator, deleted) arrives as an event with no text and
 * no author, so open pages drop it; a comment nobody saw is not announced at all. Its author
 * learns of their held comment through their own signed-in request, never the broadcast.
 */
describe(`live comments never leak on ${engine}`, () => {
  let t: TestApp;
  let port: number;
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = (ms = 13_000) => (clock.now = new Date(clock.now.getTime() + ms));
  let article: { id: string };
  let ana: Reader;
  let ben: Reader;
  let cleo: Reader;
  let mod: Reader;
  let n = 0;

  async function reader(name: string, trusted: boolean): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', name, `198.51.100.${80 + n++}`);
    await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    if (trusted) {
      await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
            select made.id, ${article.id}, ${made.id}, made.id, 'An earlier comment.', 'published', now() - interval '30 days' from made`,
      );
    }
    return made;
  }
  const post = async (who: Reader, text: string, parentId?: string) => {
    tick();
    const answer = await who.agent.postJson(`/api/articles/${article.id}/comments`, { text, ...(parentId ? { parentId } : {}) }, who.csrf);
    assert.equal(answer.statusCode, 201, answer.body);
    return answer.json().comment as { id: string; status: string };
  };
  const edit = (who: Reader, id: string, text: string) => {
    tick(1_000);
    return who.agent.json('PATCH', `/api/comments/${id}`, { text }, who.csrf);
  };
  const cookie = (who: Reader) => [...who.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const stream = () => `/api/articles/${article.id}/comments/live`;

  before(async () => {
    t = await createTestApp({ now: () => clock.now });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    ana = await reader('Ana Reader', true);
    ben = await reader('Ben Reader', true);
    cleo = await reader('Cleo Newcomer', false);
    mod = await signedInStaff(t, 'reader', 'Mo Moderator', '198.51.100.250');
    await updateUser(t.db.database.db, mod.id, { role: 'moderator' }, new Date());
  });
  after(() => t.close());

  it('a comment held, removed or deleted after publication reaches live readers, its author too, as an event with no text; one never published is not announced', async () => {
    const stranger = listen(port, stream());
    const author = listen(port, stream(), { cookie: cookie(ana) });
    assert.equal(await stranger.opened, 200);
    assert.equal(await author.opened, 200);
    const listeners = [stranger, author];
    const arrived = async (id: string, what: string, test: (data: any) => boolean = () => true) => {
      for (const l of listeners) await l.until(() => l.events.some((e) => e.event === 'comment' && e.data.id === id && test(e.data)), what);
      return listeners.map((l) => l.events.filter((e) => e.event === 'comment' && e.data.id === id).at(-1)!.data);
    };
    // Deliveries are best effort and asynchronous: wait until the stream is surely listening.
    const warmup = await post(ben, 'Ben opens the discussion.');
    await arrived(warmup.id, 'first comment');

    // Published, then edited into one that waits for a moderator: the page drops it, with no text.
    const mine = await post(ana, 'Ana writes in public first.');
    await arrived(mine.id, 'published comment', (d) => d.body === 'Ana writes in public first.');
    const changed = await edit(ana, mine.id, linky('Ana changes it into a secret:'));
    assert.equal(changed.json().held, true);
    for (const data of await arrived(mine.id, 'withdrawal', (d) => d.status !== 'published')) {
      assert.deepEqual([data.status, data.body, data.author], ['withheld', '', null]);
    }
    // Changed again while held, and a newcomer's comment held from the start: nothing is sent of either.
    assert.equal((await edit(ana, mine.id, linky('Ana changes the secret again:'))).json().held, true);
    const newcomer = await post(cleo, 'Cleo is new and waits for a moderator.');
    assert.equal(newcomer.status, 'held');

    // Removed by a moderator after publication: an event with no text or author.
    const removed = await post(ben, 'Ben says something that gets removed.');
    await arrived(removed.id, 'published comment');
    assert.equal((await mod.agent.post(`/newsroom/moderation/comments/${removed.id}/reject`, { _csrf: mod.csrf, reason: 'Off topic' })).statusCode, 303);
    for (const data of await arrived(removed.id, 'removal', (d) => d.status !== 'published'))
      assert.deepEqual([data.status, data.body, data.author], ['withheld', '', null]);

    // Deleted by its author: a tombstone with no text.
    const deleted = await post(ben, 'Ben deletes this one.');
    await arrived(deleted.id, 'published comment');
    assert.equal((await ben.agent.json('DELETE', `/api/comments/${deleted.id}`, undefined, ben.csrf)).statusCode, 204);
    for (const data of await arrived(deleted.id, 'deletion', (d) => d.status === 'deleted')) assert.deepEqual([data.body, data.author], ['', null]);

    const last = await post(ben, 'Ben closes the discussion.');
    await arrived(last.id, 'last comment');
    for (const l of listeners) {
      assert.doesNotMatch(l.raw, /secret|Cleo is new/, 'no held text crossed the wire');
      assert.ok(!l.events.some((e) => e.data?.id === newcomer.id), 'the held comment is not announced at all');
      assert.equal(l.events.filter((e) => e.data?.id === mine.id && e.data.status !== 'published').length, 1, 'a change nobody may see is not announced');
    }
    stranger.close();
    author.close();

    // The author sees it, waiting, in their own signed-in request.
    const own = (await ana.agent.get(`/api/articles/${article.id}/comments/mine`)).json().held;
    assert.match(own.find((c: { id: string }) => c.id === mine.id).body, /secret again/);

    // A reader who reconnects is sent what they missed of the public page, nothing else.
    const back = listen(port, stream(), { 'last-event-id': new Date(clock.now.getTime() - 10 * 60_000).toISOString() });
    await back.until(() => back.events.some((e) => e.data.id === last.id), 'replayed comment');
    assert.doesNotMatch(back.raw, /secret|Cleo is new|gets removed|deletes this one/);
    back.close();
  });

  it('a published reply to a comment that is then removed keeps its place under a marker, live as on the page', async () => {
    const stranger = listen(port, stream());
    assert.equal(await stranger.opened, 200);
    const top = await post(ana, 'Ana starts a thread that gets removed.');
    await stranger.until(() => stranger.events.some((e) => e.data?.id === top.id), 'top comment');
    const reply = await post(ben, 'Ben replies to the thread.', top.id);
    await stranger.until(() => stranger.events.some((e) => e.data?.id === reply.id), 'reply');
    assert.equal((await mod.agent.post(`/newsroom/moderation/comments/${top.id}/reject`, { _csrf: mod.csrf, reason: 'Off topic' })).statusCode, 303);
    await stranger.until(() => stranger.events.some((e) => e.data?.id === top.id && e.data.status === 'withheld'), 'removal');
    const marker = stranger.events.find((e) => e.data?.id === top.id && e.data.status === 'withheld')!.data;
    assert.deepEqual([marker.body, marker.author, marker.replyCount], ['', null, 1]);
    stranger.close();
    const page = (await t.get(`/api/articles/${article.id}/comments`)).json().threads.find((c: { id: string }) => c.id === top.id);
    assert.deepEqual([page.status, page.body, page.replies.map((r: { id: string }) => r.id)], ['withheld', '', [reply.id]]);
  });
});
