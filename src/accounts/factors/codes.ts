import type { Executor } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { checkTotp } from '../credentials/totp.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { spendTotpStep } from '../users/repository.ts';

/**
 * Codes from an account's authenticator app, in two steps: checked (each try counted), then
 * spent. Spending is one conditional write, so a code read over someone's shoulder and sent at
 * the same moment as the owner's gets only one of the two requests through. A change of factors
 * checks first, decides, and spends inside the transaction that makes the change, so a change
 * that is refused (or loses a race) leaves the code unspent.
 */

interface AppAccount {
  id: string;
  totpSecret: string | null;
  totpLastStep: number | null;
}

const wrongCode = (field: string) => invalid(field, 'That code is not right, or was already used. Try the newest one.');

/** The time step the code matched; a wrong or already-used code is refused. Spends nothing. */
export async function checkAppCode(deps: AccountsDeps, user: AppAccount, code: string | undefined, field: string): Promise<number> {
  if (!user.totpSecret) throw new AppError('bad_request', 'This account has no authenticator app.');
  const now = deps.now();
  await hit(deps.database.db, `totp:${user.id}`, { max: 10, windowSeconds: 600 }, now, 'Too many codes tried.');
  const step = checkTotp(user.totpSecret, code, now, user.totpLastStep);
  if (step === null) throw wrongCode(field);
  return step;
}

/** Spends a checked code, unless another request spent it (or replaced the app) first. */
export async function spendAppCode(
  executor: Executor,
  deps: AccountsDeps,
  user: { id: string; totpSecret: string },
  step: number,
  field: string,
): Promise<void> {
  if (!(await spendTotpStep(executor, user.id, user.totpSecret, step, deps.now()))) throw wrongCode(field);
}
