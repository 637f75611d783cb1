import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import type { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { updateUser } from '../accounts/users/repository.ts';

type Reader = { agent: Agent; csrf: string; id: string };

/**
 * The moderation pipeline through the real routes, phase by phase in its order, with the
 * settings a moderator saves in the newsroom: what the reader is answered, what is stored,
 * and what the moderator sees in the queue.
 */
describe(`the moderation pipeline on ${engine}, phase by phase`, () => {
  let t: TestApp;
  const clock = { now: new Date('2036-11-27T12:00:00Z') };
  const later = (ms = 61_000) => (clock.now = new Date(clock.now.getTime() + ms));
  let article: { id: string };
  let mod: Reader;
  let editor: Reader;
  let admin: Reader;
  let n = 0;

  /** A reader in good standing by default: one published comment, past the new-reader check. */
  async function reader(options: { fresh?: boolean; published?: number; removed?: number } = {}): Promise<Reader> {
    const made = await signedInStaff(t, 'reader', `Pipeline Reader ${n}`, `203.0.113.${150 + n++}`);
    await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
    const published = options.fresh ? 0 : (options.published ?? 1);
    for (let i = 0; i < published; i++) {
      await t.db.database.db.execute(
        sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
            select made.id, ${article.id}, ${made.id}, made.id, ${`Earlier comment ${i}.`}, 'published', now() - interval '10 days' from made`,
      );
    }
    for (let i = 0; i < (options.removed ?? 0); i++) {
      await t.db.database.db.execute(
        sql`insert into moderation_events (id, user_id, action, reason) values (gen_random_uuid(), ${made.id}, 'rejected', 'earlier')`,
      );
    }
    return made;
  }
  const post = async (who: Reader, text: string, articleId = article.id) => {
    later(1_000);
    return who.agent.postJson(`/api/articles/${articleId}/comments`, { text }, who.csrf);
  };
  const findings = async (id: string) =>
    ((await t.db.database.db.execute(sql`select findings from comments where id = ${id}`)) as unknown as { rows: { findings: unknown }[] }).rows[0]!
      .findings as { phase: string; action: string }[];
  const stored = async (text: string) =>
    Number(
      ((await t.db.database.db.execute(sql`select count(*)::int as n from comments where body = ${text}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
    );

  before(async () => {
    t = await createTestApp({ now: () => clock.now });
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    mod = await signedInStaff(t, 'reader', 'Pia Moderator', '203.0.113.250');
    await updateUser(t.db.database.db, mod.id, { role: 'moderator' }, new Date());
    editor = await signedInStaff(t, 'editor', 'Eli Editor', '203.0.113.251');
    admin = await signedInStaff(t, 'admin', 'Ada Admin', '203.0.113.252');
  });
  after(() => t.close());

  it('a moderator sets the word lists and thresholds; a bad value is named and nothing changes', async () => {
    const form = {
      _csrf: mod.csrf,
      bannedWords: 'fraudster\nswindler',
      suspectWords: 'crypto giveaway',
      maxLinks: '1',
      newReaderComments: '1',
      ratePerMinute: '3',
      classifierHoldPercent: '70',
    };
    const bad = await mod.agent.post('/newsroom/moderation/settings', { ...form, ratePerMinute: '0' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Comments per reader per minute must be a whole number from 1 to 60/);
    assert.match(bad.body, /fraudster/, 'what was typed is given back');
    assert.equal((await mod.agent.post('/newsroom/moderation/settings', form)).statusCode, 303);
    const page = await mod.agent.get('/newsroom/moderation/settings');
    assert.match(page.body, /swindler/);
    assert.equal((await (await reader()).agent.get('/newsroom/moderation/settings')).statusCode, 403, 'readers cannot see them');
    const audit = await admin.agent.get('/newsroom/audit');
    assert.match(audit.body, /comments\.moderation-settings/);
  });

  it('1. length: too short and too long are refused with the limit named; nothing is stored', async () => {
    const who = await reader();
    const short = await post(who, 'x');
    assert.equal(short.statusCode, 422);
    assert.match(short.json().error.message, /too short \(at least 2 characters\)/);
    const long = await post(who, 'word '.repeat(1_100));
    assert.equal(long.statusCode, 422);
    assert.match(long.json().error.message, /the most is 5000/);
    assert.equal(await stored('x'), 0);
  });

  it('2. discussion: pre-moderated holds with the reason, closed refuses', async () => {
    const other = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'A pre-moderated story', status: 'published' }))).json();
    await editor.agent.json('PUT', `/newsroom/api/articles/${other.id}/discussion`, { mode: 'premoderated', closeAfterDays: null }, editor.csrf);
    const who = await reader();
    const held = await post(who, 'A thought on a sensitive story.', other.id);
    assert.equal(held.json().comment.status, 'held');
    assert.match(held.json().reason, /read by a moderator before they appear/);
    await editor.agent.json('PUT', `/newsroom/api/articles/${other.id}/discussion`, { mode: 'closed', closeAfterDays: null }, editor.csrf);
    const closed = await post(who, 'Too late for this one.', other.id);
    assert.equal(closed.statusCode, 403);
    assert.match(closed.json().error.message, /discussion on this article is closed/);
  });

  it('3. rate: the fourth comment in a minute waits (the setting says three)', async () => {
    const who = await reader();
    for (let i = 0; i < 3; i++) assert.equal((await post(who, `Quick point number ${i}.`)).statusCode, 201);
    const fourth = await post(who, 'Quick point number 3.');
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.json().error.message, /try again in \d+ seconds/);
  });

  it('4. banned words: refused without naming the word, even disguised; it counts on the record', async () => {
    const who = await reader();
    const refused = await post(who, 'The minister is a F.R.A.U.D.S.T.E.R and everyone knows it.');
    assert.equal(refused.statusCode, 422);
    assert.match(refused.json().error.message, /language our community standards do not allow/);
    assert.doesNotMatch(refused.json().error.message, /fraudster/i);
    const history = await mod.agent.get(`/newsroom/moderation/readers/${who.id}`);
    assert.match(history.body, /rejected \(banned-words:/);
  });

  it('5. suspect words: held, the moderator sees which', async () => {
    const who = await reader();
    const held = await post(who, 'Is this a Crypto   Giveaway in disguise?');
    assert.equal(held.json().comment.status, 'held');
    assert.match(held.json().reason, /words we check \(crypto giveaway\)/);
    const queue = await mod.agent.get('/newsroom/moderation?queue=held');
    assert.match(queue.body, /suspect-words<\/strong> \(hold\)/);
  });

  it('6. links: more than the setting allows are held', async () => {
    const who = await reader();
    const one = await post(who, 'Source: https://example.org/report');
    assert.equal(one.json().comment.status, 'published');
    const two = await post(who, 'See https://example.org/a and https://example.org/b');
    assert.equal(two.json().comment.status, 'held');
    assert.match(two.json().reason, /it has 2 links \(more than 1\)/);
  });

  it('7. repeat text: the same comment again is refused, even with other spacing and case', async () => {
    const who = await reader();
    assert.equal((await post(who, 'The bridge closure was avoidable.')).statusCode, 201);
    const again = await post(who, 'the bridge   closure was AVOIDABLE.');
    assert.equal(again.statusCode, 422);
    assert.match(again.json().error.message, /posted this comment already/);
  });

  it('8. new readers: the first comment waits, the next one does not', async () => {
    const who = await reader({ fresh: true });
    const first = await post(who, 'Hello from a first-time commenter.');
    assert.equal(first.json().comment.status, 'held');
    assert.match(first.json().reason, /first comments of new readers/);
    await mod.agent.post(`/newsroom/moderation/comments/${first.json().comment.id}/approve`, { _csrf: mod.csrf });
    assert.equal((await post(who, 'And a second comment, published.')).json().comment.status, 'published');
  });

  it('9. reputation: a reader in good standing is vouched for past suspicion; one often removed is held', async () => {
    const trusted = await reader({ published: 20 });
    const vouched = await post(trusted, 'Someone offered me a crypto giveaway, beware.');
    assert.equal(vouched.json().comment.status, 'published');
    assert.deepEqual(
      (await findings(vouched.json().comment.id)).map((f) => `${f.phase}:${f.action}`),
      ['suspect-words:hold', 'reputation:publish'],
      'the moderator still sees the suspicion',
    );
    const removed = await reader({ published: 4, removed: 3 });
    const held = await post(removed, 'A perfectly polite remark about the budget.');
    assert.equal(held.json().comment.status, 'held');
    assert.match(held.json().reason, /several recent ones were removed/);
  });

  it('10. classifier: abuse aimed at a person is held with its score; criticism of an idea is not', async () => {
    const who = await reader();
    const abusive = await post(who, 'You are an idiot and a moron, and you know it.');
    assert.equal(abusive.json().comment.status, 'held');
    assert.match(abusive.json().reason, /may be insult .*score 0\.\d\d/);
    const critical = await post(who, 'This policy is badly argued and the figures do not add up.');
    assert.equal(critical.json().comment.status, 'published');
  });
});

describe(`a newsroom's own classifier on ${engine}`, () => {
  let t: TestApp;
  let who: Reader;
  let articleId: string;
  const clock = { now: new Date('2036-11-27T12:00:00Z') };

  before(async () => {
    t = await createTestApp({ now: () => clock.now, env: { COMMENT_CLASSIFIER: 'test/fixtures/pineapple-classifier.mjs' } });
    await seedBasics(t);
    articleId = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json().id;
    who = await signedInStaff(t, 'reader', 'Fruit Reader', '203.0.113.90');
    await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date() }, new Date());
    await t.db.database.db.execute(
      sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status)
          select made.id, ${articleId}, ${who.id}, made.id, 'An earlier comment.', 'published' from made`,
    );
  });
  after(() => t.close());

  const post = (text: string) => {
    clock.now = new Date(clock.now.getTime() + 30_000);
    return who.agent.postJson(`/api/articles/${articleId}/comments`, { text }, who.csrf);
  };

  it('replaces the local one, and a comment it cannot check waits for a moderator instead of failing', async () => {
    assert.equal((await post('You are an idiot, says the local lexicon.')).json().comment.status, 'published', 'the local classifier is not asked');
    const fruit = await post('Pineapple belongs on pizza.');
    assert.equal(fruit.json().comment.status, 'held');
    assert.match(fruit.json().reason, /may be fruit abuse \(score 0\.99\)/);
    const down = await post('This will explode the model.');
    assert.equal(down.statusCode, 201);
    assert.equal(down.json().comment.status, 'held');
    assert.match(down.json().reason, /automatic check could not run/);
  });

  it('a module without the classifier shape stops the start with a message naming the setting', async () => {
    await assert.rejects(createTestApp({ env: { COMMENT_CLASSIFIER: 'test/fixtures/not-a-classifier.mjs' } }), /COMMENT_CLASSIFIER .*must export by default/);
    await assert.rejects(createTestApp({ env: { COMMENT_CLASSIFIER: 'test/fixtures/missing.mjs' } }), /COMMENT_CLASSIFIER could not be loaded/);
  });
});
