import { domainToASCII } from 'node:url';
import crypto from 'node:crypto';
import type { Executor } from '../../platform/db/database.ts';
import { conflict, invalid } from '../../platform/errors.ts';
import { graphemeCount, isEmailAddress, isName, TEXT_FORMAT_MESSAGES } from '../../platform/text.ts';
import { ROLES, type Role } from '../../web/roles.ts';
import { findUserByEmailKey, insertUser } from './repository.ts';

/**
 * The key two spellings of one address share: Unicode-normalised (NFKC) and lower-cased, with
 * the domain in its ASCII (punycode) form, so `Ana@Example.org` and `ana@example.org` are one
 * account, and so are `user@bücher.example` and `user@xn--bcher-kva.example`.
 */
export function emailKey(email: string): string {
  const normal = email.normalize('NFKC').toLowerCase();
  const at = normal.lastIndexOf('@');
  if (at < 0) return normal;
  const domain = domainToASCII(normal.slice(at + 1));
  return `${normal.slice(0, at)}@${domain || normal.slice(at + 1)}`;
}

export function checkEmail(email: string): void {
  if (!isEmailAddress(email)) throw invalid('email', 'email must be one e-mail address, like name@example.org.');
}

/** Pure: a display name's problem, or null. One visible line of at most 50 characters. */
export function displayNameProblem(name: string): string | null {
  if (!isName(name)) return `display name ${TEXT_FORMAT_MESSAGES.name}.`;
  if (graphemeCount(name) > 50) return 'display name must be at most 50 characters.';
  return null;
}

/** An account made by the command line or the demo; `confirmedAt` when its address is already known to be theirs. */
export async function createUser(executor: Executor, input: { email: string; role: string; displayName?: string; confirmedAt?: Date }) {
  checkEmail(input.email);
  if (!ROLES.includes(input.role as Role)) throw invalid('role', `role must be one of: ${ROLES.join(', ')}.`);
  const key = emailKey(input.email);
  if (await findUserByEmailKey(executor, key)) throw conflict('An account with this e-mail address already exists.', 'email');
  return insertUser(executor, {
    id: crypto.randomUUID(),
    email: input.email,
    emailKey: key,
    role: input.role as Role,
    displayName: input.displayName ?? '',
    ...(input.confirmedAt ? { emailVerifiedAt: input.confirmedAt, updatedAt: input.confirmedAt } : {}),
  });
}
