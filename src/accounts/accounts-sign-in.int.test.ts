import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { accountLink, follow, lastMail as lastMailTo } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { rows } from '../platform/db/database.ts';
import { register } from '../../test/support/register.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`accounts on ${engine}: registration, sign-in, e-mail`, () => {
  let t: TestApp;
  let smtp: Smtp;
  // The tests move this clock forward; it starts at the real time so jobs the database times agree with it.
  let clock = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  let address = 0;
  const newEmail = () => `reader${++address}@example.org`;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, now: () => clock });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const lastMail = (to: string) => lastMailTo(t, (address) => smtp.for(address), to);

  it('registers by e-mail confirmation over real SMTP and lands signed in on the page the reader came from', async () => {
    const reader = new Agent(t.app);
    const email = newEmail();
    const answer = await register(reader, email);
    assert.equal(answer.statusCode, 200);
    assert.match(answer.body, /Check your inbox/);
    assert.equal((await reader.me()).signedIn, false, 'not signed in before the address is confirmed');

    const mail = await lastMail(email);
    assert.equal(mail.subject, 'Confirm your account with The Masthead');
    const link = mail.links.find((l) => l.includes('/account/confirm?token='))!;
    assert.ok(link.startsWith('https://news.example/account/confirm?token='), link);

    // A mail scanner that fetches the link uses nothing up: only the button does.
    await new Agent(t.app, '198.51.100.7').get(new URL(link).pathname + new URL(link).search);
    const confirmed = await follow(reader, link);
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/world/some-story');
    const cookie = confirmed.cookies.find((c) => c.name === 'masthead_session' || c.name === '__Host-masthead_session')!;
    assert.equal(cookie.name, '__Host-masthead_session', 'HTTPS site: __Host- prefixed');
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.secure, true);
    assert.equal(cookie.sameSite, 'Lax');
    assert.equal(cookie.path, '/');

    const me = await reader.me();
    assert.equal(me.signedIn, true);
    assert.equal(me.user!.displayName, 'Ana Reader');
    assert.equal(me.user!.emailVerified, true);
    const [consent] = await rows<{ kind: string; granted: boolean; wording_version: number }>(
      t.db.database.db,
      sql`select c.kind, c.granted, c.wording_version from consents c join users u on u.id = c.user_id where u.email = ${email} and c.kind = 'community-standards'`,
    );
    assert.deepEqual(consent, { kind: 'community-standards', granted: true, wording_version: 1 });

    // The link is single-use.
    const again = await follow(new Agent(t.app), link).catch(() => null);
    assert.ok(again === null || again.statusCode === 410);
  });

  it('gives the same answer for an address that already has an account, in any case or Unicode form, and keeps one account', async () => {
    const email = newEmail();
    await register(new Agent(t.app), email);
    await follow(new Agent(t.app), accountLink(await lastMail(email)));
    const variants = [email.toUpperCase(), email.replace('reader', 'ＲＥＡＤＥＲ')];
    for (const variant of variants) {
      const answer = await register(new Agent(t.app), variant, { password: 'another long passphrase' });
      assert.equal(answer.statusCode, 200);
      assert.match(answer.body, /Check your inbox/);
    }
    await t.app.jobs.runDue();
    const count = await rows<{ n: number }>(t.db.database.db, sql`select count(*)::int as n from users where email_key = ${email}`);
    assert.equal(count[0]!.n, 1);
    const notices = smtp.for(email).filter((m) => /already have an account/.test(m.subject));
    assert.equal(notices.length, 2, 'each attempt tells the owner, at the address the account has');
    assert.equal(smtp.for(variants[1]!).length, 0);
    // The existing password was not replaced by the second registration.
    const signIn = await new Agent(t.app).submit('/account/sign-in', '/account/sign-in', { email, password: 'another long passphrase', returnTo: '/' });
    assert.equal(signIn.statusCode, 422);
  });

  it('signs in with a password, rotating the session id, and out again', async () => {
    const email = newEmail();
    const first = new Agent(t.app);
    await register(first, email);
    await follow(first, accountLink(await lastMail(email)));
    const before = first.cookies.get('__Host-masthead_session');
    const signedIn = await first.submit('/account/sign-in?returnTo=/uk', '/account/sign-in', {
      email: email.toUpperCase(),
      password: 'a long enough passphrase',
      returnTo: '/uk',
    });
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/uk');
    const after = first.cookies.get('__Host-masthead_session');
    assert.ok(after && after !== before, 'a new session token at sign-in');
    // The token held before signing in no longer works.
    const stale = new Agent(t.app);
    stale.cookies.set('__Host-masthead_session', before!);
    assert.equal((await stale.me()).signedIn, false);

    const me = await first.me();
    const out = await first.post('/account/sign-out', { _csrf: me.csrfToken, returnTo: '/uk' });
    assert.equal(out.statusCode, 303);
    assert.equal((await first.me()).signedIn, false);
  });

  it('answers a wrong password and an unknown address alike, and slows down repeated failures without locking the reader out', async () => {
    const email = newEmail();
    const owner = new Agent(t.app);
    await register(owner, email);
    await follow(owner, accountLink(await lastMail(email)));
    const attacker = new Agent(t.app, '192.0.2.99');
    const wrong = await attacker.submit('/account/sign-in', '/account/sign-in', { email, password: 'not the password at all', returnTo: '/' });
    const unknown = await attacker.submit('/account/sign-in', '/account/sign-in', {
      email: 'nobody-here@example.org',
      password: 'not the password at all',
      returnTo: '/',
    });
    assert.equal(wrong.statusCode, 422);
    assert.equal(unknown.statusCode, 422);
    const message = (html: string) => /<p class="form-error" role="alert">([^<]+)</.exec(html)?.[1];
    assert.equal(message(wrong.body), message(unknown.body));

    // Four failures in a row cost nothing (typos happen); the fifth starts a delay.
    for (let i = 0; i < 4; i++) {
      const guess = await attacker.submit('/account/sign-in', '/account/sign-in', { email, password: `guess number ${i} here`, returnTo: '/' });
      assert.equal(guess.statusCode, 422);
    }
    const slowed = await attacker.submit('/account/sign-in', '/account/sign-in', { email, password: 'a long enough passphrase', returnTo: '/' });
    assert.equal(slowed.statusCode, 429, 'even the right password waits out the delay');
    assert.ok(Number(slowed.headers['retry-after']) > 0);
    assert.match(slowed.body, /Try again in \d+ seconds?/);
    // A sign-in link still works meanwhile: no lockout.
    await owner.submit('/account/sign-in', '/account/sign-in/link', { email, returnTo: '/' });
    const link = accountLink(await lastMail(email));
    assert.equal((await follow(new Agent(t.app), link)).statusCode, 303);
    // And the delay ends on its own.
    clock = new Date(clock.getTime() + 60 * 60 * 1000);
    const later = await owner.submit('/account/sign-in', '/account/sign-in', { email, password: 'a long enough passphrase', returnTo: '/' });
    assert.equal(later.statusCode, 303);
  });

  it('signs in with a single-use magic link that expires in 15 minutes, and says nothing about unknown addresses', async () => {
    const email = newEmail();
    const reader = new Agent(t.app);
    await register(reader, email, { password: '' });
    await follow(reader, accountLink(await lastMail(email)));

    const before = smtp.inbox.length;
    const unknown = await new Agent(t.app).submit('/account/sign-in', '/account/sign-in/link', { email: 'stranger@example.org', returnTo: '/' });
    assert.equal(unknown.statusCode, 200);
    assert.match(unknown.body, /If an account uses this address/);
    await t.app.jobs.runDue();
    assert.equal(smtp.inbox.length, before, 'no mail for an unknown address');

    const laptop = new Agent(t.app);
    const asked = await laptop.submit('/account/sign-in?returnTo=/us', '/account/sign-in/link', { email, returnTo: '/us' });
    assert.equal(asked.statusCode, 200);
    assert.equal(asked.body.replace(email, ''), unknown.body.replace('stranger@example.org', ''), 'the same page for known and unknown addresses');
    const link = accountLink(await lastMail(email));
    const used = await follow(laptop, link);
    assert.equal(used.headers.location, '/us');
    assert.equal((await laptop.me()).signedIn, true);
    const replay = await new Agent(t.app).get(new URL(link).pathname + new URL(link).search);
    assert.equal(replay.statusCode, 410);
    assert.match(replay.body, /expired or has already been used/);

    await reader.submit('/account/sign-in', '/account/sign-in/link', { email, returnTo: '/' });
    const late = accountLink(await lastMail(email));
    clock = new Date(clock.getTime() + 16 * 60 * 1000);
    assert.equal((await new Agent(t.app).get(new URL(late).pathname + new URL(late).search)).statusCode, 410);
  });

  it('refuses writes without the CSRF token of the browser that holds the form', async () => {
    const agent = new Agent(t.app);
    const none = await agent.post('/account/sign-in', { email: 'a@example.org', password: 'whatever it is', returnTo: '/' });
    assert.equal(none.statusCode, 403);
    assert.match(none.body, /expired or did not come from this site/);
    // A token from another browser's form does not fit this browser's secret.
    const other = new Agent(t.app);
    const foreign = csrfOf((await other.get('/account/sign-in')).body);
    await agent.get('/account/sign-in');
    const mismatched = await agent.post('/account/sign-in', { _csrf: foreign, email: 'a@example.org', password: 'whatever it is', returnTo: '/' });
    assert.equal(mismatched.statusCode, 403);
  });

  it('keeps no sign-in link in the job table once the e-mail is sent', async () => {
    const sent = await rows<{ payload: unknown }>(t.db.database.db, sql`select payload from jobs where name = 'mail.send' and state = 'done'`);
    assert.ok(sent.length > 5);
    for (const job of sent) assert.deepEqual(job.payload, {});
  });
});
