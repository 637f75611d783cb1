import type { Role } from '../../web/roles.ts';

/**
 * Who may change how an account signs in, and what the newsroom asks of a staff session. Pure,
 * so every route that needs a rule asks here instead of keeping its own copy.
 *
 * Why the rules are what they are: a password is the factor most often stolen, so a session it
 * alone made must not be able to add a factor of its own (and then sign in "strongly" with it)
 * nor remove the owner's. Once an account has a second factor, changing factors needs a session
 * that proved one, or the factor proved again on the spot. A staff account's first factor needs
 * something the password does not give: its invitation, the first-admin set-up link, or an
 * admin's enrolment link. The admin's link also rescues a member of staff whose factors cannot
 * sign them in strongly (a passkey that skips user verification, registered while a reader):
 * it may add a factor, never remove or replace one, and the member is e-mailed when it is made.
 */

export type FactorChange = 'add-app' | 'replace-app' | 'remove-app' | 'add-passkey' | 'remove-passkey';

export interface FactorAccount {
  role: Role;
  hasApp: boolean;
  hasPasskey: boolean;
  /** One of its passkeys is known to verify its user (PIN, fingerprint, face). */
  verifiedPasskey: boolean;
}

export interface FactorProof {
  /** The session proved a second factor when it signed in (or when it set up the first one). */
  strongSession: boolean;
  /** The session opened an invitation, set-up or enrolment link that is still within its window. */
  enrolmentGrant: boolean;
  /** A current code from the account's authenticator app came with this request, and was right. */
  appCode: boolean;
}

export type FactorVerdict =
  | { allowed: true; /** a first factor: the session that set it up becomes strong */ strengthens: boolean }
  | { allowed: false; needs: 'app-code' | 'strong-session' | 'enrolment-link' };

export const isStaff = (role: Role) => role !== 'reader';

/** Whether a factor the account has can give it a strong session, for its role (see passkeyIsStrong). */
export const hasStrongFactor = (account: FactorAccount) => account.hasApp || (account.hasPasskey && (account.verifiedPasskey || !isStaff(account.role)));

const ADDS: readonly FactorChange[] = ['add-app', 'add-passkey'];

export function judgeFactorChange(change: FactorChange, account: FactorAccount, proof: FactorProof): FactorVerdict {
  const hasAny = account.hasApp || account.hasPasskey;
  // The app secret is the one thing a code proves; it is never overwritten without one.
  if (change === 'replace-app') return proof.appCode ? { allowed: true, strengthens: false } : { allowed: false, needs: 'app-code' };
  if (change === 'remove-app') return proof.appCode || proof.strongSession ? { allowed: true, strengthens: false } : { allowed: false, needs: 'app-code' };
  if (hasAny) {
    // Proving the app now counts as proving "the existing factor" for a change of passkeys.
    if (proof.strongSession || (account.hasApp && proof.appCode)) return { allowed: true, strengthens: false };
    // Locked out (no factor signs them in strongly): an admin's enrolment link adds one, and the
    // session that adds it becomes strong, as with a first factor. It never takes one away.
    if (proof.enrolmentGrant && ADDS.includes(change) && !hasStrongFactor(account)) return { allowed: true, strengthens: true };
    return { allowed: false, needs: 'strong-session' };
  }
  if (change === 'remove-passkey') return { allowed: false, needs: 'strong-session' };
  // A first factor. A strong session with none left (it removed its last) may add one back.
  if (proof.strongSession) return { allowed: true, strengthens: false };
  if (isStaff(account.role) && !proof.enrolmentGrant) return { allowed: false, needs: 'enrolment-link' };
  return { allowed: true, strengthens: true };
}

/** What a refusal tells the person, by what it needs. */
export const FACTOR_REFUSALS: Record<Extract<FactorVerdict, { allowed: false }>['needs'], string> = {
  'app-code': 'Enter the current code from your authenticator app to do this.',
  'strong-session': 'To change how you sign in, first sign in again with your passkey, or with your password and a code from your app.',
  'enrolment-link':
    'A newsroom account sets up its first passkey or authenticator app from its invitation, or from an enrolment link an admin gives you. Ask an admin for an enrolment link.',
};

/**
 * Whether a passkey sign-in counts as strong. For staff only when the authenticator verified its
 * user (PIN, fingerprint, face): a key that proves presence alone is one factor, like a password.
 */
export const passkeyIsStrong = (role: Role, userVerified: boolean) => userVerified || !isStaff(role);

/** Staff passkeys must verify their user at registration too; readers' may prove presence only. */
export const passkeyUserVerification = (role: Role): 'required' | 'preferred' => (isStaff(role) ? 'required' : 'preferred');

export type StaffGate = 'pass' | 'sign-in-again' | 'set-up-second-factor';

/**
 * The newsroom's rule for a staff session (pages, editor API, alerts): through when strong or
 * when an admin turned the rule off; otherwise sign in again with the factor the account has,
 * or set one up first.
 */
export function staffGate(session: { strong: boolean; hasSecondFactor: boolean }, ruleOn: boolean): StaffGate {
  if (session.strong || !ruleOn) return 'pass';
  return session.hasSecondFactor ? 'sign-in-again' : 'set-up-second-factor';
}

/**
 * The staff rule as access control applies it to routes declaring `strong: true`: null lets the
 * session through; otherwise the reason, and where a browser goes to sign in again with its
 * factor or to set one up.
 */
export function strongSessionVerdict(
  session: { strong: boolean; hasSecondFactor: boolean },
  ruleOn: boolean,
  url: string,
): { refusal: string; redirect: string } | null {
  const gate = staffGate(session, ruleOn);
  if (gate === 'pass') return null;
  const redirect =
    gate === 'sign-in-again' ? `/account/sign-in?returnTo=${encodeURIComponent(url)}&why=second-factor` : '/account?done=staff-second-factor#two-step';
  return { refusal: STAFF_GATE_REFUSAL, redirect };
}

export const STAFF_GATE_REFUSAL = 'The newsroom needs a second sign-in step (a passkey or a one-time code); sign in again.';
