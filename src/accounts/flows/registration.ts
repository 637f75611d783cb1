import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { invalid } from '../../platform/errors.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { readConsents } from '../consents.ts';
import { hashPassword, passwordProblem } from '../credentials/passwords.ts';
import { hashToken } from '../credentials/tokens.ts';
import { issueLink, type LinkRow } from '../links/service.ts';
import { alreadyRegistered, confirmRegistration } from '../mail/messages.tsx';
import { findUserByEmailKey, insertConsents, insertUserOrFind, type UserRow } from '../users/repository.ts';
import { checkEmail, displayNameProblem, emailKey } from '../users/service.ts';
import { type AccountsDeps, limitMailTo, linkUrl } from './deps.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';

export interface RegistrationInput {
  email: string;
  displayName: string;
  /** Empty: the reader signs in by e-mailed link (and may add a passkey). */
  password: string;
  /** The ticked boxes by consent kind, as the form sent them (`on`). */
  consents: Readonly<Record<string, string | undefined>>;
  returnTo: string;
  /** The reader's network (platform `networkOf`), for the limit on sign-ups. */
  network: string;
  /** A random value the registering browser keeps in a cookie; the link remembers only its hash. */
  browser: string;
}

/**
 * Starts a registration. The answer is the same whether or not the address has an account
 * ("check your inbox"): a new address gets a confirmation link, a known one a sign-in link.
 * The account exists only once its address is confirmed.
 */
export async function startRegistration(deps: AccountsDeps, input: RegistrationInput): Promise<void> {
  checkEmail(input.email);
  const nameProblem = displayNameProblem(input.displayName);
  if (nameProblem) throw invalid('displayName', nameProblem);
  if (input.password) {
    const problem = passwordProblem(input.password, { email: input.email, displayName: input.displayName });
    if (problem) throw invalid('password', problem);
  }
  const answers = readConsents(input.consents);
  if ('missing' in answers) throw invalid(`consents.${answers.missing.kind}`, `Please tick "${answers.missing.label}" to register.`);
  const now = deps.now();
  const key = emailKey(input.email);
  const db = deps.database.db;
  await hit(db, `register:ip:${input.network}`, { max: 10, windowSeconds: 3600 }, now, 'Too many registrations from this network.');
  await limitMailTo(deps, input.email, now);
  // Hashed whatever happens next, so a known address takes as long as a new one.
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  await deps.database.transaction(async (tx) => {
    const existing = await findUserByEmailKey(tx, key);
    if (existing && existing.state !== 'erased') {
      // To the address the account has, not the spelling just typed.
      const token = await issueLink(
        tx,
        { purpose: 'sign-in', email: existing.email, userId: existing.id, data: { returnTo: safeReturnTo(input.returnTo) } },
        now,
      );
      await queueMail(tx, alreadyRegistered({ site: deps.siteName, to: existing.email, link: linkUrl(deps, token) }));
      return;
    }
    const token = await issueLink(
      tx,
      {
        purpose: 'register',
        email: input.email,
        data: { displayName: input.displayName, passwordHash, browser: hashToken(input.browser), consents: answers, returnTo: safeReturnTo(input.returnTo) },
      },
      now,
    );
    await queueMail(tx, confirmRegistration({ site: deps.siteName, to: input.email, name: input.displayName, link: linkUrl(deps, token) }));
  });
}

/**
 * A confirmed registration link: the account, created now unless an earlier link already did.
 * Anyone can start a registration for any address, so the password typed then is kept only
 * when the browser that typed it confirms (`browser`: the cookie it was given). Confirmed from
 * elsewhere, the account starts without a password: whoever registered someone else's address
 * gets no way in, and the owner can choose a password on the account page.
 */
export async function completeRegistration(deps: AccountsDeps, link: LinkRow, tx: Executor, browser: string | undefined): Promise<UserRow> {
  const now = deps.now();
  const data = link.data as {
    displayName: string;
    passwordHash: string | null;
    browser?: string;
    consents: { kind: string; version: number; granted: boolean }[];
  };
  const sameBrowser = !!browser && !!data.browser && hashToken(browser) === data.browser;
  const { user, created } = await insertUserOrFind(tx, {
    id: crypto.randomUUID(),
    email: link.email,
    emailKey: emailKey(link.email),
    displayName: data.displayName,
    passwordHash: sameBrowser ? data.passwordHash : null,
    emailVerifiedAt: now,
    createdAt: now,
    updatedAt: now,
  });
  if (created) {
    await insertConsents(
      tx,
      data.consents.map((c) => ({ id: crypto.randomUUID(), userId: user.id, kind: c.kind, granted: c.granted, wordingVersion: c.version, createdAt: now })),
    );
  }
  return user;
}
