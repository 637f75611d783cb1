import assert from 'node:assert/strict';
import type { TestApp } from './app.ts';
import { Agent, csrfOf } from './agent.ts';
import type { ReceivedMail } from './smtp.ts';
import { startSession } from '../../src/accounts/sessions/service.ts';
import { createUser } from '../../src/accounts/users/service.ts';

/** The link into the site's account pages (a display name may carry other URLs into the text). */
export const accountLink = (mail: { links: string[] }) => mail.links.find((l) => /^https?:\/\/[^/]+\/account\//.test(l))!;

export const pathOf = (link: string) => {
  const url = new URL(link);
  return url.pathname + url.search;
};

/** Sends what the queue holds and returns the newest message to `to`. */
export async function lastMail(t: TestApp, inbox: (to: string) => ReceivedMail[], to: string): Promise<ReceivedMail> {
  await t.app.jobs.runDue();
  const mails = inbox(to);
  assert.ok(mails.length, `no mail reached ${to}`);
  return mails.at(-1)!;
}

/** Opens an e-mailed link and presses its button, as the reader does. */
export async function follow(agent: Agent, link: string) {
  const page = await agent.get(pathOf(link));
  assert.equal(page.statusCode, 200, page.body.slice(0, 500));
  return agent.post('/account/confirm', { _csrf: csrfOf(page.body), token: new URL(link).searchParams.get('token')! });
}

/** A reader registered, confirmed and signed in, in a browser of their own. */
export async function signedInReader(
  t: TestApp,
  inbox: (to: string) => ReceivedMail[],
  email: string,
  password = 'a long enough passphrase',
  ip = '203.0.113.10',
) {
  const agent = new Agent(t.app, ip);
  const answer = await agent.submit('/account/register', '/account/register', {
    returnTo: '/',
    displayName: 'Test Reader',
    email,
    password,
    'consent.community-standards': 'on',
  });
  assert.equal(answer.statusCode, 200, answer.body.slice(0, 300));
  const confirmed = await follow(agent, accountLink(await lastMail(t, inbox, email)));
  assert.equal(confirmed.statusCode, 303);
  return agent;
}

/**
 * A staff member signed in with a complete, strong session, as after a passkey sign-in (the
 * sign-in flows themselves are tested in the accounts suites), with the CSRF token its pages get.
 */
export async function signedInStaff(
  t: TestApp,
  role: 'contributor' | 'writer' | 'editor' | 'admin' | 'reader',
  name: string,
  ip = '203.0.113.20',
  at = t.app.ctx.now(),
) {
  const db = t.db.database.db;
  const user = await createUser(db, { email: `${name.toLowerCase().replace(/\W+/g, '.')}@newsroom.example`, role, displayName: name });
  // `at`: the app's clock by default (sessions idle out by it), whatever date a test sets it to.
  const session = await startSession(db, { id: user.id, role }, 'passkey', { userAgent: 'test', ip }, at, true, true);
  const agent = new Agent(t.app, ip);
  agent.cookies.set(t.app.cookieNames.session, session.token);
  const csrf = (await agent.me()).csrfToken;
  return { agent, csrf, id: user.id };
}
