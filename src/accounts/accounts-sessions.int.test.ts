import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { accountLink, follow, lastMail as lastMailTo } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { register } from '../../test/support/register.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`accounts on ${engine}: sessions, password reset, expiry`, () => {
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

  it('lists the sessions of an account and signs out one or all of the others', async () => {
    const email = newEmail();
    const phone = new Agent(t.app, '203.0.113.1');
    await register(phone, email);
    await follow(phone, accountLink(await lastMail(email)));
    const laptop = new Agent(t.app, '203.0.113.2');
    const tablet = new Agent(t.app, '203.0.113.3');
    for (const agent of [laptop, tablet])
      await agent.submit('/account/sign-in', '/account/sign-in', { email, password: 'a long enough passphrase', returnTo: '/' });
    const page = await phone.get('/account');
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'private, no-store');
    assert.equal((page.body.match(/name="session"/g) ?? []).length, 2, 'the two other browsers can be signed out');
    assert.match(page.body, /\(this browser\)/);
    const other = /name="session" value="([0-9a-f-]{36})"/.exec(page.body)![1]!;
    assert.equal((await phone.post('/account/sessions/end', { _csrf: csrfOf(page.body), session: other })).statusCode, 303);
    const signedIn = [(await laptop.me()).signedIn, (await tablet.me()).signedIn];
    assert.deepEqual(signedIn.sort(), [false, true]);
    const again = await phone.get('/account');
    assert.equal((await phone.post('/account/sessions/end-all', { _csrf: csrfOf(again.body) })).statusCode, 303);
    assert.equal((await laptop.me()).signedIn, false);
    assert.equal((await tablet.me()).signedIn, false);
    assert.equal((await phone.me()).signedIn, true);
  });

  it('sends a signed-out reader from the account page to sign in, and back', async () => {
    const page = await new Agent(t.app).get('/account');
    assert.equal(page.statusCode, 303);
    assert.equal(page.headers.location, '/account/sign-in?returnTo=%2Faccount');
    const api = await t.app.inject({
      method: 'POST',
      url: '/account/sessions/end-all',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    assert.ok([401, 403].includes(api.statusCode));
  });

  it('resets a password by a single-use link and signs out every other browser', async () => {
    const email = newEmail();
    const old = new Agent(t.app);
    await register(old, email);
    await follow(old, accountLink(await lastMail(email)));
    const asked = await new Agent(t.app).submit('/account/reset', '/account/reset', { email });
    assert.match(asked.body, /If an account uses this address/);
    const link = new URL(accountLink(await lastMail(email)));
    const me = new Agent(t.app);
    const form = await me.get(link.pathname + link.search);
    assert.equal(form.statusCode, 200);
    const weak = await me.post('/account/reset/complete', { _csrf: csrfOf(form.body), token: link.searchParams.get('token')!, password: 'short' });
    assert.equal(weak.statusCode, 422);
    assert.match(weak.body, /at least 10 characters/);
    const done = await me.post('/account/reset/complete', {
      _csrf: csrfOf(weak.body),
      token: link.searchParams.get('token')!,
      password: 'a brand new passphrase',
    });
    assert.equal(done.statusCode, 303);
    assert.equal((await me.me()).signedIn, true);
    assert.equal((await old.me()).signedIn, false, 'other browsers are signed out');
    const reuse = await new Agent(t.app).get(link.pathname + link.search);
    assert.equal(reuse.statusCode, 410);
    const signIn = await new Agent(t.app).submit('/account/sign-in', '/account/sign-in', { email, password: 'a brand new passphrase', returnTo: '/' });
    assert.equal(signIn.statusCode, 303);
  });

  it('ends a reader session after 30 idle days, and any session at its absolute expiry however busy', async () => {
    const email = newEmail();
    const reader = new Agent(t.app, '192.0.2.210');
    await register(reader, email);
    await follow(reader, accountLink(await lastMail(email)));
    const day = 24 * 60 * 60 * 1000;
    clock = new Date(clock.getTime() + 29 * day);
    assert.equal((await reader.me()).signedIn, true, 'used within 30 days: kept, and its last-seen time moves');
    clock = new Date(clock.getTime() + 29 * day);
    assert.equal((await reader.me()).signedIn, true);
    clock = new Date(clock.getTime() + 31 * day);
    assert.equal((await reader.me()).signedIn, false, 'idle for 31 days: signed out');

    const busy = new Agent(t.app, '192.0.2.211');
    await busy.submit('/account/sign-in', '/account/sign-in', { email, password: 'a long enough passphrase', returnTo: '/' });
    for (let i = 0; i < 7; i++) {
      clock = new Date(clock.getTime() + 25 * day);
      assert.equal((await busy.me()).signedIn, true, `day ${(i + 1) * 25}`);
    }
    clock = new Date(clock.getTime() + 6 * day);
    assert.equal((await busy.me()).signedIn, false, 'past 180 days: signed out however busy');
  });

  it('refuses JSON writes without the CSRF token /api/me hands out', async () => {
    const email = newEmail();
    const reader = new Agent(t.app, '192.0.2.220');
    await register(reader, email);
    await follow(reader, accountLink(await lastMail(email)));
    const without = await reader.postJson('/api/account/passkeys/options', {}, '');
    assert.equal(without.statusCode, 403);
    const wrong = await reader.postJson('/api/account/passkeys/options', {}, 'not-the-token');
    assert.equal(wrong.statusCode, 403);
    const right = await reader.postJson('/api/account/passkeys/options', {}, (await reader.me()).csrfToken);
    assert.equal(right.statusCode, 200);
  });
});
