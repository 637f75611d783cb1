import {
  type AccountsDeps,
  limitMailTo,
  hashPassword,
  passwordProblem,
  consumeLink,
  issueLink,
  peekLink,
  enrolmentUrl,
  issueEnrolmentToken,
  afterRoleChange,
  staffInvitation,
  enrolmentWindow,
  startSession,
  type Client,
  countAdmins,
  findAccount,
  findAccountByEmail,
  createStaffAccount,
  grantRole,
  listStaffAccounts,
  checkEmail,
  displayNameProblem,
} from '../../accounts/index.ts';
import { STAFF_ROLES, type Role } from '../../web/roles.ts';
import { AppError, conflict, invalid } from '../../platform/errors.ts';
import type { Principal } from '../../platform/http/access.ts';
import { UUID } from '../../platform/ids.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { audit } from '../../platform/audit/repository.ts';

/** Roles an admin can give: the newsroom's, and moderator for the comments. */
export const GRANTABLE: readonly Role[] = [...STAFF_ROLES, 'moderator', 'reader'];

const isGrantable = (role: string | undefined): role is Role => role !== undefined && (GRANTABLE as readonly string[]).includes(role);

/** An invitation as an admin asks for it; the role is checked against what may be given. */
export interface InviteInput {
  email: string;
  role: string | undefined;
}

/** Accepting an invitation: the name and password matter only when the address has no account yet. */
export interface AcceptInput {
  token: string | undefined;
  displayName: string;
  password: string;
}

export { listStaffAccounts as listStaff };

/** Sends an invitation by e-mail; accepting it gives the role (to a new or an existing account). */
export async function inviteStaff(deps: AccountsDeps, actor: Principal, input: InviteInput): Promise<void> {
  checkEmail(input.email);
  if (!isGrantable(input.role) || input.role === 'reader') throw invalid('role', `role must be one of: ${GRANTABLE.filter((r) => r !== 'reader').join(', ')}.`);
  const { email, role } = input;
  const now = deps.now();
  await limitMailTo(deps, email, now);
  await deps.database.transaction(async (tx) => {
    const token = await issueLink(tx, { purpose: 'invite', email, data: { role, invitedBy: actor.name } }, now);
    await queueMail(
      tx,
      staffInvitation({ site: deps.siteName, to: email, link: `${deps.publicUrl}/newsroom/invite?token=${token}`, role, invitedBy: actor.name }),
    );
    await audit(tx, actor, { action: 'staff.invite', targetType: 'account', details: { email, role } }, now);
  });
}

export async function describeInvite(deps: AccountsDeps, token: string | undefined) {
  const link = await peekLink(deps.database.db, token, ['invite'], deps.now());
  const existing = await findAccountByEmail(deps.database.db, link.email);
  return {
    email: link.email,
    role: (link.data as { role: Role }).role,
    invitedBy: (link.data as { invitedBy: string }).invitedBy,
    hasAccount: !!existing && existing.state !== 'erased',
  };
}

/** Accepts an invitation: the account (made now, or the one the address has) gets the role and is signed in. */
export async function acceptInvite(deps: AccountsDeps, input: AcceptInput, client: Client) {
  const invite = await describeInvite(deps, input.token);
  let passwordHash: string | null = null;
  if (!invite.hasAccount) {
    const nameProblem = displayNameProblem(input.displayName);
    if (nameProblem) throw invalid('displayName', nameProblem);
    if (input.password) {
      const problem = passwordProblem(input.password, { email: invite.email, displayName: input.displayName });
      if (problem) throw invalid('password', problem);
      passwordHash = await hashPassword(input.password);
    }
  }
  const now = deps.now();
  return deps.database.transaction(async (tx) => {
    await consumeLink(tx, input.token, ['invite'], now);
    let user = await findAccountByEmail(tx, invite.email);
    if (user && user.state !== 'erased') {
      // An invitation grants a role; it never takes an admin's away (that is a role change, by an admin).
      const role = user.role === 'admin' ? 'admin' : invite.role;
      await grantRole(tx, user.id, role, now, user.emailVerifiedAt ?? now);
      // Sessions a reader had were judged by reader rules (a passkey that skipped its PIN is strong for a reader): they end.
      await afterRoleChange(tx, user.id, { from: user.role, to: role });
      user = { ...user, role };
    } else {
      user = await createStaffAccount(tx, { email: invite.email, displayName: input.displayName, role: invite.role, passwordHash, confirmed: true }, now);
    }
    // The invitation is something a password alone does not give: for a while, this session may set up the first second factor.
    const session = await startSession(tx, { id: user.id, role: user.role }, 'invitation', client, now, !user.totpSecret, false, enrolmentWindow(now));
    await audit(
      tx,
      { kind: 'account', id: user.id, name: user.displayName || input.displayName },
      { action: 'staff.join', targetType: 'account', targetId: user.id, details: { role: user.role, invitedBy: invite.invitedBy } },
      now,
    );
    return { session };
  });
}

/** Changes someone's role; the last admin cannot stop being one. */
export async function setRole(deps: AccountsDeps, actor: Principal, input: { userId: string; role: string | undefined }): Promise<void> {
  const { userId, role } = input;
  if (!isGrantable(role)) throw invalid('role', `role must be one of: ${GRANTABLE.join(', ')}.`);
  const now = deps.now();
  await deps.database.transaction(async (tx) => {
    const user = await findAccount(tx, userId);
    if (!user || user.state === 'erased') throw new AppError('not_found', 'That account was not found.');
    if (user.role === 'admin' && role !== 'admin') {
      if ((await countAdmins(tx)) <= 1) throw conflict('The newsroom needs at least one admin: make someone else an admin first.', 'role');
    }
    await grantRole(tx, userId, role, now);
    await afterRoleChange(tx, userId, { from: user.role, to: role });
    await audit(tx, actor, { action: 'staff.role', targetType: 'account', targetId: userId, details: { from: user.role, to: role } }, now);
  });
}

/**
 * An admin's one-time enrolment link for a member of staff, so they can set up a first second
 * factor: shown once to the admin, who hands it over (in person or by a channel other than the
 * member's e-mail, so that whoever has the member's password and mailbox does not get it too).
 * The member is e-mailed that it was made, and by whom.
 */
export async function issueEnrolmentLink(deps: AccountsDeps, actor: Principal, userId: string | undefined): Promise<{ link: string; name: string }> {
  const refused = invalid('user', 'Enrolment links are for members of staff: choose one from the list.');
  if (userId === undefined || !UUID.test(userId)) throw refused;
  const now = deps.now();
  return deps.database.transaction(async (tx) => {
    const user = await findAccount(tx, userId);
    if (!user || user.state === 'erased' || user.role === 'reader') throw refused;
    const token = await issueEnrolmentToken(tx, deps, user, actor.name, now);
    await audit(tx, actor, { action: 'staff.enrolment-link', targetType: 'account', targetId: user.id, details: { email: user.email } }, now);
    return { link: enrolmentUrl(deps, token), name: user.displayName || user.email };
  });
}
