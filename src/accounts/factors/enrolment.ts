import { AppError } from '../../platform/errors.ts';
import type { Executor } from '../../platform/db/database.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { consumeLink, issueLink, peekLink, voidLinks } from '../links/service.ts';
import { enrolmentLinkIssued } from '../mail/messages.tsx';
import { grantEnrolment } from '../sessions/repository.ts';
import { enrolmentWindow } from '../sessions/service.ts';
import type { FactorCaller } from './service.ts';

/**
 * Enrolment links: how an admin lets a member of staff set up their first second factor after
 * the invitation's window has passed (a CLI-made account, a lost invitation). The admin hands
 * the link over; the member opens it while signed in to their own account, and that session
 * may then add a passkey or an authenticator app for a short while. Single-use, 24 hours. The
 * member is e-mailed that a link was made (not the link), so an admin cannot quietly enrol a
 * factor of their own on someone's account.
 */

export const enrolmentUrl = (deps: AccountsDeps, token: string) => `${deps.publicUrl}/account/enrol?token=${token}`;

/** A new link for `user`, made by the admin `by`; any unused earlier one stops working; the member is told. Returns the token. */
export async function issueEnrolmentToken(tx: Executor, deps: AccountsDeps, user: { id: string; email: string }, by: string, now: Date): Promise<string> {
  await voidLinks(tx, user.id, 'enrol', now);
  const token = await issueLink(tx, { purpose: 'enrol', email: user.email, userId: user.id }, now);
  await queueMail(tx, enrolmentLinkIssued({ site: deps.siteName, to: user.email, by, account: `${deps.publicUrl}/account#two-step` }));
  return token;
}

const notYours = () =>
  new AppError('forbidden', 'This enrolment link is for another account. Sign out, then sign in to the account it was made for and open it again.');

/** Checks, without using it, that the link is good and belongs to the signed-in account. */
export async function checkEnrolmentLink(deps: AccountsDeps, caller: FactorCaller, token: string | undefined): Promise<void> {
  const link = await peekLink(deps.database.db, token, ['enrol'], deps.now());
  if (link.userId !== caller.userId) throw notYours();
}

/** Uses the link: this session may set up a first second factor for the next half hour. */
export async function useEnrolmentLink(deps: AccountsDeps, caller: FactorCaller, token: string | undefined): Promise<void> {
  await checkEnrolmentLink(deps, caller, token);
  const now = deps.now();
  await deps.database.transaction(async (tx) => {
    await consumeLink(tx, token, ['enrol'], now);
    await grantEnrolment(tx, caller.tokenHash, enrolmentWindow(now));
  });
}
