import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { accountLink, lastMail, pathOf, signedInStaff } from '../test/support/accounts.ts';
import { Agent, csrfOf } from '../test/support/agent.ts';
import { createTestApp, PUBLIC_URL, type TestApp } from '../test/support/app.ts';
import { engine } from '../test/support/database.ts';
import { startSmtp } from '../test/support/smtp.ts';
import { hashPassword } from './accounts/credentials/passwords.ts';
import { updateUser } from './accounts/users/repository.ts';
import { createUser } from './accounts/users/service.ts';
import { setupLinkIfNeeded } from './newsroom/setup/service.ts';

const PASSWORD = 'a long enough passphrase';

/**
 * A request log is read by more people, and kept longer, than a one-time link lives: the
 * links' tokens must never reach it. Each link is obtained as its user gets it (an e-mail
 * through real SMTP, the operator's start-up notice, the admin's staff page, a receipt), opened
 * as they open it, and the real logger's output is searched for its token.
 */
describe(`request logs on ${engine}: no one-time token is written down`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const lines: string[] = [];
  /** Every token a test opened: at the end, none may be anywhere in the log. */
  const seen: string[] = [];
  let ip = 10;
  const nextIp = () => `198.51.100.${++ip}`;
  const inbox = (to: string) => smtp.for(to);

  before(async () => {
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    smtp = await startSmtp();
    t = await createTestApp({ env: { LOG_LEVEL: 'info', SMTP_URL: smtp.url, PAYMENTS_SANDBOX: '1' }, logStream: stream });
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  /** Opens `url` in `agent` and returns the answer and the log lines naming the request, after checking there are some. */
  async function open(agent: Agent, url: string) {
    const from = lines.length;
    const response = await agent.get(url);
    assert.ok(response.statusCode < 500, `${url}: ${response.statusCode}`);
    const log = lines.slice(from).filter((line) => /"req":\{/.test(line));
    assert.ok(log.length > 0, `a request log line for ${url}`);
    return { response, log: log.join('\n') };
  }

  /** Opens the one-time `link` and checks its log lines hold the page's name but not the token. */
  async function opensUnlogged(name: string, agent: Agent, link: string) {
    const token = new URL(link, PUBLIC_URL).searchParams.get('token');
    assert.ok(token && token.length >= 20, `${name}: a link with a token: ${link}`);
    seen.push(token);
    const { response, log } = await open(agent, pathOf(new URL(link, PUBLIC_URL).href));
    assert.ok(!log.includes(token), `${name}: the log holds the token:\n${log}`);
    assert.match(log, /token=\[redacted\]/, `${name}: the log says a token was there`);
    assert.ok(log.includes(`"url":"${new URL(link, PUBLIC_URL).pathname}?`), `${name}: the page is still named:\n${log}`);
    return { response, token };
  }

  it('leaves out the tokens of e-mailed links: confirmation, magic-link sign-in, password reset', async () => {
    const email = 'logged.reader@readers.example';
    const reader = new Agent(t.app, nextIp());
    const registered = await reader.submit('/account/register', '/account/register', {
      returnTo: '/',
      displayName: 'Logged Reader',
      email,
      password: PASSWORD,
      'consent.community-standards': 'on',
    });
    assert.equal(registered.statusCode, 200, registered.body.slice(0, 300));
    const confirmation = accountLink(await lastMail(t, inbox, email));
    const { response } = await opensUnlogged('e-mail confirmation', reader, confirmation);
    assert.equal(response.statusCode, 200);
    const confirmed = await reader.post('/account/confirm', { _csrf: csrfOf(response.body), token: new URL(confirmation).searchParams.get('token')! });
    assert.equal(confirmed.statusCode, 303);

    const asked = await new Agent(t.app, nextIp()).submit('/account/sign-in', '/account/sign-in/link', { email, returnTo: '/account' });
    assert.equal(asked.statusCode, 200, asked.body.slice(0, 300));
    const signInLink = accountLink(await lastMail(t, inbox, email));
    assert.equal((await opensUnlogged('magic-link sign-in', new Agent(t.app, nextIp()), signInLink)).response.statusCode, 200);

    const reset = await new Agent(t.app, nextIp()).submit('/account/reset', '/account/reset', { email });
    assert.equal(reset.statusCode, 200, reset.body.slice(0, 300));
    const resetLink = accountLink(await lastMail(t, inbox, email));
    assert.match(resetLink, /\/account\/reset\?token=/);
    assert.equal((await opensUnlogged('password reset', new Agent(t.app, nextIp()), resetLink)).response.statusCode, 200);
  });

  it("leaves out the tokens of the newsroom's links: the first admin's set-up, a staff invitation", async () => {
    // The operator's link, as the server prints it at start while the site has no admin.
    const setup = await setupLinkIfNeeded({ database: t.db.database, publicUrl: PUBLIC_URL, siteName: 'The Masthead', now: () => new Date() });
    assert.ok(setup, 'no admin yet: a set-up link');
    assert.equal((await opensUnlogged('first admin set-up', new Agent(t.app, nextIp()), setup)).response.statusCode, 200);

    const chief = await signedInStaff(t, 'admin', 'Log Chief', nextIp());
    const email = 'invited.writer@newsroom.example';
    const staffPage = await chief.agent.get('/newsroom/staff');
    assert.equal((await chief.agent.post('/newsroom/staff/invite', { _csrf: csrfOf(staffPage.body), email, role: 'writer' })).statusCode, 303);
    const invitation = (await lastMail(t, inbox, email)).links.find((l) => l.includes('/newsroom/invite?token='))!;
    assert.equal((await opensUnlogged('staff invitation', new Agent(t.app, nextIp()), invitation)).response.statusCode, 200);
  });

  it("leaves out the token of an admin's enrolment link, also in the sign-in page's returnTo when opened signed out", async () => {
    const db = t.db.database.db;
    const email = 'enrolled.writer@newsroom.example';
    const writer = await createUser(db, { email, role: 'writer', displayName: 'Enrolled Writer' });
    await updateUser(db, writer.id, { passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() }, new Date());
    const chief = await signedInStaff(t, 'admin', 'Enrolling Chief', nextIp());
    const staffPage = await chief.agent.get('/newsroom/staff');
    const issued = await chief.agent.post('/newsroom/staff/enrolment-link', { _csrf: csrfOf(staffPage.body), user: writer.id });
    assert.equal(issued.statusCode, 200, issued.body.slice(0, 400));
    const link = /<code class="secret">(https:\/\/news\.example\/account\/enrol\?token=[A-Za-z0-9_-]{43})<\/code>/.exec(issued.body)![1]!;

    // Opened signed out: the page sends the writer to sign in, and back to the link afterwards.
    const browser = new Agent(t.app, nextIp());
    const { response: redirect, token } = await opensUnlogged('enrolment link, signed out', browser, link);
    assert.equal(redirect.statusCode, 303);
    const signInPage = String(redirect.headers.location);
    assert.ok(signInPage.startsWith('/account/sign-in?returnTo='), signInPage);
    const returnTo = new URL(signInPage, PUBLIC_URL).searchParams.get('returnTo')!;
    assert.ok(returnTo.includes(token), 'the sign-in page is asked to return to the link');
    const { response: signIn, log } = await open(browser, signInPage);
    assert.equal(signIn.statusCode, 200);
    assert.ok(!log.includes(token), `the sign-in page's log line holds the enrolment token:\n${log}`);
    assert.ok(!log.includes(encodeURIComponent(token)), `...nor encoded:\n${log}`);
    assert.match(log, /"url":"\/account\/sign-in\?returnTo=%2Faccount%2Fenrol%3Ftoken%3D\[redacted\]"/, 'where the reader was going is still named');

    // Signed in, the password form returns to the link, which now opens.
    const signedIn = await browser.post('/account/sign-in', { _csrf: csrfOf(signIn.body), email, password: PASSWORD, returnTo });
    assert.equal(signedIn.statusCode, 303, signedIn.body.slice(0, 300));
    assert.equal(signedIn.headers.location, returnTo);
    assert.equal((await opensUnlogged('enrolment link, signed in', browser, returnTo)).response.statusCode, 200);
  });

  it("leaves out the token of a donor's link from a receipt", async () => {
    const email = 'logged.donor@readers.example';
    const donor = new Agent(t.app, nextIp());
    const form = await donor.get('/support');
    const started = await donor.post('/support', { _csrf: csrfOf(form.body), amount: '12', currency: 'EUR', frequency: 'monthly', email });
    assert.equal(started.statusCode, 303, started.body.slice(0, 300));
    const checkout = await donor.get(String(started.headers.location));
    assert.equal((await donor.post(`${started.headers.location}/pay`, { _csrf: csrfOf(checkout.body) })).statusCode, 303);
    const receipt = await lastMail(t, inbox, email);
    const manage = receipt.links.find((l) => l.includes('/support/contribution?token='));
    assert.ok(manage, `the receipt carries the donor's link:\n${receipt.text}`);
    assert.equal((await opensUnlogged("donor's link", new Agent(t.app, nextIp()), manage)).response.statusCode, 200);
  });

  it('still names ordinary addresses in full, and no token opened above is anywhere in the log', async () => {
    const { log } = await open(new Agent(t.app, nextIp()), '/search?q=harbour+ferries&page=2');
    assert.match(log, /"url":"\/search\?q=harbour\+ferries&page=2"/);
    assert.ok(seen.length >= 8, `every page above was opened (${seen.length})`);
    const all = lines.join('\n');
    for (const token of seen) assert.ok(!all.includes(token), `a token reached the log: ${token}`);
  });
});
