import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { engine } from '../../test/support/database.ts';
import { closeCommunity, openCommunity, type Community } from '../../test/support/community.ts';

/** The moderation side of the community, from the first held comment to a lifted ban. */
describe(`comments community on ${engine}: moderation queue, rejections, sanctions`, () => {
  let community: Community;
  let t: Community['t'];
  let tick: Community['tick'];
  let article: Community['article'];
  let ana: Community['ana'];
  let ben: Community['ben'];
  let mod: Community['mod'];
  let post: Community['post'];
  let status: Community['status'];
  let discussionCount: Community['discussionCount'];

  before(async () => {
    community = await openCommunity();
    ({ t, tick, article, ana, ben, mod, post, status, discussionCount } = community);
  });
  after(() => closeCommunity(community));

  it('holds a first comment in the queue; a moderator approves it from the queue with the reader told why it waited', async () => {
    const first = await post(ana, { text: 'Ana starts the discussion.' });
    assert.equal(first.json().comment.status, 'held');
    const id = first.json().comment.id;

    const mine = await ana.agent.get(`/api/articles/${article.id}/comments/mine`);
    assert.equal(mine.json().held[0].id, id);
    assert.match(mine.json().held[0].reason, /first comments of new readers/);

    assert.equal((await ben.agent.get('/newsroom/moderation')).statusCode, 403, 'readers have no queue');
    const queue = await mod.agent.get('/newsroom/moderation?queue=held');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /Ana starts the discussion\./);
    assert.match(queue.body, /new-reader<\/strong> \(hold\)/, 'the moderator sees every finding');

    const approve = await mod.agent.post(`/newsroom/moderation/comments/${id}/approve`, { _csrf: mod.csrf, back: '/newsroom/moderation?queue=held' });
    assert.equal(approve.statusCode, 303);
    assert.equal(approve.headers.location, '/newsroom/moderation?queue=held&done=approved');
    assert.equal(await status(id), 'published');
    assert.equal(await discussionCount(), 1);
    assert.equal((await ana.agent.get(`/api/articles/${article.id}/comments/mine`)).json().held.length, 0);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ana.id}`);
    assert.match(history.body, /approved by Mo Moderator/);
  });

  it('rejects with a reason (none given: the page says so), keeps flagged comments or removes them, counts follow', async () => {
    tick();
    await post(ben, { text: 'Ben has a first thought.' });
    await t.db.database.db.execute(sql`update comments set status = 'published' where status = 'held'`);
    tick();
    const second = (await post(ben, { text: 'Ben goes too far here.' })).json().comment;
    assert.equal(second.status, 'published');
    const before = await discussionCount();

    const noReason = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, {
      _csrf: mod.csrf,
      back: '/newsroom/moderation?queue=recent',
      reason: '  ',
    });
    assert.equal(noReason.statusCode, 422);
    assert.match(noReason.body, /Give a reason for removing it/);
    assert.equal(await status(second.id), 'published', 'nothing changed');

    await ana.agent.postJson(`/api/comments/${second.id}/flags`, { reason: 'abuse', note: 'Personal attack' }, ana.csrf);
    const flagged = await mod.agent.get('/newsroom/moderation?queue=flagged');
    assert.match(flagged.body, /Flagged: <strong>abuse<\/strong>: Personal attack/);
    assert.match(flagged.body, /Flagged by readers \(1\)/);

    const reject = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, {
      _csrf: mod.csrf,
      back: '/newsroom/moderation?queue=flagged',
      reason: 'Attacks another reader',
    });
    assert.equal(reject.statusCode, 303);
    assert.equal(await status(second.id), 'rejected');
    assert.equal(await discussionCount(), before - 1);
    assert.doesNotMatch((await mod.agent.get('/newsroom/moderation?queue=flagged')).body, /Ben goes too far/);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ben.id}`);
    assert.match(history.body, /removed-after-flags \(Attacks another reader\)/);
    const again = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, { _csrf: mod.csrf, reason: 'Twice' });
    assert.equal(again.statusCode, 409, 'a rejected comment cannot be rejected again');
  });

  it('suspends and bans readers with a reason they are shown, lifts it, and never sanctions staff', async () => {
    const sanction = (id: string, form: Record<string, string>) => mod.agent.post(`/newsroom/moderation/readers/${id}/sanction`, { _csrf: mod.csrf, ...form });
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '0', reason: 'Cool off' })).statusCode, 422);
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '3', reason: '' })).statusCode, 422);
    assert.equal((await sanction(mod.id, { kind: 'ban', reason: 'Testing' })).statusCode, 403);
    assert.equal((await sanction(ben.id, { kind: 'suspension', days: '3', reason: 'Cool off for a few days' })).statusCode, 303);
    tick();
    const refused = await post(ben, { text: 'Can I still post?' });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.json().error.message, /until .* UTC: Cool off for a few days/);

    assert.equal((await sanction(ben.id, { kind: 'ban', reason: 'Repeated abuse' })).statusCode, 303);
    const banned = await post(ben, { text: 'And now?' });
    assert.equal(banned.statusCode, 403);
    assert.match(banned.json().error.message, /You cannot comment: Repeated abuse/);

    assert.equal((await mod.agent.post(`/newsroom/moderation/readers/${ben.id}/lift`, { _csrf: mod.csrf })).statusCode, 303);
    tick();
    assert.equal((await post(ben, { text: 'Back, and polite.' })).statusCode, 201);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${ben.id}`);
    for (const event of ['suspended for 3 days', 'banned', 'sanction lifted']) assert.match(history.body, new RegExp(event));
  });
});
