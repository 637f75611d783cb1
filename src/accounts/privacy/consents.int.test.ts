import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { signedInReader } from '../../../test/support/accounts.ts';
import { Agent } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';
import { startSmtp } from '../../../test/support/smtp.ts';
import { rows } from '../../platform/db/database.ts';

describe(`consents on ${engine}: each one seen in the words agreed to, changed, and every change kept`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  // The real time (the sign-up check expires by it), to the minute so the page's dates are known.
  let clock = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  const shown = (at: Date) => `<time datetime="${at.toISOString()}">${at.toISOString().slice(0, 10)} ${at.toISOString().slice(11, 16)} UTC</time>`;
  const inbox = (to: string) => smtp.for(to);
  const history = (email: string) =>
    rows<{ kind: string; granted: boolean; wording_version: number; source: string }>(
      t.db.database.db,
      sql`select c.kind, c.granted, c.wording_version, c.source from consents c join users u on u.id = c.user_id where u.email = ${email} order by c.seq`,
    );
  const change = async (agent: Agent, form: Record<string, string>) => agent.post('/account/consents', { _csrf: (await agent.me()).csrfToken, ...form });

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, now: () => clock });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('asks at registration only for what the site does: no consent to a briefing it does not send', async () => {
    const page = await new Agent(t.app).get('/account/register');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /community standards/);
    assert.doesNotMatch(page.body, /morning briefing|consent\.newsletter/);
  });

  it('shows each consent with its wording and date, linked from the account page; the standards are not withdrawn here', async () => {
    const reader = await signedInReader(t, inbox, 'cora@readers.example');
    assert.match((await reader.get('/account')).body, /href="\/account\/consents"/);
    const page = await reader.get('/account/consents');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.match(page.body, /I will follow the community standards when I take part in discussions\./);
    assert.ok(page.body.includes(`Given on ${shown(clock)} (wording version 1)`), 'when, and which wording');
    assert.doesNotMatch(page.body, /name="choice"/, 'nothing to change for a condition of taking part');
    const refused = await change(reader, { kind: 'community-standards', choice: 'withdraw' });
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /end with your account/);
    assert.deepEqual(await history('cora@readers.example'), [{ kind: 'community-standards', granted: true, wording_version: 1, source: 'registration' }]);
    assert.equal((await new Agent(t.app).get('/account/consents')).statusCode, 303, 'signed out: to the sign-in page');
  });

  it('withdraws a consent given before, records the change beside the original, and never gives back a retired one', async () => {
    const reader = await signedInReader(t, inbox, 'dara@readers.example');
    const [{ id }] = (await rows<{ id: string }>(t.db.database.db, sql`select id from users where email = 'dara@readers.example'`)) as [{ id: string }];
    // Registered while the briefing was still asked about, and ticked it.
    const ticked = new Date(clock.getTime() - 86_400_000);
    await t.db.database.db.execute(
      sql`insert into consents (id, user_id, kind, granted, wording_version, created_at) values (${crypto.randomUUID()}, ${id}, 'newsletter', true, 1, ${ticked.toISOString()}::timestamptz)`,
    );
    const page = await reader.get('/account/consents');
    assert.match(page.body, /Send me the morning briefing by e-mail/);
    assert.ok(page.body.includes(`Given on ${shown(ticked)}`));
    assert.match(page.body, /name="choice" value="withdraw"/);

    clock = new Date(clock.getTime() + 3_600_000);
    const withdrawn = await change(reader, { kind: 'newsletter', choice: 'withdraw' });
    assert.equal(withdrawn.statusCode, 303);
    assert.equal(withdrawn.headers.location, '/account/consents?done=withdrawn');
    const after = await reader.get('/account/consents?done=withdrawn');
    assert.match(after.body, /Your consent is withdrawn\./);
    assert.ok(after.body.includes(`Withdrawn on ${shown(clock)}`));
    assert.match(after.body, /We no longer ask for this\./);
    assert.match(after.body, /given when you registered \(wording version 1\)/);
    assert.match(after.body, /withdrawn on this page \(wording version 1\)/);

    assert.equal((await change(reader, { kind: 'newsletter', choice: 'withdraw' })).headers.location, '/account/consents?done=unchanged');
    const again = await change(reader, { kind: 'newsletter', choice: 'give' });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /no longer ask for this consent/);
    for (const bad of [{ kind: 'marketing', choice: 'give' }, { kind: 'newsletter', choice: 'maybe' }, { choice: 'give' }]) {
      const answer = await change(reader, bad as Record<string, string>);
      assert.equal(answer.statusCode, 422, JSON.stringify(bad));
      assert.doesNotMatch(answer.body, /stack|at Object/);
    }
    const csrfless = await reader.post('/account/consents', { kind: 'newsletter', choice: 'withdraw' });
    assert.equal(csrfless.statusCode, 403);

    assert.deepEqual(
      (await history('dara@readers.example')).filter((c) => c.kind === 'newsletter'),
      [
        { kind: 'newsletter', granted: true, wording_version: 1, source: 'registration' },
        { kind: 'newsletter', granted: false, wording_version: 1, source: 'consents-page' },
      ],
    );
    const data = (await reader.get('/account/data')).json();
    assert.deepEqual(
      data.consents
        .filter((c: { kind: string }) => c.kind === 'newsletter')
        .map((c: { granted: boolean; source: string; at: string }) => [c.granted, c.source, c.at]),
      [
        [true, 'registration', ticked.toISOString()],
        [false, 'consents-page', clock.toISOString()],
      ],
    );
  });
});
