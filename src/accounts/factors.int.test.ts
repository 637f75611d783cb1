import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../test/support/app.ts';
import { lastMail, signedInStaff } from '../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../test/support/agent.ts';
import { SoftAuthenticator } from '../../test/support/authenticator.ts';
import { engine } from '../../test/support/database.ts';
import { startSmtp } from '../../test/support/smtp.ts';
import { rows } from '../platform/db/database.ts';
import { hashPassword } from './credentials/passwords.ts';
import { totpCode } from './credentials/totp.ts';
import { startSession } from './sessions/service.ts';
import { findUserByEmailKey, updateUser } from './users/repository.ts';
import { createUser } from './users/service.ts';

type Smtp = Awaited<ReturnType<typeof startSmtp>>;
const PASSWORD = 'the desk passphrase';
const ORIGIN = 'https://news.example';

describe(`second factors on ${engine}: who may add, replace or remove one`, () => {
  let t: TestApp;
  let smtp: Smtp;
  // Moved forward by the tests; starts at the real time so the database's timed jobs agree with it.
  let clock = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  let n = 0;
  let ip = 10;
  const inbox = (to: string) => smtp.for(to);
  const nextIp = () => `198.51.100.${++ip}`;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, now: () => clock });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  /** An account with a password, made as the CLI or an invitation would, signed in nowhere yet. */
  async function account(role: 'reader' | 'editor' | 'writer', label = role) {
    const email = `${label}${++n}@newsroom.example`;
    const user = await createUser(t.db.database.db, { email, role, displayName: `${label} ${n}` });
    await updateUser(t.db.database.db, user.id, { passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: clock }, clock);
    return { id: user.id, email };
  }

  /** A browser holding a session made directly: `strong` as after a passkey sign-in. */
  async function browserWith(user: { id: string; role: 'reader' | 'editor' | 'writer' | 'admin' }, strong: boolean) {
    const at = nextIp();
    const session = await startSession(t.db.database.db, user, strong ? 'passkey' : 'password', { userAgent: 'test', ip: at }, clock, true, strong);
    const agent = new Agent(t.app, at);
    agent.cookies.set(t.app.cookieNames.session, session.token);
    return agent;
  }

  async function passwordSignIn(email: string) {
    const agent = new Agent(t.app, nextIp());
    const answer = await agent.submit('/account/sign-in', '/account/sign-in', { email, password: PASSWORD, returnTo: '/' });
    assert.equal(answer.statusCode, 303, answer.body.slice(0, 300));
    return agent;
  }

  async function addPasskey(agent: Agent, key: SoftAuthenticator, name = 'Laptop') {
    const { csrfToken } = await agent.me();
    const options = await agent.postJson('/api/account/passkeys/options', {}, csrfToken);
    if (options.statusCode !== 200) return options;
    return agent.postJson('/api/account/passkeys', { name, response: key.register(options.json()) }, csrfToken);
  }

  async function passkeySignIn(key: SoftAuthenticator) {
    const agent = new Agent(t.app, nextIp());
    const { csrfToken } = await agent.me();
    const options = await agent.postJson('/api/account/passkey-sign-in/options', {}, csrfToken);
    const answer = await agent.postJson('/api/account/passkey-sign-in', { response: key.authenticate(options.json()), returnTo: '/' }, csrfToken);
    assert.equal(answer.statusCode, 200, answer.body);
    return agent;
  }

  /** Opens the authenticator-app set-up and answers with the app's code (plus the current one when given). */
  async function addApp(agent: Agent, current?: string) {
    const setup = await agent.get('/account/two-step');
    if (setup.statusCode !== 200) return { answer: setup, secret: '' };
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup.body)![1]!;
    const answer = await agent.post('/account/two-step', { _csrf: csrfOf(setup.body), secret, code: totpCode(secret, clock), ...(current ? { current } : {}) });
    return { answer, secret };
  }

  const passkeyIds = async (userId: string) =>
    (await rows<{ id: string }>(t.db.database.db, sql`select id from passkeys where user_id = ${userId}`)).map((r) => r.id);
  const appSecret = async (userId: string) =>
    (await rows<{ totp_secret: string | null }>(t.db.database.db, sql`select totp_secret from users where id = ${userId}`))[0]!.totp_secret;
  const accountForm = async (agent: Agent, action: string, form: Record<string, string>) =>
    agent.post(action, { _csrf: csrfOf((await agent.get('/account')).body), ...form });

  it('a password alone cannot take over a staff account whose only second factor is a passkey', async () => {
    const editor = await account('editor');
    const key = new SoftAuthenticator(ORIGIN);
    const owner = await browserWith({ id: editor.id, role: 'editor' }, true);
    assert.equal((await addPasskey(owner, key)).statusCode, 201);
    const [ownerKey] = await passkeyIds(editor.id);

    // Someone who has only the password: signed in, but not strongly, so no newsroom.
    const thief = await passwordSignIn(editor.email);
    assert.equal((await thief.get('/newsroom')).headers.location, '/account/sign-in?returnTo=%2Fnewsroom&why=second-factor');

    const app = await addApp(thief);
    assert.equal(app.answer.statusCode, 403, 'no authenticator app of their own');
    assert.match(app.answer.body, /sign in again with (your|a) passkey/i);
    assert.equal(await appSecret(editor.id), null);

    const theirKey = new SoftAuthenticator(ORIGIN);
    const added = await addPasskey(thief, theirKey);
    assert.equal(added.statusCode, 403, 'no passkey of their own');
    assert.deepEqual(await passkeyIds(editor.id), [ownerKey]);

    const removed = await accountForm(thief, '/account/passkeys/remove', { id: ownerKey! });
    assert.equal(removed.statusCode, 403, "the owner's passkey stays");
    assert.deepEqual(await passkeyIds(editor.id), [ownerKey]);

    // Still no way into the newsroom for the thief (pages, the editor's API, alerts); the owner's passkey still works.
    assert.equal((await thief.get('/newsroom')).statusCode, 303);
    const { csrfToken } = await thief.me();
    for (const [method, url] of [
      ['GET', '/newsroom/api/articles'],
      ['POST', '/newsroom/api/alerts'],
    ] as const) {
      const answer = await thief.json(method, url, method === 'POST' ? { articleId: 'x', audience: { kind: 'all' } } : undefined, csrfToken);
      assert.equal(answer.statusCode, 403, url);
      assert.match(answer.body, /second sign-in step/, url);
    }
    assert.equal((await (await passkeySignIn(key)).get('/newsroom')).statusCode, 200);
  });

  it('lets a strong session change factors, e-mails the owner each time and signs out the other browsers', async () => {
    const reader = await account('reader');
    const strong = await browserWith({ id: reader.id, role: 'reader' }, true);
    const elsewhere = await passwordSignIn(reader.email);
    const key = new SoftAuthenticator(ORIGIN);
    assert.equal((await addPasskey(strong, key)).statusCode, 201);
    assert.match((await lastMail(t, inbox, reader.email)).subject, /A passkey was added/);
    assert.equal((await elsewhere.me()).signedIn, false, 'other browsers signed out');
    assert.equal((await strong.me()).signedIn, true);

    const again = await passwordSignIn(reader.email);
    const { answer, secret } = await addApp(strong);
    assert.equal(answer.statusCode, 303, answer.body.slice(0, 400));
    assert.match((await lastMail(t, inbox, reader.email)).subject, /An authenticator app was set up/);
    assert.equal((await again.me()).signedIn, false);

    // Replacing the app needs its current code, even in a strong session.
    clock = new Date(clock.getTime() + 60_000);
    const replaced = await addApp(strong);
    assert.equal(replaced.answer.statusCode, 422);
    assert.match(replaced.answer.body, /current code/);
    assert.equal(await appSecret(reader.id), secret, 'not overwritten');
    const wrongCurrent = await addApp(strong, '000000');
    assert.equal(wrongCurrent.answer.statusCode, 422);
    const right = await addApp(strong, totpCode(secret, clock));
    assert.equal(right.answer.statusCode, 303, right.answer.body.slice(0, 400));
    assert.equal(await appSecret(reader.id), right.secret);
    assert.match((await lastMail(t, inbox, reader.email)).subject, /authenticator app was replaced/);

    const id = (await passkeyIds(reader.id))[0]!;
    const third = await browserWith({ id: reader.id, role: 'reader' }, false);
    assert.equal((await accountForm(strong, '/account/passkeys/remove', { id })).statusCode, 303);
    assert.match((await lastMail(t, inbox, reader.email)).subject, /A passkey was removed/);
    assert.equal((await third.me()).signedIn, false);

    clock = new Date(clock.getTime() + 60_000);
    assert.equal((await accountForm(strong, '/account/two-step/disable', { code: totpCode(right.secret, clock) })).statusCode, 303);
    assert.match((await lastMail(t, inbox, reader.email)).subject, /authenticator app was turned off/);
  });

  it('a weak session of an account with a factor may remove the app only with its code', async () => {
    const reader = await account('reader');
    const strong = await browserWith({ id: reader.id, role: 'reader' }, true);
    const { secret } = await addApp(strong);
    assert.ok(secret);
    const weak = await browserWith({ id: reader.id, role: 'reader' }, false);
    clock = new Date(clock.getTime() + 60_000);
    assert.equal((await accountForm(weak, '/account/two-step/disable', { code: '' })).statusCode, 422);
    assert.equal(await appSecret(reader.id), secret);
    assert.equal((await accountForm(weak, '/account/two-step/disable', { code: totpCode(secret, clock) })).statusCode, 303);
    assert.equal(await appSecret(reader.id), null);
  });

  it("sets up a staff account's first factor only through its invitation or an admin's enrolment link", async () => {
    const writer = await account('writer');
    const weak = await passwordSignIn(writer.email);
    assert.equal((await weak.get('/newsroom')).headers.location, '/account?done=staff-second-factor#two-step');
    const refused = await addApp(weak);
    assert.equal(refused.answer.statusCode, 403);
    assert.match(refused.answer.body, /enrolment link/);
    assert.equal((await addPasskey(weak, new SoftAuthenticator(ORIGIN))).statusCode, 403);
    assert.equal(await appSecret(writer.id), null);

    // An admin issues a single-use link, shown once, and the audit log says so.
    const chief = await signedInStaff(t, 'admin', `Chief ${++n}`, nextIp(), clock);
    const staffPage = await chief.agent.get('/newsroom/staff');
    assert.equal(staffPage.statusCode, 200);
    const issued = await chief.agent.post('/newsroom/staff/enrolment-link', { _csrf: csrfOf(staffPage.body), user: writer.id });
    assert.equal(issued.statusCode, 200, issued.body.slice(0, 400));
    const link = new URL(/<code class="secret">(https:\/\/news\.example\/account\/enrol\?token=[A-Za-z0-9_-]{43})<\/code>/.exec(issued.body)![1]!);
    assert.doesNotMatch((await chief.agent.get('/newsroom/staff')).body, new RegExp(link.searchParams.get('token')!), 'shown once');
    assert.match((await chief.agent.get('/newsroom/audit')).body, /staff\.enrolment-link/);
    const notStaff = await chief.agent.post('/newsroom/staff/enrolment-link', { _csrf: csrfOf(staffPage.body), user: '00000000-0000-4000-8000-000000000000' });
    assert.equal(notStaff.statusCode, 422);

    // Someone else's account cannot use it.
    const other = await account('editor');
    const stranger = await passwordSignIn(other.email);
    const foreign = await stranger.get(link.pathname + link.search);
    assert.equal(foreign.statusCode, 403);

    // The writer opens it while signed in, and may now add a first passkey, which makes the session strong.
    const open = await weak.get(link.pathname + link.search);
    assert.equal(open.statusCode, 200);
    const used = await weak.post('/account/enrol', { _csrf: csrfOf(open.body), token: link.searchParams.get('token')! });
    assert.equal(used.statusCode, 303);
    assert.equal((await weak.get(link.pathname + link.search)).statusCode, 410, 'single use');
    const key = new SoftAuthenticator(ORIGIN);
    const added = await addPasskey(weak, key);
    assert.equal(added.statusCode, 201, added.body);
    assert.equal((await weak.get('/newsroom')).statusCode, 200);
    assert.match((await lastMail(t, inbox, writer.email)).subject, /A passkey was added/);

    // An expired link is no use.
    const late = await account('writer');
    const again = await chief.agent.post('/newsroom/staff/enrolment-link', { _csrf: csrfOf((await chief.agent.get('/newsroom/staff')).body), user: late.id });
    const lateLink = new URL(/<code class="secret">([^<]+)<\/code>/.exec(again.body)![1]!);
    clock = new Date(clock.getTime() + 25 * 60 * 60 * 1000);
    const lateBrowser = await passwordSignIn(late.email);
    assert.equal((await lateBrowser.get(lateLink.pathname + lateLink.search)).statusCode, 410);
    assert.equal((await addApp(lateBrowser)).answer.statusCode, 403);
  });

  it('an invitation lets the new member set up their first factor', async () => {
    const chief = await signedInStaff(t, 'admin', `Chief ${++n}`, nextIp(), clock);
    const email = `invited${++n}@example.org`;
    const staffPage = await chief.agent.get('/newsroom/staff');
    assert.equal((await chief.agent.post('/newsroom/staff/invite', { _csrf: csrfOf(staffPage.body), email, role: 'writer' })).statusCode, 303);
    const link = new URL((await lastMail(t, inbox, email)).links.find((l) => l.includes('/newsroom/invite?token='))!);
    const writer = new Agent(t.app, nextIp());
    const invite = await writer.get(link.pathname + link.search);
    const joined = await writer.post('/newsroom/invite', {
      _csrf: csrfOf(invite.body),
      token: link.searchParams.get('token')!,
      displayName: 'Wren Writer',
      password: PASSWORD,
    });
    assert.equal(joined.statusCode, 303);
    const { answer } = await addApp(writer);
    assert.equal(answer.statusCode, 303, answer.body.slice(0, 400));
    assert.equal((await writer.get('/newsroom')).statusCode, 200);

    // A later password-only session of that account cannot add another factor.
    const user = (await findUserByEmailKey(t.db.database.db, email))!;
    const weak = await browserWith({ id: user.id, role: 'writer' }, false);
    assert.equal((await addPasskey(weak, new SoftAuthenticator(ORIGIN))).statusCode, 403);
  });

  it('counts a staff passkey as strong only when it verified its user', async () => {
    const editor = await account('editor');
    const owner = await browserWith({ id: editor.id, role: 'editor' }, true);
    const presenceOnly = new SoftAuthenticator(ORIGIN, 'news.example', false);
    const refused = await addPasskey(owner, presenceOnly);
    assert.equal(refused.statusCode, 422, 'a staff passkey must verify its user');
    const options = await owner.postJson('/api/account/passkeys/options', {}, (await owner.me()).csrfToken);
    assert.equal(options.json().authenticatorSelection.userVerification, 'required');

    // A passkey registered while a reader, used without verification after promotion: not strong.
    const reader = await account('reader');
    const readerBrowser = await browserWith({ id: reader.id, role: 'reader' }, true);
    const readerKey = new SoftAuthenticator(ORIGIN, 'news.example', false);
    assert.equal((await addPasskey(readerBrowser, readerKey)).statusCode, 201, 'readers may use presence-only keys');
    await updateUser(t.db.database.db, reader.id, { role: 'editor' }, clock);
    const promoted = await passkeySignIn(readerKey);
    assert.equal((await promoted.me()).signedIn, true);
    assert.equal((await promoted.get('/newsroom')).headers.location, '/account/sign-in?returnTo=%2Fnewsroom&why=second-factor');
  });
});
