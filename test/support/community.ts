import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle } from './app.ts';
import { signedInStaff } from './accounts.ts';
import type { Agent } from './agent.ts';
import { startSmtp } from './smtp.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';

export type Reader = { agent: Agent; csrf: string; id: string };
export type Community = Awaited<ReturnType<typeof openCommunity>>;

/**
 * The community suites' world: an app listening on a port (for the live streams), mailing over
 * real SMTP, on a clock the tests move; a published article; two readers with confirmed
 * addresses, Ana and Ben; and Mo, a moderator.
 */
export async function openCommunity() {
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  const tick = (ms = 61_000) => (clock.now = new Date(clock.now.getTime() + ms));
  const smtp = await startSmtp();
  const t = await createTestApp({ now: () => clock.now, env: { SMTP_URL: smtp.url } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  const port = (t.app.server.address() as AddressInfo).port;
  await seedBasics(t);
  const article: { id: string; slug: string } = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();

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

  const ana = await reader('Ana Reader');
  const ben = await reader('Ben Reader');
  const moderator = await signedInStaff(t, 'reader', 'Mo Moderator', '198.51.100.200');
  await updateUser(t.db.database.db, moderator.id, { role: 'moderator' }, new Date());
  const mod: Reader = moderator;
  return { t, smtp, port, clock, tick, article, ana, ben, mod, reader, post, status, discussionCount };
}

export async function closeCommunity({ t, smtp }: Community) {
  await t.close();
  await smtp.stop();
}

/**
 * The discussion as the moderation suite leaves it, made the same way: Ana's first comment
 * approved from the queue; Ben's first thought published, his second removed with a reason,
 * and "Back, and polite." published.
 */
export async function moderatedDiscussion({ t, tick, ana, ben, mod, post, status }: Community) {
  const first = (await post(ana, { text: 'Ana starts the discussion.' })).json().comment;
  const approve = await mod.agent.post(`/newsroom/moderation/comments/${first.id}/approve`, { _csrf: mod.csrf });
  assert.equal(approve.statusCode, 303);
  tick();
  await post(ben, { text: 'Ben has a first thought.' });
  await t.db.database.db.execute(sql`update comments set status = 'published' where status = 'held'`);
  tick();
  const second = (await post(ben, { text: 'Ben goes too far here.' })).json().comment;
  const reject = await mod.agent.post(`/newsroom/moderation/comments/${second.id}/reject`, { _csrf: mod.csrf, reason: 'Attacks another reader' });
  assert.equal(reject.statusCode, 303);
  assert.equal(await status(second.id), 'rejected');
  tick();
  assert.equal((await post(ben, { text: 'Back, and polite.' })).statusCode, 201);
}

/** Ben's reply to Ana's comment, as the live suite makes it. */
export async function benAnswersAna({ tick, article, ana, ben, post }: Community) {
  const anaComment = (await ana.agent.get(`/api/articles/${article.id}/comments?sort=oldest`)).json().threads[0];
  tick();
  const reply = await post(ben, { text: 'Ben answers Ana, live.', parentId: anaComment.id });
  assert.equal(reply.json().comment.status, 'published');
}
