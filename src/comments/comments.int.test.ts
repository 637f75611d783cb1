import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { testdata } from '../../test/support/testdata.ts';
import { activeContent } from '../../test/support/html.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { MAX_DEPTH } from './service.ts';
import { saveDiscussion } from './repository.ts';

type Reader = { agent: Agent; csrf: string; id: string };

describe(`comments on ${engine}: posting, threads, moderation on the way in, bad input`, () => {
  let t: TestApp;
  let clock = new Date('2036-11-27T10:00:00Z');
  let article: { id: string; slug: string };
  let ana: Reader;
  let ben: Reader;
  let n = 0;

  /** A reader with a confirmed address and an earlier published comment (past the new-reader check). */
  async function reader(name: string, options: { verified?: boolean } = {}): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', name, `203.0.113.${60 + n++}`);
    if (options.verified !== false) await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    return made;
  }
  const post = (who: Reader, body: Record<string, unknown>, id = article.id) => who.agent.postJson(`/api/articles/${id}/comments`, body, who.csrf);
  const threads = async (query = '') => (await t.get(`/api/articles/${article.id}/comments${query}`)).json();
  const count = async (table: string) =>
    Number(((await t.db.database.db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n);
  /** Publishes a comment past the new-reader check by approving the first one directly. */
  async function approveAll() {
    await t.db.database.db.execute(sql`update comments set status = 'published' where status = 'held'`);
  }

  before(async () => {
    t = await createTestApp({ now: () => clock });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    ana = await reader('Ana Reader');
    ben = await reader('Ben Reader');
  });
  after(() => t.close());

  it("holds a new reader's first comment with the reason, then publishes their next", async () => {
    const first = await post(ana, { text: 'My first comment here.' });
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(first.json().comment.status, 'held');
    assert.match(first.json().reason, /first comments of new readers/);
    assert.deepEqual((await threads()).threads, [], 'held comments are not shown to readers');
    await approveAll();
    clock = new Date(clock.getTime() + 60_000);
    const second = await post(ana, { text: 'A second, published at once.' });
    assert.equal(second.json().comment.status, 'published');
    assert.deepEqual(
      (await threads()).threads.map((c: { body: string }) => c.body),
      ['A second, published at once.', 'My first comment here.'],
    );
  });

  it('nests replies to depth 4 on the page and marks deeper ones; refuses replies deeper than allowed', async () => {
    await post(ben, { text: 'Ben joins in.' });
    await approveAll();
    const top = (await threads()).threads[0];
    let parent = top.id;
    for (let depth = 1; depth <= MAX_DEPTH; depth++) {
      clock = new Date(clock.getTime() + 13_000);
      const replied = await post(depth % 2 ? ben : ana, { text: `Reply at depth ${depth}.`, parentId: parent });
      assert.equal(replied.statusCode, 201, replied.body);
      assert.equal(replied.json().comment.depth, depth);
      parent = replied.json().comment.id;
    }
    const tooDeep = await post(ben, { text: 'Too deep.', parentId: parent });
    assert.equal(tooDeep.statusCode, 422);
    assert.match(tooDeep.json().error.message, /levels deep at most/);

    const shown = (await threads()).threads.find((c: { id: string }) => c.id === top.id);
    let node = shown;
    for (let depth = 1; depth <= 4; depth++) node = node.replies[0];
    assert.equal(node.depth, 4);
    assert.deepEqual(node.replies, []);
    assert.equal(node.moreBelow, true);
    assert.equal(shown.replyCount, 1);
  });

  it('renders the first page of comments in the article page, out of search snippets, and refreshes it on a new comment', async () => {
    const url = `/world/${article.slug}`;
    const page = (await t.get(url)).body;
    assert.match(page, /<section id="comments" class="comments" data-slot="comments" aria-labelledby="comments-title" data-nosnippet/);
    assert.match(page, /Reply at depth 4\./);
    assert.doesNotMatch(page, /Reply at depth 5\./, 'deeper replies open in their own view');
    assert.match(page, /Continue this conversation/);
    assert.match(page, /Comments \(\d+\)/);
    clock = new Date(clock.getTime() + 60_000);
    await post(ana, { text: 'Fresh <b>news</b> from https://example.org/source.' });
    const fresh = (await t.get(url)).body;
    assert.match(
      fresh,
      /Fresh &lt;b>news&lt;\/b> from <a href="https:\/\/example.org\/source" rel="nofollow ugc noopener" target="_blank">https:\/\/example.org\/source<\/a>\./,
    );
    assert.deepEqual(activeContent(fresh.slice(fresh.indexOf('<section id="comments"'))), []);

    // Cards on the front page and the section show the count, and a new comment refreshes them.
    const total = async () => Number(/Comments \((\d+)\)/.exec((await t.get(url)).body)![1]);
    const cardCount = async (path: string) => Number(new RegExp(`href="[^"]*${article.slug}#comments">(\\d+) comments?<`).exec((await t.get(path)).body)?.[1]);
    const before = await total();
    assert.equal(await cardCount('/uk'), before);
    assert.equal(await cardCount('/world'), before);
    clock = new Date(clock.getTime() + 60_000);
    await post(ben, { text: 'One more for the count.' });
    assert.equal(await cardCount('/uk'), before + 1);
    assert.equal(await cardCount('/world'), before + 1);
  });

  it('one comment per idempotency key, however often the button is pressed', async () => {
    const before = await count('comments');
    const key = 'double-submit-key-1';
    const [a, b] = await Promise.all([post(ben, { text: 'Pressed twice.', idempotencyKey: key }), post(ben, { text: 'Pressed twice.', idempotencyKey: key })]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 201]);
    assert.equal(a.json().comment.id, b.json().comment.id);
    const again = await post(ben, { text: 'Pressed twice.', idempotencyKey: key });
    assert.equal(again.statusCode, 200);
    assert.equal(await count('comments'), before + 1);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await count('comments');
    const other = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Another story', status: 'published' }))).json();
    const otherComment = (await post(ana, { text: 'On the other story.' }, other.id)).json().comment;
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ text: '' }, 422, /empty/],
      [{ text: ' \n\t ' }, 422, /empty/],
      [{ text: 'x'.repeat(100 * 1024) }, 422, /text|long/],
      [{}, 422, /text/],
      [{ text: 'Reply elsewhere', parentId: otherComment.id }, 422, /not on this article/],
      [{ text: 'Reply to nothing', parentId: '00000000-0000-4000-8000-000000000000' }, 422, /not on this article/],
      [{ text: 'Bad key', idempotencyKey: 'x' }, 422, /idempotencyKey/],
    ];
    for (const [body, status, message] of cases) {
      const answer = await post(ben, body);
      assert.equal(answer.statusCode, status, `${JSON.stringify(body).slice(0, 80)}: ${answer.body.slice(0, 300)}`);
      assert.match(answer.json().error.message, message);
    }
    assert.equal(await count('comments'), before + 1, 'only the comment on the other story');
    assert.equal((await post(ben, { text: 'On a missing story' }, '00000000-0000-4000-8000-000000000000')).statusCode, 404);
  });

  it('recommends once per reader, never their own comment, and flags once per reader with a reason', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const own = (await post(ana, { text: 'Recommend me, please.' })).json().comment;
    const rec = (who: Reader, method: 'POST' | 'DELETE' = 'POST') => who.agent.json(method, `/api/comments/${own.id}/recommend`, undefined, who.csrf);
    const selfRec = await rec(ana);
    assert.equal(selfRec.statusCode, 422);
    assert.match(selfRec.json().error.message, /your own comment/);
    assert.deepEqual((await rec(ben)).json(), { recommended: true, recommendCount: 1 });
    assert.deepEqual((await rec(ben)).json(), { recommended: true, recommendCount: 1 }, 'a second press changes nothing');
    assert.deepEqual((await rec(ben, 'DELETE')).json(), { recommended: false, recommendCount: 0 });
    assert.deepEqual((await rec(ben)).json(), { recommended: true, recommendCount: 1 });

    const flag = (who: Reader, body: unknown) => who.agent.postJson(`/api/comments/${own.id}/flags`, body, who.csrf);
    assert.equal((await flag(ben, { reason: 'spam' })).statusCode, 201);
    assert.equal((await flag(ben, { reason: 'abuse' })).statusCode, 200, 'a repeated flag is a no-op');
    assert.equal((await flag(ben, { reason: 'because' })).statusCode, 422);
    assert.equal((await flag(ana, { reason: 'spam' })).statusCode, 422);
    assert.equal(await count('comment_flags'), 1);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/comments/${own.id}/recommend` })).statusCode, 401);
    assert.equal((await ben.agent.json('POST', '/api/comments/00000000-0000-4000-8000-000000000000/recommend', undefined, ben.csrf)).statusCode, 404);
  });

  it('the author edits within ten minutes (moderated again, marked edited) and deletes; nobody else can', async () => {
    clock = new Date(clock.getTime() + 60_000);
    const mine = (await post(ana, { text: 'A typo in this comnent.' })).json().comment;
    const edit = (who: Reader, text: string) => who.agent.json('PATCH', `/api/comments/${mine.id}`, { text }, who.csrf);
    assert.equal((await edit(ben, 'Not yours.')).statusCode, 403);
    const fixed = await edit(ana, 'A typo in this comment, fixed.');
    assert.equal(fixed.statusCode, 200, fixed.body);
    assert.equal(fixed.json().comment.edited, true);
    assert.equal(fixed.json().comment.body, 'A typo in this comment, fixed.');
    assert.equal((await edit(ana, '   ')).statusCode, 422, 'an edit is moderated like a post');
    clock = new Date(clock.getTime() + 11 * 60_000);
    const late = await edit(ana, 'Too late to change.');
    assert.equal(late.statusCode, 403);
    assert.match(late.json().error.message, /10 minutes/);

    const countBefore = Number(/Comments \((\d+)\)/.exec((await t.get(`/world/${article.slug}`)).body)![1]);
    assert.equal((await ben.agent.json('DELETE', `/api/comments/${mine.id}`, undefined, ben.csrf)).statusCode, 403);
    assert.equal((await ana.agent.json('DELETE', `/api/comments/${mine.id}`, undefined, ana.csrf)).statusCode, 204);
    assert.equal((await ana.agent.json('DELETE', `/api/comments/${mine.id}`, undefined, ana.csrf)).statusCode, 404);
    assert.equal(Number(/Comments \((\d+)\)/.exec((await t.get(`/world/${article.slug}`)).body)![1]), countBefore - 1);
    assert.ok(!(await threads()).threads.some((c: { id: string }) => c.id === mine.id), 'a deleted comment without replies is not shown');
  });

  it('editors set the discussion: pre-moderated holds, closed refuses, auto-close closes; writers cannot', async () => {
    const editor = await signedInStaff(t, 'editor', 'Desk Editor', '203.0.113.90');
    const writer = await signedInStaff(t, 'writer', 'Desk Writer', '203.0.113.91');
    const set = (who: { agent: Agent; csrf: string }, body: unknown) =>
      who.agent.json('PUT', `/newsroom/api/articles/${article.id}/discussion`, body, who.csrf);
    assert.equal((await set(writer, { mode: 'closed', closeAfterDays: null })).statusCode, 403);
    assert.equal((await set(editor, { mode: 'shut', closeAfterDays: null })).statusCode, 422);

    assert.equal((await set(editor, { mode: 'premoderated', closeAfterDays: null })).statusCode, 200);
    clock = new Date(clock.getTime() + 60_000);
    const held = await post(ben, { text: 'Waiting for a moderator.' });
    assert.equal(held.json().comment.status, 'held');
    assert.match(held.json().reason, /read by a moderator before they appear/);

    assert.equal((await set(editor, { mode: 'closed', closeAfterDays: null })).statusCode, 200);
    const closed = await post(ben, { text: 'Anyone there?' });
    assert.equal(closed.statusCode, 403);
    assert.match(closed.json().error.message, /discussion on this article is closed/);

    // Open again, closing one day after publication: long past here.
    const opened = await set(editor, { mode: 'open', closeAfterDays: 1 });
    assert.deepEqual(opened.json().mode, 'open');
    clock = new Date(clock.getTime() + 2 * 86_400_000);
    assert.equal((await post(ben, { text: 'Too late to join.' })).statusCode, 403);
    // (The editor's session has gone idle on this test clock: the rest of the suite needs the discussion open.)
    await saveDiscussion(t.db.database.db, article.id, { mode: 'open', closeAfterDays: null }, clock);
  });

  it('a reply to a deleted comment is refused; the tombstone keeps its replies readable', async () => {
    const top = (await threads()).threads.find((c: { replyCount: number }) => c.replyCount > 0);
    await t.db.database.db.execute(sql`update comments set status = 'deleted', body = '' where id = ${top.id}`);
    const refused = await post(ana, { text: 'Replying to a ghost.', parentId: top.id });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json().error.message, /deleted/);
    const still = (await threads()).threads.find((c: { id: string }) => c.id === top.id);
    assert.equal(still.status, 'deleted');
    assert.equal(still.author, null);
    assert.equal(still.body, '');
    assert.equal(still.replies.length, 1);
  });

  it('only readers with a confirmed address comment, banned readers not at all, and fast posters wait', async () => {
    clock = new Date(clock.getTime() + 5 * 60_000);
    const unconfirmed = await reader('New Nobody', { verified: false });
    const refused = await post(unconfirmed, { text: 'Hello?' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /Confirm your e-mail address/);

    await t.db.database.db.execute(sql`insert into comment_sanctions (user_id, kind, reason) values (${ben.id}, 'ban', 'Repeated abuse of other readers.')`);
    const banned = await post(ben, { text: 'Can I still post?' });
    assert.equal(banned.statusCode, 403);
    assert.match(banned.json().error.message, /Repeated abuse/);

    for (let i = 0; i < 5; i++) assert.equal((await post(ana, { text: `Rapid comment number ${i}.` })).statusCode, 201);
    const fast = await post(ana, { text: 'One too many.' });
    assert.equal(fast.statusCode, 429);
    assert.match(fast.json().error.message, /try again in \d+ seconds/);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/articles/${article.id}/comments`, payload: { text: 'anonymous' } })).statusCode, 401);
  });

  it('stores every XSS payload exactly as sent', async () => {
    clock = new Date(clock.getTime() + 3_600_000);
    let writer = await reader('Xavier Payload');
    const payloads = testdata.xss();
    for (const [i, payload] of payloads.entries()) {
      // Spaced past the rate limit; a payload with the same words as one this reader already
      // posted (the corpus has variants differing only in case and quotes) goes from a new reader.
      clock = new Date(clock.getTime() + 13_000);
      let answer = await post(writer, { text: payload, idempotencyKey: `xss-payload-${i}` });
      if (answer.statusCode === 422 && /already/.test(answer.json().error.message)) {
        writer = await reader(`Xavier Payload ${i}`);
        answer = await post(writer, { text: payload, idempotencyKey: `xss-payload-${i}` });
      }
      if (!payload.trim() || [...payload.trim()].length < 2) {
        assert.equal(answer.statusCode, 422, payload);
        continue;
      }
      assert.equal(answer.statusCode, 201, `${payload}: ${answer.body.slice(0, 200)}`);
      assert.equal(answer.json().comment.body, payload);
    }
  });
});
