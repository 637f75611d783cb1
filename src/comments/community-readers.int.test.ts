import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { signedInStaff } from '../../test/support/accounts.ts';
import { engine } from '../../test/support/database.ts';
import { updateUser } from '../accounts/users/repository.ts';
import { benAnswersAna, closeCommunity, moderatedDiscussion, openCommunity, type Community } from '../../test/support/community.ts';

/** Readers' pages, following, a comment's own page and the byline writer's badge, on a discussion with a reply in it. */
describe(`comments community on ${engine}: readers, follows, permalinks, the Author badge`, () => {
  let community: Community;
  let t: Community['t'];
  let tick: Community['tick'];
  let article: Community['article'];
  let ana: Community['ana'];
  let ben: Community['ben'];
  let reader: Community['reader'];
  let post: Community['post'];

  before(async () => {
    community = await openCommunity();
    ({ t, tick, article, ana, ben, reader, post } = community);
    await moderatedDiscussion(community);
    await benAnswersAna(community);
  });
  after(() => closeCommunity(community));

  it('follows readers: profile pages, the feed of people one follows, no following oneself', async () => {
    const profile = await t.get(`/readers/${ben.id}`);
    assert.equal(profile.statusCode, 200);
    assert.match(profile.body, /Back, and polite\./);
    assert.doesNotMatch(profile.body, /Ben goes too far/, 'rejected comments are not on the profile');
    assert.match(profile.body, /Sign in to follow Ben Reader/);
    assert.equal((await t.get('/readers/not-a-reader')).statusCode, 404);

    const follow = (id: string) => ana.agent.post(`/readers/${id}/follow`, { _csrf: ana.csrf });
    const self = await follow(ana.id);
    assert.equal(self.statusCode, 422);
    assert.match(self.body, /You cannot follow yourself/);
    assert.equal((await follow('00000000-0000-4000-8000-000000000000')).statusCode, 404);
    assert.equal((await follow(ben.id)).headers.location, `/readers/${ben.id}`);
    assert.equal((await follow(ben.id)).statusCode, 303, 'following twice is a no-op');
    assert.equal(((await t.db.database.db.execute(sql`select count(*)::int as n from reader_follows`)) as unknown as { rows: { n: number }[] }).rows[0]!.n, 1);
    const feed = await ana.agent.get('/account/following');
    assert.match(feed.body, /Back, and polite\./);
    assert.match((await ana.agent.get(`/readers/${ben.id}`)).body, /Following: stop/);

    const stop = await ana.agent.post(`/readers/${ben.id}/unfollow`, { _csrf: ana.csrf, back: '/account/following' });
    assert.equal(stop.headers.location, '/account/following');
    assert.doesNotMatch((await ana.agent.get('/account/following')).body, /Back, and polite\./);
  });

  it('a comment has a permalink page with the conversation above and below it', async () => {
    const top = (await t.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
    const reply = top.replies[0];
    const page = await t.get(`/comments/${reply.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Earlier in the conversation/);
    assert.match(page.body, /Ana starts the discussion\./);
    assert.match(page.body, /data-nosnippet/);
    const held = (await post(await reader('Cleo Reader'), { text: 'Cleo is new here.' })).json().comment;
    assert.equal((await t.get(`/comments/${held.id}`)).statusCode, 404, 'held comments have no public page');
    assert.equal((await t.get(`/discussion/${article.id}`)).statusCode, 200);
  });

  it("shows the Author badge on the byline writer's comment once their account is linked", async () => {
    const writer = await signedInStaff(t, 'writer', 'Ada Writer', '198.51.100.201');
    await updateUser(t.db.database.db, writer.id, { emailVerifiedAt: new Date() }, new Date());
    const authorId = (
      (await t.db.database.db.execute(sql`select author_id as id from article_authors where article_id = ${article.id}`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows[0]!.id;
    tick();
    const before = (await post(writer, { text: 'The writer answers questions.' })).json().comment;
    assert.deepEqual([before.author.staff, before.author.byline], [true, false]);
    const editor = await signedInStaff(t, 'editor', 'Eda Editor', '198.51.100.202');
    assert.match((await editor.agent.get('/newsroom/taxonomy')).body, /Newsroom account \(for the Author badge on comments\)/);
    assert.equal(
      (await writer.agent.post('/newsroom/taxonomy/author/account', { _csrf: writer.csrf, id: authorId, userId: writer.id })).statusCode,
      403,
      'writers do not link bylines',
    );
    const link = await editor.agent.post('/newsroom/taxonomy/author/account', { _csrf: editor.csrf, id: authorId, userId: writer.id });
    assert.equal(link.statusCode, 303, link.body);
    assert.equal(
      (await editor.agent.post('/newsroom/taxonomy/author/account', { _csrf: editor.csrf, id: authorId, userId: ana.id })).statusCode,
      422,
      'only newsroom accounts',
    );
    const after = (await t.get(`/api/articles/${article.id}/comments`)).json().threads.find((c: { id: string }) => c.id === before.id);
    assert.equal(after.author.byline, true);
    assert.match((await t.get(`/comments/${before.id}`)).body, /badge--author/);
  });
});
