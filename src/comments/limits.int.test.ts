import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { engine } from '../../test/support/database.ts';
import { listen } from '../../test/support/sse.ts';
import { until } from '../../test/support/wait.ts';
import { updateUser } from '../accounts/users/repository.ts';

/** What costs the server in comments is limited: posts per network, changing comments like posting them, and live streams per process. */
describe(`comment limits on ${engine}: networks, edits and live streams`, () => {
  let t: TestApp;
  let port: number;
  const clock = { now: new Date('2036-11-27T10:00:00Z') };
  let article: { id: string };

  before(async () => {
    t = await createTestApp({ now: () => clock.now, env: { LIVE_STREAMS_PER_PROCESS: '2' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as AddressInfo).port;
    await seedBasics(t);
    article = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
  });
  after(() => t.close());

  async function trustedReader(name: string, ip: string) {
    const who = await signedInStaff(t, 'reader', name, ip);
    await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date() }, new Date());
    await t.db.database.db.execute(
      sql`with made as (select gen_random_uuid() as id) insert into comments (id, article_id, author_id, root_id, body, status, created_at)
          select made.id, ${article.id}, ${who.id}, made.id, 'An earlier comment.', 'published', now() - interval '30 days' from made`,
    );
    return who;
  }

  it('limits comments per network as well as per reader', async () => {
    const crowd: Awaited<ReturnType<typeof signedInStaff>>[] = [];
    for (let i = 0; i < 31; i++) {
      const made = await signedInStaff(t, 'reader', `Crowd ${i}`, '192.0.2.77');
      await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
      crowd.push(made);
    }
    clock.now = new Date(clock.now.getTime() + 61_000);
    const codes: number[] = [];
    for (const [i, who] of crowd.entries())
      codes.push((await who.agent.postJson(`/api/articles/${article.id}/comments`, { text: `Voice number ${i} from one office.` }, who.csrf)).statusCode);
    assert.deepEqual(codes.slice(0, 30), Array(30).fill(201));
    assert.equal(codes[30], 429);
  });

  it('an edit flood is refused with 429, a clear message and when to try again; the comment keeps its last accepted text', async () => {
    const ana = await trustedReader('Ana Editor', '198.51.100.7');
    const made = (await ana.agent.postJson(`/api/articles/${article.id}/comments`, { text: 'Ana writes a first version.' }, ana.csrf)).json().comment;
    const codes: number[] = [];
    let refused;
    for (let i = 1; i <= 8; i++) {
      clock.now = new Date(clock.now.getTime() + 1_000);
      const answer = await ana.agent.json('PATCH', `/api/comments/${made.id}`, { text: `Ana rewrites it, version ${i}.` }, ana.csrf);
      codes.push(answer.statusCode);
      if (answer.statusCode === 429) refused ??= answer;
    }
    assert.deepEqual(codes.slice(0, 5), [200, 200, 200, 200, 200], 'as many changes a minute as comments');
    assert.ok(refused, `an edit flood is refused: ${codes.join(', ')}`);
    assert.match(refused.json().error.message, /You are changing comments faster than we allow\. Try again in \d+ seconds\./);
    assert.ok(Number(refused.headers['retry-after']) > 0);
    const stored = ((await t.db.database.db.execute(sql`select body from comments where id = ${made.id}`)) as unknown as { rows: { body: string }[] }).rows[0]!
      .body;
    assert.equal(stored, 'Ana rewrites it, version 5.');

    // A minute later the reader may change it again.
    clock.now = new Date(clock.now.getTime() + 61_000);
    assert.equal((await ana.agent.json('PATCH', `/api/comments/${made.id}`, { text: 'Ana rewrites it once more.' }, ana.csrf)).statusCode, 200);
  });

  /** One request on a real socket: a stream that is admitted is hung up on once its head arrives. */
  const answer = (path: string) =>
    new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
      const request = http.get({ host: '127.0.0.1', port, path }, (response) => {
        if (response.statusCode === 200) {
          request.destroy();
          return resolve({ status: 200, headers: response.headers, body: '' });
        }
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      });
      request.on('error', reject);
    });

  it('answers 503 with Retry-After once the process holds as many live streams as configured, and admits again when one closes', async () => {
    const path = `/api/articles/${article.id}/comments/live`;
    const first = listen(port, path);
    const second = listen(port, path);
    assert.deepEqual([await first.opened, await second.opened], [200, 200]);
    const full = await answer(path);
    assert.equal(full.status, 503);
    assert.ok(Number(full.headers['retry-after']) > 0, 'says when to come back');
    assert.match(JSON.parse(full.body).error.message, /Live comments are busy/);
    first.close();
    // The closed stream frees its place as soon as the server notices the socket went.
    const third = await until(async () => {
      const attempt = listen(port, path);
      if ((await attempt.opened) === 200) return attempt;
      attempt.close();
      return null;
    });
    third.close();
    second.close();
  });
});
