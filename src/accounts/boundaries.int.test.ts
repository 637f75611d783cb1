import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { accountLink, follow, lastMail, signedInReader } from '../../test/support/accounts.ts';
import { Agent } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { testdata } from '../../test/support/testdata.ts';
import { rows } from '../platform/db/database.ts';
import { createMailer } from '../platform/mail/mailer.ts';
import { randomToken } from './credentials/tokens.ts';
import { emailKey } from './users/service.ts';
import { scheduleHousekeeping, sweepExpired } from './housekeeping.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`accounts at the edges on ${engine}: addresses, cached pages, plain HTTP, the outbox`, () => {
  let t: TestApp;
  let smtp: Smtp;
  const inbox = (to: string) => smtp.for(to);

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url } });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  it('accepts the addresses people have, refuses the ones that are not one deliverable address', async () => {
    const cases = testdata.unicode().filter((c) => c.fields.includes('email'));
    assert.ok(cases.length >= 10);
    for (const [i, c] of cases.entries()) {
      const agent = new Agent(t.app, `10.9.0.${i + 1}`);
      const answer = await agent.submit('/account/register', '/account/register', {
        returnTo: '/',
        displayName: 'Edge Case',
        email: c.value!,
        password: '',
        'consent.community-standards': 'on',
      });
      const label = `${c.id} ${JSON.stringify(c.value)} → ${answer.statusCode}`;
      if (c.expect === 'preserve') assert.equal(answer.statusCode, 200, label);
      else if (c.expect === 'reject') assert.equal(answer.statusCode, 422, label);
      else assert.ok([200, 422].includes(answer.statusCode), label);
      if (answer.statusCode !== 200) continue;
      // The same mailbox written another way (an IDN domain after its punycode form) is the account already made.
      if (cases.slice(0, i).some((earlier) => earlier.value !== c.value && emailKey(earlier.value!) === emailKey(c.value!))) {
        assert.match((await lastMail(t, inbox, c.value!)).subject, /already have an account/);
        continue;
      }
      await follow(agent, accountLink(await lastMail(t, inbox, c.value!)));
      const [stored] = await rows<{ email: string }>(t.db.database.db, sql`select email from users where email_key = ${emailKey(c.value!)}`);
      assert.equal(stored?.email, c.value, `${c.id} stored as given`);
    }
  });

  it('treats forged, tampered and malformed session cookies as signed out, never as an error', async () => {
    const genuine = await signedInReader(t, inbox, 'tampered@example.org', 'a long enough passphrase', '10.9.4.1');
    const token = genuine.cookies.get('__Host-masthead_session')!;
    const flip = (value: string) => value.slice(0, -1) + (value.endsWith('A') ? 'B' : 'A');
    for (const value of [
      flip(token),
      token.toUpperCase(),
      '',
      'x',
      'A'.repeat(43),
      `${token}x`,
      "' or 1=1 --",
      '../../etc/passwd',
      '%00',
      'é'.repeat(43),
      'a'.repeat(5000),
    ]) {
      for (const url of ['/api/me', '/account']) {
        const response = await t.app.inject({ method: 'GET', url, headers: { cookie: `__Host-masthead_session=${encodeURIComponent(value)}` } });
        assert.ok(response.statusCode < 500, `${url} with ${value.slice(0, 20)}: ${response.statusCode}`);
        if (url === '/api/me') assert.equal(response.json().signedIn, false, value.slice(0, 20));
        else assert.equal(response.statusCode, 303);
      }
    }
    assert.equal((await genuine.me()).signedIn, true, 'the genuine cookie still works');
  });

  it('refuses XSS and SQL payloads as e-mail addresses with a clear message', async () => {
    for (const [i, payload] of [...testdata.xss().slice(0, 30), ...testdata.sqli().slice(0, 30)].entries()) {
      const answer = await new Agent(t.app, `10.9.5.${i + 1}`).submit('/account/register', '/account/register', {
        returnTo: '/',
        displayName: 'Edge',
        email: payload,
        password: '',
        'consent.community-standards': 'on',
      });
      assert.ok([200, 400, 413, 422].includes(answer.statusCode), `${payload.slice(0, 30)}: ${answer.statusCode}`);
      if (answer.statusCode === 422) assert.match(answer.body, /e-mail|email/);
      assert.ok(!answer.body.includes('<script>alert'), 'never echoed as markup');
    }
  });

  it('serves the same cached page to signed-in and signed-out readers, setting no cookie', async () => {
    await seedBasics(t);
    const created = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json();
    const url = new URL(created.url).pathname;
    const anonymous = await t.get(url);
    assert.equal(anonymous.statusCode, 200);
    const reader = await signedInReader(t, inbox, 'cached.pages@example.org', 'a long enough passphrase', '10.9.1.1');
    const signedIn = await reader.get(url);
    assert.equal(signedIn.statusCode, 200);
    assert.equal(signedIn.headers.etag, anonymous.headers.etag);
    assert.equal(signedIn.body, anonymous.body);
    assert.equal(signedIn.headers['set-cookie'], undefined);
    assert.match(String(signedIn.headers['cache-control']), /^public/);
    assert.doesNotMatch(signedIn.body, /Test Reader/);
    const me = await reader.get('/api/me');
    assert.equal(me.headers['cache-control'], 'private, no-store');
    // A reader who is not signed in is given no cookie by the island's question.
    const stranger = await t.get('/api/me');
    assert.deepEqual(stranger.json(), { signedIn: false });
    assert.equal(stranger.headers['set-cookie'], undefined);
  });

  it('over plain HTTP the session cookie has no __Host- prefix and no Secure flag, so browsers keep it', async () => {
    const plain = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'http://127.0.0.1:3999' } });
    try {
      const agent = await signedInReader(plain, inbox, 'plain.http@example.org', 'a long enough passphrase', '10.9.2.1');
      assert.ok(agent.cookies.has('masthead_session'));
      assert.ok(![...agent.cookies.keys()].some((name) => name.startsWith('__Host-')));
      const signIn = await new Agent(plain.app, '10.9.2.2').submit('/account/sign-in', '/account/sign-in', {
        email: 'plain.http@example.org',
        password: 'a long enough passphrase',
        returnTo: '/',
      });
      const cookie = signIn.cookies.find((c) => c.name === 'masthead_session')!;
      assert.equal(cookie.secure, undefined);
      assert.equal(cookie.httpOnly, true);
    } finally {
      await plain.close();
    }
  });

  it('sweeps expired sessions, links and counters once a day, and schedules the next sweep', async () => {
    const reader = await signedInReader(t, inbox, 'sweep@example.org', 'a long enough passphrase', '10.9.3.1');
    await reader.submit('/account/sign-in', '/account/sign-in/link', { email: 'sweep@example.org', returnTo: '/' });
    const count = async (table: string) => (await rows<{ n: number }>(t.db.database.db, sql`select count(*)::int as n from ${sql.identifier(table)}`))[0]!.n;
    const before = { sessions: await count('sessions'), links: await count('account_links'), limits: await count('rate_limits') };
    assert.ok(before.sessions > 0 && before.links > 0 && before.limits > 0);
    await scheduleHousekeeping(t.db.database.db, new Date(Date.now() - 1000));
    await t.app.jobs.runDue();
    assert.equal(await count('sessions'), before.sessions, 'nothing live is swept');
    await sweepExpired(t.db.database.db, new Date(Date.now() + 200 * 24 * 60 * 60 * 1000));
    assert.deepEqual([await count('sessions'), await count('account_links'), await count('rate_limits')], [0, 0, 0]);
    const [next] = await rows<{ run_at: Date }>(t.db.database.db, sql`select run_at from jobs where name = 'accounts.housekeeping' and state = 'queued'`);
    assert.ok(next && new Date(next.run_at).getTime() > Date.now() + 23 * 60 * 60 * 1000, 'tomorrow’s sweep is queued');
  });

  it('without SMTP_URL, writes each message to DATA_DIR/outbox and logs where, never the links inside', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'masthead-outbox-'));
    const logged: object[] = [];
    const mailer = createMailer({
      smtpUrl: undefined,
      from: 'The Masthead <no-reply@news.example>',
      dataDir,
      log: { info: ((entry: object, message: string) => logged.push({ ...entry, message })) as never },
    });
    const token = randomToken();
    const link = `https://news.example/account/confirm?token=${token}`;
    await mailer.send({
      to: 'reader@example.org',
      subject: 'Your sign-in link',
      text: `Use ${link}`,
      html: `<p><a href="${link}">Use it</a></p>`,
      links: [link],
    });
    const files = fs.readdirSync(path.join(dataDir, 'outbox'));
    assert.equal(files.length, 1);
    assert.match(files[0]!, /\.eml$/);
    const eml = fs.readFileSync(path.join(dataDir, 'outbox', files[0]!), 'utf8');
    assert.match(eml, /^To: reader@example\.org$/m);
    assert.match(eml, /Subject: Your sign-in link/);
    assert.ok(eml.replace(/=\r?\n/g, '').includes(token), 'the link is in the file, for whoever reads the outbox');
    // The log says which file to open, for whom, about what: a working key stays out of it.
    assert.equal(logged.length, 1);
    assert.deepEqual(logged[0], {
      to: 'reader@example.org',
      subject: 'Your sign-in link',
      file: path.join(dataDir, 'outbox', files[0]!),
      message: 'mail written to the outbox (SMTP_URL is not set)',
    });
    assert.ok(!JSON.stringify(logged).includes(token), 'the log holds the token');
    mailer.close();
    fs.rmSync(dataDir, { recursive: true, force: true });

    // And the site itself, with no mail server configured, delivers there, and logs no link.
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const embedded = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream });
    try {
      await new Agent(embedded.app).submit('/account/sign-in', '/account/reset', { email: 'nobody@example.org' });
      await new Agent(embedded.app).submit('/account/register', '/account/register', {
        returnTo: '/',
        displayName: 'Outbox',
        email: 'outbox@example.org',
        password: '',
        'consent.community-standards': 'on',
      });
      await embedded.app.jobs.runDue();
      const dir = path.join(embedded.app.ctx.config.dataDir, 'outbox');
      const messages = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
      assert.equal(messages.length, 1);
      const sent = /\/account\/confirm\?token=(?:3D)?([A-Za-z0-9_-]{43})/.exec(messages[0]!.replace(/=\r?\n/g, ''));
      assert.ok(sent, `a confirmation link in the message:\n${messages[0]}`);
      const log = lines.filter((line) => line.includes('mail written to the outbox'));
      assert.equal(log.length, 1, lines.join('\n'));
      assert.match(log[0]!, /"to":"outbox@example\.org"/);
      assert.ok(!lines.join('\n').includes(sent[1]!), `the log holds the confirmation token:\n${log[0]}`);
    } finally {
      await embedded.close();
    }
  });
});
