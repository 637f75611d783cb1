import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { accountLink, follow, lastMail } from '../../test/support/accounts.ts';
import { Agent, csrfOf, solveProofOfWork } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { testdata } from '../../test/support/testdata.ts';
import { rows } from '../platform/db/database.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`accounts on ${engine}: what scripts and hostile input send to registration and e-mailed links`, () => {
  let t: TestApp;
  let smtp: Smtp;
  let address = 0;
  const newEmail = () => `reader${++address}@example.org`;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  async function register(agent: Agent, email: string, extra: Record<string, string> = {}) {
    return agent.submit('/account/register?returnTo=/world/some-story', '/account/register', {
      returnTo: '/world/some-story',
      displayName: 'Ana Reader',
      email,
      password: 'a long enough passphrase',
      'consent.community-standards': 'on',
      ...extra,
    });
  }

  it('refuses tampered and malformed links with a clear message', async () => {
    for (const token of ['', 'abc', 'x'.repeat(43), '../../etc/passwd', '<script>alert(1)</script>', 'A'.repeat(5000)]) {
      const page = await new Agent(t.app).get(`/account/confirm?token=${encodeURIComponent(token)}`);
      assert.ok([400, 410].includes(page.statusCode), `${token.slice(0, 20)}: ${page.statusCode}`);
      assert.ok(!page.body.includes('<script>alert(1)</script>'));
    }
    const reset = await new Agent(t.app).get('/account/reset?token=not-a-token');
    assert.equal(reset.statusCode, 400);
  });

  it('keeps hostile display names as text or refuses them, and never runs them', async () => {
    const names = [
      ...testdata.xss().slice(0, 40),
      ...testdata
        .unicode()
        .filter((c) => c.fields.includes('name'))
        .map((c) => c.value!),
    ];
    let stored = 0;
    for (const name of names) {
      const email = newEmail();
      const agent = new Agent(t.app, `10.0.${Math.floor(address / 200)}.${address % 200}`);
      // Without a password (a reader who signs in by link): the name takes the same way through
      // registration, e-mail and confirmation, without an argon2 hash per name (60 ms each, for
      // hundreds of names). Registration with a password is tested in the other cases here.
      const answer = await register(agent, email, { displayName: name, password: '' });
      assert.ok([200, 400, 413, 422].includes(answer.statusCode), `${JSON.stringify(name).slice(0, 60)} → ${answer.statusCode} ${answer.body.slice(0, 300)}`);
      assert.ok(
        !/<script>alert|onerror=alert\(/i.test(answer.body.replace(/&lt;|&gt;|&quot;|&#39;|&amp;/g, '')) || !answer.body.includes(name) || !/[<>]/.test(name),
        'never echoed as markup',
      );
      if (answer.statusCode !== 200) continue;
      await t.app.jobs.runDue();
      const mail = smtp.for(email).at(-1)!;
      assert.ok(mail.html.includes('Hello'), 'the HTML part was read');
      if (/[<>]/.test(name)) assert.ok(!mail.html.includes(name.trim()), 'escaped in the HTML e-mail');
      await follow(agent, accountLink(mail));
      const me = await agent.me();
      // Form encoding turns a lone surrogate into U+FFFD in the browser, before we see it.
      assert.equal(me.user!.displayName, name.toWellFormed().trim(), 'stored as given');
      const page = await agent.get('/account');
      if (/[<>]/.test(name)) assert.ok(!page.body.includes(name), 'rendered as text');
      stored++;
    }
    assert.ok(stored > 10, `${stored} names stored`);
  });

  it('refuses e-mail addresses that are not one address, and honeypot sign-ups get nothing', async () => {
    for (const email of ['not-an-address', 'a@b', 'two@example.org, three@example.org', 'x'.repeat(300) + '@example.org', 'line\nbreak@example.org']) {
      const answer = await register(new Agent(t.app), email);
      assert.equal(answer.statusCode, 422, email);
      assert.match(answer.body, /e-mail/);
    }
    const before = await rows<{ n: number }>(t.db.database.db, sql`select count(*)::int as n from account_links`);
    const bot = await register(new Agent(t.app), newEmail(), { website: 'https://spam.example' });
    assert.equal(bot.statusCode, 200);
    const afterwards = await rows<{ n: number }>(t.db.database.db, sql`select count(*)::int as n from account_links`);
    assert.equal(afterwards[0]!.n, before[0]!.n);
  });

  it('needs the sign-up check solved, once: scripts that skip it or replay an answer make no account', async () => {
    const agent = new Agent(t.app, '192.0.2.200');
    const page = await agent.get('/account/register');
    const form = { _csrf: csrfOf(page.body), displayName: 'Script', password: 'a long enough passphrase', 'consent.community-standards': 'on', returnTo: '/' };
    const skipped = await agent.post('/account/register', { ...form, email: newEmail() });
    assert.equal(skipped.statusCode, 422);
    assert.match(skipped.body, /sign-up check/);
    const forged = await agent.post('/account/register', {
      ...form,
      email: newEmail(),
      altcha: Buffer.from('{"algorithm":"SHA-256","challenge":"x","number":1,"salt":"y","signature":"z"}').toString('base64'),
    });
    assert.equal(forged.statusCode, 422);
    const proof = solveProofOfWork(page.body)!;
    assert.equal((await agent.post('/account/register', { ...form, email: newEmail(), altcha: proof })).statusCode, 200);
    const replayed = await agent.post('/account/register', { ...form, email: newEmail(), altcha: proof });
    assert.equal(replayed.statusCode, 429);
  });
});

describe(`registrations on ${engine}: confirming never hands over a password`, () => {
  let t: TestApp;
  let smtp: Smtp;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('a registration someone else started for your address gives them no password when you confirm it', async () => {
    const victim = 'victim@example.org';
    const attacker = new Agent(t.app, '192.0.2.66');
    const started = await attacker.submit('/account/register', '/account/register', {
      returnTo: '/',
      displayName: 'Victim',
      email: victim,
      password: 'the attackers passphrase',
      'consent.community-standards': 'on',
    });
    assert.equal(started.statusCode, 200);
    const link = accountLink(await lastMail(t, (to) => smtp.for(to), victim));

    // The owner of the address clicks the button in their own browser.
    const owner = new Agent(t.app, '203.0.113.77');
    assert.equal((await follow(owner, link)).statusCode, 303);
    assert.equal((await owner.me()).signedIn, true);

    const signIn = await new Agent(t.app, '192.0.2.67').submit('/account/sign-in', '/account/sign-in', {
      email: victim,
      password: 'the attackers passphrase',
      returnTo: '/',
    });
    assert.equal(signIn.statusCode, 422, 'the password typed by whoever registered is not on the account');
    const [row] = await rows<{ password_hash: string | null }>(t.db.database.db, sql`select password_hash from users where email = ${victim}`);
    assert.equal(row!.password_hash, null);
    assert.match((await owner.get('/account')).body, /action="\/account\/password"/, 'the owner can choose a password of their own');
  });

  it('keeps the password when the browser that registered confirms', async () => {
    const email = 'keeps@example.org';
    const reader = new Agent(t.app, '203.0.113.78');
    await reader.submit('/account/register', '/account/register', {
      returnTo: '/',
      displayName: 'Keeps',
      email,
      password: 'a long enough passphrase',
      'consent.community-standards': 'on',
    });
    await follow(reader, accountLink(await lastMail(t, (to) => smtp.for(to), email)));
    const signIn = await new Agent(t.app, '203.0.113.79').submit('/account/sign-in', '/account/sign-in', {
      email,
      password: 'a long enough passphrase',
      returnTo: '/',
    });
    assert.equal(signIn.statusCode, 303);
  });
});
