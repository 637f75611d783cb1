/**
 * Accounts' front door: what other domains may use of identity. Signing people in and out, the
 * account kit their pages build on, passwords and e-mailed links for the newsroom's invitations,
 * the staff accounts the newsroom manages, the strong-session rule access control applies, and
 * the privacy registry every domain adds its part of a reader's data to.
 * Other domains import only this file (and browser.ts): see docs/ARCHITECTURE.md.
 */
export { MIN_PASSWORD_LENGTH, hashPassword, passwordProblem } from './credentials/passwords.ts';
export { enrolmentUrl, issueEnrolmentToken } from './factors/enrolment.ts';
export { strongSessionVerdict } from './factors/rules.ts';
export { afterRoleChange } from './factors/service.ts';
export { limitMailTo } from './flows/deps.ts';
export type { AccountsDeps } from './flows/deps.ts';
export { HOUSEKEEPING_JOB, nextSweep, scheduleHousekeeping, sweepExpired } from './housekeeping.ts';
export { setSessionCookie } from './http/cookies.ts';
export type { AccountKit } from './http/kit.tsx';
export { accountAuthenticator, registerAccountsHttp } from './http/plugin.ts';
export { registerAccountRoutes } from './http/routes.tsx';
export { consumeLink, issueLink, peekLink } from './links/service.ts';
export { staffInvitation } from './mail/messages.tsx';
export type { PersonalDataPart } from './privacy/registry.ts';
export type { ErasureHandler } from './profile/service.ts';
export { endSession, enrolmentWindow, startSession } from './sessions/service.ts';
export type { Client, StartedSession } from './sessions/service.ts';
export {
  countAdmins,
  createStaffAccount,
  createStaffAccountUnlessTaken,
  findAccount,
  findAccountByEmail,
  grantRole,
  listStaffAccounts,
} from './users/staff-accounts.ts';
export type { NewStaffAccount } from './users/staff-accounts.ts';
export { checkEmail, createUser, displayNameProblem, emailKey } from './users/service.ts';
