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
import { hashToken } from './credentials/tokens.ts';
import { newTotpSecret, totpCode } from './credentials/totp.ts';
import type { AccountsDeps } from './flows/deps.ts';
import { enableApp } from './factors/service.ts';
import { useTotp } from './profile/service.ts';
import { startSession } from './sessions/service.ts';
import { updateUser } from './users/repository.ts';
import { createUser } from './users/service.ts';

const PASSWORD = 'the desk passphrase';
const ORIGIN = 'https://news.example';

/**
 * Second factors under concurrency (two tabs, or an attacker racing the owner) and the way out
 * for a member of staff whose only factor cannot sign them in strongly.
 */
describe(`second factors on ${engine}: races, spent codes and locked-out staff`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let clock = new Date(Math.ceil(Date.now() / 60_000) * 60_000);
  let n = 0;
  let ip = 10;
  const nextIp = () => `198.51.100.${++ip}`;
  const later = () => (clock = new Date(clock.getTime() + 60_000));

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url }, now: () => clock });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  async function account(role: 'reader' | 'editor' | 'writer') {
    const email = `race-${role}${++n}@newsroom.example`;
    const user = await createUser(t.db.database.db, { email, role, displayName: `${role} ${n}` });
    await updateUser(t.db.database.db, user.id, { passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: clock }, clock);
    return { id: user.id, email };
  }

  async function browserWith(user: { id: string; role: 'reader' | 'editor' }, strong: boolean) {
    const at = nextIp();
    const session = await startSession(t.db.database.db, user, strong ? 'passkey' : 'password', { userAgent: 'test', ip: at }, clock, true, strong);
    const agent = new Agent(t.app, at);
    agent.cookies.set(t.app.cookieNames.session, session.token);
    return agent;
  }

  /** The set-up form as a tab shows it: a fresh secret, and what to send to use it. */
  async function appForm(agent: Agent) {
    const setup = await agent.get('/account/two-step');
    assert.equal(setup.statusCode, 200, setup.body.slice(0, 300));
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup.body)![1]!;
    return {
      secret,
      send: (current?: string, code = totpCode(secret, clock)) =>
        agent.post('/account/two-step', { _csrf: csrfOf(setup.body), secret, code, ...(current ? { current } : {}) }),
    };
  }

  const appSecret = async (userId: string) =>
    (await rows<{ totp_secret: string | null }>(t.db.database.db, sql`select totp_secret from users where id = ${userId}`))[0]!.totp_secret;
  const succeeded = (answers: { statusCode: number }[]) => answers.filter((a) => a.statusCode === 303).length;

  it('tabs setting up an app at once: one wins, the others are refused and change nothing', async () => {
    const reader = await account('reader');
    const browser = await browserWith({ id: reader.id, role: 'reader' }, true);
    const tabs = [await appForm(browser), await appForm(browser), await appForm(browser)];
    const answers = await Promise.all(tabs.map((tab) => tab.send()));
    assert.equal(succeeded(answers), 1, answers.map((a) => a.statusCode).join(', '));
    for (const answer of answers.filter((a) => a.statusCode !== 303)) assert.equal(answer.statusCode, 422);
    const winner = tabs[answers.findIndex((a) => a.statusCode === 303)]!;
    assert.equal(await appSecret(reader.id), winner.secret, "the winner's secret is the one stored");
  });

  it('two set-ups reaching the service at the same moment: the second never overwrites the first', async () => {
    // Through HTTP the second request usually arrives after the first committed; here both
    // read the account before either writes, which is the race an attacker would aim for. The
    // first two transactions wait for each other, so both set-ups have read the account (they
    // read it before writing anything) whatever the machine's scheduling.
    const waiting: (() => void)[] = [];
    const bothArrived = () =>
      new Promise<void>((go) => {
        waiting.push(go);
        if (waiting.length === 2) for (const release of waiting) release();
        else if (waiting.length > 2) go();
      });
    const real = t.db.database;
    const database: typeof real = Object.assign(Object.create(real) as typeof real, {
      transaction: async <T>(work: Parameters<typeof real.transaction<T>>[0]) => {
        await bothArrived();
        return real.transaction(work);
      },
    });
    const deps: AccountsDeps = { database, publicUrl: ORIGIN, siteName: 'Race Desk', now: () => clock };
    const reader = await account('reader');
    const session = await startSession(t.db.database.db, { id: reader.id, role: 'reader' }, 'passkey', { userAgent: 'test', ip: nextIp() }, clock, true, true);
    const caller = { userId: reader.id, tokenHash: hashToken(session.token) };
    const secrets = [newTotpSecret(), newTotpSecret()];
    const outcomes = await Promise.allSettled(secrets.map((secret) => enableApp(deps, caller, { secret, code: totpCode(secret, clock), current: undefined })));
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, outcomes.map((o) => o.status).join(', '));
    const refused = outcomes.find((o) => o.status === 'rejected')!;
    assert.equal((refused.reason as { code?: string }).code, 'conflict');
    assert.equal(await appSecret(reader.id), secrets[outcomes.findIndex((o) => o.status === 'fulfilled')]);
  });

  it('one code checked twice at the same moment is accepted once', async () => {
    const deps: AccountsDeps = { database: t.db.database, publicUrl: ORIGIN, siteName: 'Race Desk', now: () => clock };
    const reader = await account('reader');
    const secret = newTotpSecret();
    await updateUser(t.db.database.db, reader.id, { totpSecret: secret }, clock);
    const code = totpCode(secret, clock);
    const outcomes = await Promise.allSettled([useTotp(deps, reader.id, code), useTotp(deps, reader.id, code)]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, outcomes.map((o) => o.status).join(', '));
  });

  it('two replacements with the same current code: exactly one goes through', async () => {
    const reader = await account('reader');
    const browser = await browserWith({ id: reader.id, role: 'reader' }, true);
    const original = await appForm(browser);
    assert.equal((await original.send()).statusCode, 303);
    later();
    const current = totpCode(original.secret, clock);
    const [first, second] = [await appForm(browser), await appForm(browser)];
    const answers = await Promise.all([first.send(current), second.send(current)]);
    assert.equal(succeeded(answers), 1, answers.map((a) => a.statusCode).join(', '));
    const winner = answers[0]!.statusCode === 303 ? first : second;
    assert.equal(await appSecret(reader.id), winner.secret);
  });

  it('a replacement refused for a mistyped new code does not spend the current code', async () => {
    const reader = await account('reader');
    const browser = await browserWith({ id: reader.id, role: 'reader' }, true);
    const original = await appForm(browser);
    assert.equal((await original.send()).statusCode, 303);
    later();
    const current = totpCode(original.secret, clock);
    const replacement = await appForm(browser);
    assert.equal((await replacement.send(current, '000000')).statusCode, 422);
    assert.equal(await appSecret(reader.id), original.secret);
    const again = await appForm(browser);
    const answer = await again.send(current);
    assert.equal(answer.statusCode, 303, 'the same current code still works once the new one is typed right');
    assert.equal(await appSecret(reader.id), again.secret);
  });

  it('one code, two sign-ins at once: only one of them is let in', async () => {
    const reader = await account('reader');
    const owner = await browserWith({ id: reader.id, role: 'reader' }, true);
    const app = await appForm(owner);
    assert.equal((await app.send()).statusCode, 303);
    later();
    const browsers = [new Agent(t.app, nextIp()), new Agent(t.app, nextIp())];
    for (const browser of browsers) {
      const answer = await browser.submit('/account/sign-in', '/account/sign-in', { email: reader.email, password: PASSWORD, returnTo: '/' });
      assert.match(String(answer.headers.location), /second-factor/);
    }
    const forms = await Promise.all(browsers.map((b) => b.get('/account/sign-in/second-factor?returnTo=%2F')));
    const code = totpCode(app.secret, clock);
    const answers = await Promise.all(browsers.map((b, i) => b.post('/account/sign-in/second-factor', { _csrf: csrfOf(forms[i]!.body), code, returnTo: '/' })));
    assert.equal(succeeded(answers), 1, answers.map((a) => a.statusCode).join(', '));
    const signedIn = await Promise.all(browsers.map(async (b) => (await b.me()).signedIn));
    assert.equal(signedIn.filter(Boolean).length, 1);
  });

  it("a promoted reader whose only passkey skips user verification gets back into the newsroom through an admin's enrolment link", async () => {
    const member = await account('reader');
    const readerBrowser = await browserWith({ id: member.id, role: 'reader' }, true);
    const presenceOnly = new SoftAuthenticator(ORIGIN, 'news.example', false);
    const { csrfToken } = await readerBrowser.me();
    const options = await readerBrowser.postJson('/api/account/passkeys/options', {}, csrfToken);
    assert.equal(
      (await readerBrowser.postJson('/api/account/passkeys', { name: 'Old key', response: presenceOnly.register(options.json()) }, csrfToken)).statusCode,
      201,
    );
    await updateUser(t.db.database.db, member.id, { role: 'editor' }, clock);

    // Signed in with that key: a weak session, which can neither reach the newsroom nor add a factor.
    const weak = new Agent(t.app, nextIp());
    const signInCsrf = (await weak.me()).csrfToken;
    const challenge = await weak.postJson('/api/account/passkey-sign-in/options', {}, signInCsrf);
    assert.equal(
      (await weak.postJson('/api/account/passkey-sign-in', { response: presenceOnly.authenticate(challenge.json()), returnTo: '/' }, signInCsrf)).statusCode,
      200,
    );
    assert.equal((await weak.get('/newsroom')).statusCode, 303);
    assert.equal((await (await appForm(weak)).send()).statusCode, 403);

    // An admin makes an enrolment link; the member is told by e-mail, whoever made it.
    const chief = await signedInStaff(t, 'admin', `Race Chief ${++n}`, nextIp(), clock);
    const issued = await chief.agent.post('/newsroom/staff/enrolment-link', {
      _csrf: csrfOf((await chief.agent.get('/newsroom/staff')).body),
      user: member.id,
    });
    assert.equal(issued.statusCode, 200, issued.body.slice(0, 300));
    const link = new URL(/<code class="secret">([^<]+)<\/code>/.exec(issued.body)![1]!);
    const told = await lastMail(t, (to) => smtp.for(to), member.email);
    assert.match(told.subject, /enrolment link/i);
    assert.match(told.text, new RegExp(`Race Chief ${n}`));
    assert.doesNotMatch(told.text, new RegExp(link.searchParams.get('token')!), 'the link itself goes only to the admin');

    const open = await weak.get(link.pathname + link.search);
    assert.equal(open.statusCode, 200);
    assert.equal((await weak.post('/account/enrol', { _csrf: csrfOf(open.body), token: link.searchParams.get('token')! })).statusCode, 303);
    // The link adds a factor; it never removes one.
    const [oldKey] = await rows<{ id: string }>(t.db.database.db, sql`select id from passkeys where user_id = ${member.id}`);
    const removal = await weak.post('/account/passkeys/remove', { _csrf: csrfOf((await weak.get('/account')).body), id: oldKey!.id });
    assert.equal(removal.statusCode, 403);
    const added = await (await appForm(weak)).send();
    assert.equal(added.statusCode, 303, added.body.slice(0, 400));
    assert.equal((await weak.get('/newsroom')).statusCode, 200);
  });

  it('the enrolment link also lets a locked-out member add a passkey that verifies its user', async () => {
    const member = await account('reader');
    const readerBrowser = await browserWith({ id: member.id, role: 'reader' }, true);
    const { csrfToken } = await readerBrowser.me();
    const options = await readerBrowser.postJson('/api/account/passkeys/options', {}, csrfToken);
    const presenceOnly = new SoftAuthenticator(ORIGIN, 'news.example', false);
    assert.equal(
      (await readerBrowser.postJson('/api/account/passkeys', { name: 'Old key', response: presenceOnly.register(options.json()) }, csrfToken)).statusCode,
      201,
    );
    await updateUser(t.db.database.db, member.id, { role: 'editor' }, clock);
    const weak = await browserWith({ id: member.id, role: 'editor' }, false);

    const chief = await signedInStaff(t, 'admin', `Key Chief ${++n}`, nextIp(), clock);
    const issued = await chief.agent.post('/newsroom/staff/enrolment-link', {
      _csrf: csrfOf((await chief.agent.get('/newsroom/staff')).body),
      user: member.id,
    });
    const link = new URL(/<code class="secret">([^<]+)<\/code>/.exec(issued.body)![1]!);
    const open = await weak.get(link.pathname + link.search);
    assert.equal((await weak.post('/account/enrol', { _csrf: csrfOf(open.body), token: link.searchParams.get('token')! })).statusCode, 303);

    const verifying = new SoftAuthenticator(ORIGIN);
    const weakCsrf = (await weak.me()).csrfToken;
    const newOptions = await weak.postJson('/api/account/passkeys/options', {}, weakCsrf);
    assert.equal(newOptions.statusCode, 200, newOptions.body);
    const added = await weak.postJson('/api/account/passkeys', { name: 'New key', response: verifying.register(newOptions.json()) }, weakCsrf);
    assert.equal(added.statusCode, 201, added.body);
    assert.equal((await weak.get('/newsroom')).statusCode, 200);
  });
});
