import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { accountLink, follow, lastMail, signedInReader } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { SoftAuthenticator } from '../../test/support/authenticator.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { rows } from '../platform/db/database.ts';
import { totpCode } from './credentials/totp.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;

describe(`account settings on ${engine}: passkeys, two-step, profile, address, data, deletion`, () => {
  let t: TestApp;
  let smtp: Smtp;
  // The tests move this clock forward; it starts at the real time so jobs the database times agree with it.
  let clock = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  let n = 0;
  const email = () => `settings${++n}@example.org`;
  const inbox = (to: string) => smtp.for(to);

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, now: () => clock });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  const accountForm = async (agent: Agent, action: string, form: Record<string, string>) =>
    agent.post(action, { _csrf: csrfOf((await agent.get('/account')).body), ...form });

  it('adds several named passkeys, signs in with one without e-mail or password, renames and removes them', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const keys = [new SoftAuthenticator('https://news.example'), new SoftAuthenticator('https://news.example')];
    for (const [i, key] of keys.entries()) {
      const { csrfToken } = await reader.me();
      const options = await reader.postJson('/api/account/passkeys/options', {}, csrfToken);
      assert.equal(options.statusCode, 200, options.body);
      assert.equal(options.json().rp.id, 'news.example');
      const added = await reader.postJson('/api/account/passkeys', { name: `Device ${i + 1}`, response: key.register(options.json()) }, csrfToken);
      assert.equal(added.statusCode, 201, added.body);
    }
    const page = await reader.get('/account');
    assert.match(page.body, /Device 1/);
    assert.match(page.body, /Device 2/);

    // A fresh browser: passkey only.
    const phone = new Agent(t.app, '198.51.100.20');
    const { csrfToken } = await phone.me();
    const options = await phone.postJson('/api/account/passkey-sign-in/options', {}, csrfToken);
    assert.equal(options.statusCode, 200);
    const signedIn = await phone.postJson('/api/account/passkey-sign-in', { response: keys[1]!.authenticate(options.json()), returnTo: '/world/x' }, csrfToken);
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    assert.equal(signedIn.json().returnTo, '/world/x');
    assert.equal((await phone.me()).signedIn, true);

    // The challenge is single-use: replaying the same answer fails.
    const replay = await new Agent(t.app).postJson('/api/account/passkey-sign-in', { response: keys[1]!.authenticate(options.json()) }, csrfToken);
    assert.ok([400, 403, 422].includes(replay.statusCode), String(replay.statusCode));

    // An answer for another site's origin is refused.
    const elsewhere = new SoftAuthenticator('https://evil.example', 'news.example');
    const o2 = await phone.postJson('/api/account/passkey-sign-in/options', {}, (await phone.me()).csrfToken);
    const forged = await phone.postJson('/api/account/passkey-sign-in', { response: elsewhere.authenticate(o2.json()) }, (await phone.me()).csrfToken);
    assert.equal(forged.statusCode, 422);

    const id = /name="id" value="([^"]+)"/.exec(page.body)![1]!;
    assert.equal((await accountForm(reader, '/account/passkeys/rename', { id, name: 'Work laptop' })).statusCode, 303);
    assert.match((await reader.get('/account')).body, /Work laptop/);
    const badName = await accountForm(reader, '/account/passkeys/rename', { id, name: 'evil\u202Eexe' });
    assert.equal(badName.statusCode, 422);
    assert.equal((await accountForm(reader, '/account/passkeys/remove', { id })).statusCode, 303);
    assert.doesNotMatch((await reader.get('/account')).body, /Work laptop/);
    const gone = await accountForm(reader, '/account/passkeys/remove', { id });
    assert.equal(gone.statusCode, 422);
  });

  it('turns on two-step codes, asks for one after the password, refuses wrong and reused codes, and turns them off', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const setup = await reader.get('/account/two-step');
    assert.equal(setup.statusCode, 200);
    assert.match(setup.body, /<svg/);
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup.body)![1]!;
    const wrong = await reader.post('/account/two-step', { _csrf: csrfOf(setup.body), secret, code: '000000' });
    assert.equal(wrong.statusCode, 422);
    const on = await reader.post('/account/two-step', { _csrf: csrfOf(setup.body), secret, code: totpCode(secret, clock) });
    assert.equal(on.statusCode, 303);

    clock = new Date(clock.getTime() + 60_000);
    const laptop = new Agent(t.app, '198.51.100.30');
    const first = await laptop.submit('/account/sign-in', '/account/sign-in', { email: address, password: 'a long enough passphrase', returnTo: '/uk' });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/account/sign-in/second-factor?returnTo=%2Fuk');
    assert.equal((await laptop.me()).signedIn, false, 'half-signed-in is not signed in');
    assert.equal((await laptop.get('/account')).statusCode, 303);
    const step = await laptop.get(first.headers.location as string);
    const bad = await laptop.post('/account/sign-in/second-factor', { _csrf: csrfOf(step.body), returnTo: '/uk', code: '123456' });
    assert.equal(bad.statusCode, 422);
    const code = totpCode(secret, clock);
    const good = await laptop.post('/account/sign-in/second-factor', { _csrf: csrfOf(bad.body), returnTo: '/uk', code });
    assert.equal(good.statusCode, 303);
    assert.equal(good.headers.location, '/uk');
    assert.equal((await laptop.me()).signedIn, true);

    // The same code cannot be used twice.
    const other = new Agent(t.app, '198.51.100.31');
    const again = await other.submit('/account/sign-in', '/account/sign-in', { email: address, password: 'a long enough passphrase', returnTo: '/' });
    const page = await other.get(again.headers.location as string);
    const reused = await other.post('/account/sign-in/second-factor', { _csrf: csrfOf(page.body), returnTo: '/', code });
    assert.equal(reused.statusCode, 422);

    clock = new Date(clock.getTime() + 60_000);
    assert.equal((await accountForm(reader, '/account/two-step/disable', { code: totpCode(secret, clock) })).statusCode, 303);
    const plain = await new Agent(t.app, '198.51.100.32').submit('/account/sign-in', '/account/sign-in', {
      email: address,
      password: 'a long enough passphrase',
      returnTo: '/',
    });
    assert.equal(plain.headers.location, '/');
  });

  it('changes the address only once both the old and the new address confirm it', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const next = `moved${n}@example.net`;
    assert.equal((await accountForm(reader, '/account/email', { email: next })).statusCode, 303);
    const toOld = await lastMail(t, inbox, address);
    const toNew = await lastMail(t, inbox, next);
    assert.match(toOld.text, new RegExp(next.replace('.', '\\.')));
    const half = await follow(new Agent(t.app), accountLink(toNew));
    assert.equal(half.statusCode, 200);
    assert.match(half.body, /Halfway there/);
    assert.equal((await reader.me()).signedIn, true);
    assert.match((await reader.get('/account')).body, new RegExp(address.replace('.', '\\.')), 'not changed yet');
    const done = await follow(new Agent(t.app), accountLink(toOld));
    assert.match(done.body, /Address changed/);
    assert.match((await reader.get('/account')).body, new RegExp(next.replace('.', '\\.')));
    const signIn = await new Agent(t.app, '198.51.100.40').submit('/account/sign-in', '/account/sign-in', {
      email: next,
      password: 'a long enough passphrase',
      returnTo: '/',
    });
    assert.equal(signIn.statusCode, 303);
    assert.equal((await accountForm(reader, '/account/email', { email: 'not an address' })).statusCode, 422);
  });

  it('saves the profile and a resized picture, refusing what is not a picture', async () => {
    const reader = await signedInReader(t, inbox, email());
    assert.equal((await accountForm(reader, '/account/profile', { displayName: 'Ana <b>Bold</b>', bio: 'Reads the\nforeign pages first.' })).statusCode, 303);
    const page = await reader.get('/account');
    assert.match(page.body, /Ana &lt;b>Bold&lt;\/b>|Ana &lt;b&gt;Bold&lt;\/b&gt;/);
    assert.equal((await accountForm(reader, '/account/profile', { displayName: '\u200b', bio: '' })).statusCode, 422);

    const picture = await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 10, g: 120, b: 200 } } })
      .jpeg()
      .toBuffer();
    const upload = async (data: Buffer, type: string) => {
      const boundary = 'masthead-test-boundary';
      const csrf = csrfOf((await reader.get('/account')).body);
      const payload = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="avatar"; filename="../../me.jpg"\r\nContent-Type: ${type}\r\n\r\n`),
        data,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/account/avatar',
        remoteAddress: reader.ip,
        headers: { cookie: [...reader.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
    };
    const ok = await upload(picture, 'image/jpeg');
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const src = /<img class="avatar" src="([^"]+)"/.exec((await reader.get('/account')).body)![1]!;
    const served = await t.app.inject({ method: 'GET', url: src });
    assert.equal(served.statusCode, 200);
    const meta = await sharp(served.rawPayload).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['webp', 256, 256]);
    const notPicture = await upload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/svg+xml');
    assert.equal(notPicture.statusCode, 422);
    assert.match(notPicture.body, /must be a JPEG, PNG/);
    assert.equal((await accountForm(reader, '/account/avatar/remove', {})).statusCode, 303);
    assert.equal((await t.app.inject({ method: 'GET', url: src })).statusCode, 404, 'the old picture is deleted');
  });

  it('changes the password with the current one and signs out other browsers', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const other = new Agent(t.app, '198.51.100.50');
    await other.submit('/account/sign-in', '/account/sign-in', { email: address, password: 'a long enough passphrase', returnTo: '/' });
    assert.equal((await accountForm(reader, '/account/password', { current: 'not the one at all', password: 'a second passphrase' })).statusCode, 422);
    assert.equal((await accountForm(reader, '/account/password', { current: 'a long enough passphrase', password: 'a second passphrase' })).statusCode, 303);
    assert.equal((await other.me()).signedIn, false);
    assert.equal((await reader.me()).signedIn, true);
  });

  it('downloads everything held about the account as JSON, without secrets', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const download = await reader.get('/account/data');
    assert.equal(download.statusCode, 200);
    assert.match(String(download.headers['content-disposition']), /^attachment; filename="the-masthead-account-\d{4}-\d{2}-\d{2}\.json"$/);
    assert.equal(download.headers['cache-control'], 'private, no-store');
    const data = download.json();
    assert.equal(data.account.email, address);
    assert.equal(data.account.password, 'set (kept only as an argon2id hash)');
    assert.equal(data.consents[0].kind, 'community-standards');
    assert.equal(data.sessions.length, 1);
    assert.ok(!download.body.includes('$argon2id$'));
    assert.ok(!/tokenHash|token_hash/.test(download.body));
    assert.equal((await new Agent(t.app).get('/account/data')).statusCode, 303);
  });

  it('deletes an account after a grace period that signing in can cancel, keeping what others need', async () => {
    const address = email();
    const reader = await signedInReader(t, inbox, address);
    const other = new Agent(t.app, '198.51.100.60');
    await other.submit('/account/sign-in', '/account/sign-in', { email: address, password: 'a long enough passphrase', returnTo: '/' });
    assert.equal((await accountForm(reader, '/account/delete', { comments: 'keep' })).statusCode, 422, 'needs the confirmation box');
    assert.equal((await accountForm(reader, '/account/delete', { comments: 'keep', confirm: 'on' })).statusCode, 303);
    assert.equal((await other.me()).signedIn, false, 'other browsers are signed out');
    assert.match((await lastMail(t, inbox, address)).subject, /will be deleted/);
    assert.match((await reader.get('/account')).body, /Keep my account/);

    // Changed their mind: cancelled, and the erasure does not happen.
    assert.equal((await accountForm(reader, '/account/delete/cancel', {})).statusCode, 303);
    clock = new Date(clock.getTime() + 15 * 24 * 60 * 60 * 1000);
    await t.app.jobs.runDue();
    assert.equal((await reader.me()).signedIn, true);

    // Asked again and left: after 14 days the personal data is gone.
    assert.equal((await accountForm(reader, '/account/delete', { comments: 'remove', confirm: 'on' })).statusCode, 303);
    const id = (await rows<{ id: string }>(t.db.database.db, sql`select id from users where email = ${address}`))[0]!.id;
    clock = new Date(clock.getTime() + 13 * 24 * 60 * 60 * 1000);
    await t.app.jobs.runDue();
    assert.equal((await reader.me()).signedIn, true, 'not before its time');
    clock = new Date(clock.getTime() + 2 * 24 * 60 * 60 * 1000);
    await t.app.jobs.runDue();
    const [erased] = await rows<Record<string, unknown>>(
      t.db.database.db,
      sql`select email, display_name, bio, password_hash, state from users where id = ${id}`,
    );
    assert.deepEqual(erased, { email: `erased-${id}@invalid`, display_name: 'Former reader', bio: '', password_hash: null, state: 'erased' });
    for (const table of ['sessions', 'passkeys', 'consents', 'account_links']) {
      const count = (
        await rows<{ count: number }>(t.db.database.db, sql`select count(*)::int as count from ${sql.identifier(table)} where user_id = ${id}`)
      )[0]!.count;
      assert.equal(count, 0, table);
    }
    assert.equal((await reader.me()).signedIn, false);
    const signIn = await new Agent(t.app, '198.51.100.61').submit('/account/sign-in', '/account/sign-in', {
      email: address,
      password: 'a long enough passphrase',
      returnTo: '/',
    });
    assert.equal(signIn.statusCode, 422);
    // The address is free for a new account.
    const again = await signedInReader(t, inbox, address, 'a long enough passphrase', '198.51.100.62');
    assert.equal((await again.me()).signedIn, true);
  });
});
