import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../../test/support/app.ts';
import { accountLink, follow, lastMail, signedInReader } from '../../../test/support/accounts.ts';
import { Agent, csrfOf } from '../../../test/support/agent.ts';
import { SoftAuthenticator } from '../../../test/support/authenticator.ts';
import { engine } from '../../../test/support/database.ts';
import { startSmtp } from '../../../test/support/smtp.ts';
import { totpCode } from '../../accounts/credentials/totp.ts';
import { createUser } from '../../accounts/users/service.ts';
import { setupLinkIfNeeded } from '../setup/service.ts';

describe(`newsroom access on ${engine}: the first admin, staff roles, the second-factor rule`, () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const inbox = (to: string) => smtp.for(to);
  const deps = () => ({ database: t.db.database, publicUrl: 'https://news.example', siteName: 'The Masthead', now: () => new Date() });
  let admin: Agent;

  before(async () => {
    smtp = await startSmtp();
    t = await createTestApp({ env: { SMTP_URL: smtp.url } });
    await seedBasics(t);
    await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'A draft about <b>bridges</b>' }));
  });
  after(async () => {
    await t.close();
    await smtp.stop();
  });

  /** A staff member made by the CLI, signed in by an e-mailed link. */
  async function staff(email: string, role: 'contributor' | 'writer' | 'editor' | 'admin' | 'reader', ip: string) {
    await createUser(t.db.database.db, { email, role, displayName: `A ${role}` });
    const agent = new Agent(t.app, ip);
    await agent.submit('/account/sign-in', '/account/sign-in/link', { email, returnTo: '/newsroom' });
    const done = await follow(agent, accountLink(await lastMail(t, inbox, email)));
    assert.equal(done.statusCode, 303);
    return agent;
  }

  it('prints a one-time link that creates the first admin, who must then add a second factor', async () => {
    const link = (await setupLinkIfNeeded(deps()))!;
    assert.match(link, /^https:\/\/news\.example\/newsroom\/setup\?token=[A-Za-z0-9_-]{43}$/);
    admin = new Agent(t.app, '203.0.113.50');
    const url = new URL(link);
    const form = await admin.get(url.pathname + url.search);
    assert.equal(form.statusCode, 200);
    const weak = await admin.post('/newsroom/setup', {
      _csrf: csrfOf(form.body),
      token: url.searchParams.get('token')!,
      email: 'chief@example.org',
      displayName: 'Chief',
      password: 'short',
    });
    assert.equal(weak.statusCode, 422);
    const made = await admin.post('/newsroom/setup', {
      _csrf: csrfOf(weak.body),
      token: url.searchParams.get('token')!,
      email: 'chief@example.org',
      displayName: 'Chief',
      password: 'the newsroom passphrase',
    });
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, '/newsroom');
    assert.equal((await admin.me()).user!.role, 'admin');

    // Used up, and no new link while an admin exists.
    assert.equal((await new Agent(t.app).get(url.pathname + url.search)).statusCode, 410);
    assert.equal(await setupLinkIfNeeded(deps()), null);

    // The rule is on by default: set up a second factor first.
    const gate = await admin.get('/newsroom');
    assert.equal(gate.statusCode, 303);
    assert.equal(gate.headers.location, '/account?done=staff-second-factor#two-step');
    assert.match((await admin.get('/account?done=staff-second-factor')).body, /The newsroom needs a second factor/);
    const setup = await admin.get('/account/two-step');
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup.body)![1]!;
    assert.equal((await admin.post('/account/two-step', { _csrf: csrfOf(setup.body), secret, code: totpCode(secret, new Date()) })).statusCode, 303);
    const home = await admin.get('/newsroom');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /A draft about &lt;b>bridges&lt;\/b>|A draft about &lt;b&gt;bridges&lt;\/b&gt;/);
    assert.match(home.body, /href="\/newsroom\/settings"/);
  });

  it('keeps readers and moderators out, and staff without a second factor until an admin lifts the rule', async () => {
    const reader = await signedInReader(t, inbox, 'just.reading@example.org', 'a long enough passphrase', '203.0.113.60');
    assert.equal((await reader.get('/newsroom')).statusCode, 403);
    const contributor = await staff('contrib@example.org', 'contributor', '203.0.113.61');
    assert.equal((await contributor.get('/newsroom')).headers.location, '/account?done=staff-second-factor#two-step');
    assert.equal((await contributor.get('/newsroom/settings')).statusCode, 403, 'settings are for admins');

    const settings = await admin.get('/newsroom/settings');
    assert.equal(settings.statusCode, 200);
    assert.equal((await admin.post('/newsroom/settings', { _csrf: csrfOf(settings.body) })).statusCode, 303);
    assert.equal((await contributor.get('/newsroom')).statusCode, 200);
    assert.equal((await reader.get('/newsroom')).statusCode, 403);
    const again = await admin.get('/newsroom/settings');
    assert.equal((await admin.post('/newsroom/settings', { _csrf: csrfOf(again.body), staffSecondFactor: 'on' })).statusCode, 303);
    assert.equal((await contributor.get('/newsroom')).statusCode, 303);
    assert.equal((await admin.post('/newsroom/settings', { _csrf: csrfOf(again.body), staffSecondFactor: 'yes please' })).statusCode, 400);
  });

  it('asks staff who have a passkey to sign in with it, not with a password alone', async () => {
    const editor = await staff('editor@example.org', 'editor', '203.0.113.70');
    // Signed in by e-mailed link alone, a staff account cannot set up its first factor...
    const key = new SoftAuthenticator('https://news.example');
    assert.equal((await editor.postJson('/api/account/passkeys/options', {}, (await editor.me()).csrfToken)).statusCode, 403);
    // ...until it opens the enrolment link an admin made for it.
    const editorId = (await editor.me()).user!.id;
    const issued = await admin.post('/newsroom/staff/enrolment-link', { _csrf: csrfOf((await admin.get('/newsroom/staff')).body), user: editorId });
    const enrol = new URL(/<code class="secret">([^<]+)<\/code>/.exec(issued.body)![1]!);
    const open = await editor.get(enrol.pathname + enrol.search);
    assert.equal(
      (await editor.post('/account/enrol', { _csrf: csrfOf(open.body), token: enrol.searchParams.get('token')! })).headers.location,
      '/account?done=enrolment-open#two-step',
    );
    // First passkey, added from a session that had no second factor: that session becomes strong.
    const options = await editor.postJson('/api/account/passkeys/options', {}, (await editor.me()).csrfToken);
    assert.equal(
      (await editor.postJson('/api/account/passkeys', { name: 'Laptop', response: key.register(options.json()) }, (await editor.me()).csrfToken)).statusCode,
      201,
    );
    assert.equal((await editor.get('/newsroom')).statusCode, 200);

    // A new browser signed in by e-mailed link only: sent to sign in with the passkey.
    const other = new Agent(t.app, '203.0.113.71');
    await other.submit('/account/sign-in', '/account/sign-in/link', { email: 'editor@example.org', returnTo: '/newsroom' });
    await follow(other, accountLink(await lastMail(t, inbox, 'editor@example.org')));
    const gate = await other.get('/newsroom');
    assert.equal(gate.headers.location, '/account/sign-in?returnTo=%2Fnewsroom&why=second-factor');
    assert.match((await other.get(gate.headers.location as string)).body, /The newsroom asks for a second factor/);
    const { csrfToken } = await other.me();
    const challenge = await other.postJson('/api/account/passkey-sign-in/options', {}, csrfToken);
    assert.equal(
      (await other.postJson('/api/account/passkey-sign-in', { response: key.authenticate(challenge.json()), returnTo: '/newsroom' }, csrfToken)).statusCode,
      200,
    );
    assert.equal((await other.get('/newsroom')).statusCode, 200);
  });

  it('invites staff by e-mail, to a new or an existing account, and changes roles but never removes the last admin', async () => {
    const staffPage = await admin.get('/newsroom/staff');
    assert.equal(staffPage.statusCode, 200);
    assert.equal(
      (await admin.post('/newsroom/staff/invite', { _csrf: csrfOf(staffPage.body), email: 'new.writer@example.org', role: 'writer' })).statusCode,
      303,
    );
    assert.equal((await admin.post('/newsroom/staff/invite', { _csrf: csrfOf(staffPage.body), email: 'x@example.org', role: 'emperor' })).statusCode, 422);
    const mail = await lastMail(t, inbox, 'new.writer@example.org');
    assert.equal(mail.subject, 'Join the newsroom of The Masthead');
    const link = mail.links.find((l) => l.includes('/newsroom/invite?token='))!;
    const writer = new Agent(t.app, '203.0.113.80');
    const invite = await writer.get(new URL(link).pathname + new URL(link).search);
    assert.equal(invite.statusCode, 200);
    assert.match(invite.body, /Chief<\/|Chief invited/);
    const joined = await writer.post('/newsroom/invite', {
      _csrf: csrfOf(invite.body),
      token: new URL(link).searchParams.get('token')!,
      displayName: 'Wren Writer',
      password: '',
    });
    assert.equal(joined.statusCode, 303);
    assert.equal((await writer.me()).user!.role, 'writer');
    assert.equal((await writer.get('/newsroom')).headers.location, '/account?done=staff-second-factor#two-step');
    assert.equal((await new Agent(t.app).get(new URL(link).pathname + new URL(link).search)).statusCode, 410, 'single use');

    // An existing reader is promoted by accepting; no name or password is asked.
    const reader = await signedInReader(t, inbox, 'promoted@example.org', 'a long enough passphrase', '203.0.113.81');
    await admin.post('/newsroom/staff/invite', { _csrf: csrfOf((await admin.get('/newsroom/staff')).body), email: 'promoted@example.org', role: 'moderator' });
    const promoteUrl = new URL((await lastMail(t, inbox, 'promoted@example.org')).links.find((l) => l.includes('/newsroom/invite'))!);
    const accept = await reader.get(promoteUrl.pathname + promoteUrl.search);
    assert.doesNotMatch(accept.body, /name="displayName"/);
    assert.equal((await reader.post('/newsroom/invite', { _csrf: csrfOf(accept.body), token: promoteUrl.searchParams.get('token')! })).statusCode, 303);
    assert.equal((await reader.me()).user!.role, 'moderator');

    const list = await admin.get('/newsroom/staff');
    assert.match(list.body, /Wren Writer/);
    const entry = (html: string, name: string) => html.split('<li>').find((li) => li.includes(`<strong>${name}</strong>`))!;
    const writerId = /name="user" value="([0-9a-f-]{36})"/.exec(entry(list.body, 'Wren Writer'))![1]!;
    assert.equal((await admin.post('/newsroom/staff/role', { _csrf: csrfOf(list.body), user: writerId, role: 'editor' })).statusCode, 303);
    assert.equal((await writer.me()).user!.role, 'editor');
    // An invitation never takes an admin's role away.
    await admin.post('/newsroom/staff/invite', { _csrf: csrfOf(list.body), email: 'chief@example.org', role: 'writer' });
    const self = new URL((await lastMail(t, inbox, 'chief@example.org')).links.find((l) => l.includes('/newsroom/invite'))!);
    const elsewhere = new Agent(t.app, '203.0.113.82');
    const selfPage = await elsewhere.get(self.pathname + self.search);
    const accepted = await elsewhere.post('/newsroom/invite', { _csrf: csrfOf(selfPage.body), token: self.searchParams.get('token')! });
    assert.equal(accepted.headers.location, '/account/sign-in/second-factor?returnTo=%2Fnewsroom', 'the admin has a second factor: asked for it');
    assert.equal((await admin.me()).user!.role, 'admin');
    const adminId = (await admin.me()).user!.id;
    const demote = await admin.post('/newsroom/staff/role', { _csrf: csrfOf(list.body), user: adminId, role: 'editor' });
    assert.equal(demote.statusCode, 422);
    assert.match(demote.body, /at least one admin/);
  });

  it('lets admins create and revoke Admin API tokens, and logs who did what', async () => {
    const page = await admin.get('/newsroom/tokens');
    assert.equal(page.statusCode, 200);
    const made = await admin.post('/newsroom/tokens', { _csrf: csrfOf(page.body), name: 'Wire importer' });
    assert.equal(made.statusCode, 200);
    const token = /<code class="secret">(mh_[A-Za-z0-9_-]{43})<\/code>/.exec(made.body)![1]!;
    const api = (tk: string) => t.app.inject({ method: 'GET', url: '/api/admin/articles', headers: { authorization: `Bearer ${tk}` } });
    assert.equal((await api(token)).statusCode, 200);
    assert.doesNotMatch((await admin.get('/newsroom/tokens')).body, new RegExp(token), 'shown once');
    const item = (await admin.get('/newsroom/tokens')).body.split('<li>').find((li) => li.includes('<strong>Wire importer</strong>'))!;
    const id = /name="id" value="([0-9a-f-]{36})"/.exec(item)![1]!;
    assert.equal((await admin.post('/newsroom/tokens/revoke', { _csrf: csrfOf(page.body), id })).statusCode, 303);
    assert.equal((await api(token)).statusCode, 401);
    assert.equal((await admin.post('/newsroom/tokens', { _csrf: csrfOf(page.body), name: '\u202Eevil' })).statusCode, 422);

    const log = await admin.get('/newsroom/audit');
    assert.equal(log.statusCode, 200);
    for (const action of ['settings.change', 'staff.invite', 'staff.join', 'staff.role', 'token.create', 'token.revoke'])
      assert.match(log.body, new RegExp(action.replace('.', '\\.')), action);
    assert.match(log.body, /Chief \(account\)/);
    // Article changes made through the Admin API are there too, with the token that made them.
    assert.match(log.body, /tests \(api-token\)[^]*?article\.create/);
    const doomed = (await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Soon deleted' }))).json();
    assert.equal((await t.admin('DELETE', `/api/admin/articles/${doomed.id}`)).statusCode, 204);
    assert.match(
      (await admin.get('/newsroom/audit')).body,
      /article\.delete[^]*?Soon deleted/,
      'a deletion stays in the log, though the article and its revisions are gone',
    );
    const editor = await staff('not.admin@example.org', 'editor', '203.0.113.90');
    assert.equal((await editor.get('/newsroom/audit')).statusCode, 403);
    assert.equal((await editor.get('/newsroom/tokens')).statusCode, 403);
  });

  it('filters the article list by status, section, author, edition and words, refusing filters that name nothing', async () => {
    await t.admin('POST', '/api/admin/articles', validArticle({ headline: 'Harbour talks resume', status: 'published', section: 'news' }));
    const list = async (q: string) => admin.get(`/newsroom?${q}`);
    assert.match((await list('status=draft')).body, /A draft about/);
    assert.doesNotMatch((await list('status=draft')).body, /Harbour talks resume/);
    assert.match((await list('status=published&section=news')).body, /Harbour talks resume/);
    assert.doesNotMatch((await list('section=world')).body, /Harbour talks resume/);
    assert.match((await list('author=ada-reporter&q=harbour')).body, /Harbour talks resume/);
    assert.match((await list('q=nothing+like+this+exists')).body, /No articles match/);
    assert.match((await list('edition=uk')).body, /<select name="edition">/);
    for (const bad of [
      'status=lost',
      'section=sport',
      'author=nobody',
      'edition=fr',
      'status=draft&status=published',
      `q=${'x'.repeat(201)}`,
      'cursor=not-a-cursor',
    ]) {
      const answer = await list(bad);
      assert.equal(answer.statusCode, 400, bad);
      assert.match(answer.body, /There is no|more than once|longer than 200|cursor/, bad);
      assert.match(answer.body, /Back to the newsroom/);
    }
  });

  it('refuses forged and unknown setup links', async () => {
    assert.equal((await new Agent(t.app).get('/newsroom/setup?token=forged')).statusCode, 400);
    assert.equal((await new Agent(t.app).get('/newsroom/setup?token=' + 'A'.repeat(43))).statusCode, 410);
  });
});
