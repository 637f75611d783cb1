import {
  type AccountsDeps,
  hashPassword,
  passwordProblem,
  consumeLink,
  issueLink,
  peekLink,
  enrolmentWindow,
  startSession,
  type Client,
  type StartedSession,
  countAdmins,
  createStaffAccountUnlessTaken,
  checkEmail,
  displayNameProblem,
} from '../../accounts/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, conflict, invalid } from '../../platform/errors.ts';

/**
 * The first admin. A site with no admin prints, at start, a one-time link (24 hours) whose page
 * creates one; once an admin exists, every such link is refused.
 */
const hasAdmin = async (executor: Executor) => (await countAdmins(executor)) > 0;

/** The setup address to print, or null when the site already has an admin. */
export async function setupLinkIfNeeded(deps: AccountsDeps): Promise<string | null> {
  if (await hasAdmin(deps.database.db)) return null;
  const token = await issueLink(deps.database.db, { purpose: 'setup', email: '' }, deps.now());
  return `${deps.publicUrl}/newsroom/setup?token=${token}`;
}

export async function checkSetupLink(deps: AccountsDeps, token: string | undefined): Promise<void> {
  await peekLink(deps.database.db, token, ['setup'], deps.now());
  if (await hasAdmin(deps.database.db)) throw new AppError('gone', 'This site already has an admin: sign in instead.');
}

/** The set-up form: the link's token and the first admin's account. */
export interface FirstAdminInput {
  token: string | undefined;
  email: string;
  displayName: string;
  password: string;
}

export async function createFirstAdmin(deps: AccountsDeps, input: FirstAdminInput, client: Client): Promise<{ userId: string; session: StartedSession }> {
  await checkSetupLink(deps, input.token);
  checkEmail(input.email);
  const nameProblem = displayNameProblem(input.displayName);
  if (nameProblem) throw invalid('displayName', nameProblem);
  const problem = passwordProblem(input.password, { email: input.email, displayName: input.displayName });
  if (problem) throw invalid('password', problem);
  const passwordHash = await hashPassword(input.password);
  const now = deps.now();
  return deps.database.transaction(async (tx) => {
    await consumeLink(tx, input.token, ['setup'], now);
    if (await hasAdmin(tx)) throw new AppError('gone', 'This site already has an admin: sign in instead.');
    const { user, created } = await createStaffAccountUnlessTaken(
      tx,
      { email: input.email, displayName: input.displayName, role: 'admin', passwordHash, confirmed: false },
      now,
    );
    if (!created) throw conflict('An account with this address exists already: use another address for the admin.', 'email');
    // The set-up link is the first admin's way to a first second factor, as an invitation is for staff.
    const session = await startSession(tx, user, 'setup', client, now, true, false, enrolmentWindow(now));
    return { userId: user.id, session };
  });
}
