import crypto from 'node:crypto';
import sharp from 'sharp';
import type { ContentEvents } from '../../content/index.ts';
import type { Executor } from '../../platform/db/database.ts';
import { AppError, invalid } from '../../platform/errors.ts';
import { cancelJob, enqueue } from '../../platform/jobs/queue.ts';
import { queueMail } from '../../platform/mail/mailer.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import type { MediaStorage } from '../../platform/storage/index.ts';
import { graphemeCount, isText } from '../../platform/text.ts';
import { checkPassword, hashPassword, passwordProblem } from '../credentials/passwords.ts';
import { checkAppCode, spendAppCode } from '../factors/codes.ts';
import { limitMailTo, type AccountsDeps } from '../flows/deps.ts';
import { consumeLink, issueLink } from '../links/service.ts';
import { findChangeLink } from '../links/repository.ts';
import { accountDeletionScheduled, confirmEmailChange } from '../mail/messages.tsx';
import { deleteSessionsOf } from '../sessions/repository.ts';
import { deletePersonalRecords, findUserByEmailKey, findUserById, updateUser, type UserRow } from '../users/repository.ts';
import { checkEmail, displayNameProblem, emailKey } from '../users/service.ts';
import type { ErasureHandler } from '../privacy/registry.ts';

/** Days between asking for deletion and the erasure, during which signing in can undo it. */
export const DELETION_GRACE_DAYS = 14;
export const ERASE_JOB = 'accounts.erase';
const AVATAR_SIZE = 256;

async function existing(executor: Executor, id: string): Promise<UserRow> {
  const user = await findUserById(executor, id);
  if (!user || user.state === 'erased') throw new AppError('not_found', 'This account no longer exists.');
  return user;
}

/** The profile form: absent fields count as empty. */
export interface ProfileInput {
  displayName: string | undefined;
  bio: string | undefined;
}

export async function updateProfile(deps: AccountsDeps, userId: string, input: ProfileInput): Promise<void> {
  const displayName = (input.displayName ?? '').trim();
  const nameProblem = displayNameProblem(displayName);
  if (nameProblem) throw invalid('displayName', nameProblem);
  const bio = (input.bio ?? '').trim();
  if (!isText(bio)) throw invalid('bio', 'bio must not contain control characters.');
  if (graphemeCount(bio) > 500) throw invalid('bio', 'bio must be at most 500 characters.');
  await updateUser(deps.database.db, userId, { displayName, bio }, deps.now());
}

/**
 * A new avatar from an uploaded picture: decoded (so the bytes decide the type, not the name),
 * cropped square to 256 px and written as WebP, without the original's metadata.
 */
export async function setAvatar(deps: AccountsDeps, storage: MediaStorage, userId: string, upload: Buffer): Promise<string> {
  let avatar: Buffer;
  try {
    const meta = await sharp(upload, { limitInputPixels: 40_000_000 }).metadata();
    if (!meta.format || !['jpeg', 'png', 'webp', 'gif', 'avif', 'heif'].includes(meta.format)) throw new Error(meta.format ?? 'unknown');
    avatar = await sharp(upload, { limitInputPixels: 40_000_000 })
      .rotate()
      .resize(AVATAR_SIZE, AVATAR_SIZE, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw invalid('avatar', 'avatar must be a JPEG, PNG, WebP, GIF or AVIF picture.');
  }
  const key = crypto.randomUUID();
  await storage.put(key, `${AVATAR_SIZE}.webp`, avatar);
  const user = await existing(deps.database.db, userId);
  await updateUser(deps.database.db, userId, { avatarKey: key }, deps.now());
  if (user.avatarKey) await removeOld(storage, user.avatarKey);
  return avatarUrl(key)!;
}

export async function removeAvatar(deps: AccountsDeps, storage: MediaStorage, userId: string): Promise<void> {
  const user = await existing(deps.database.db, userId);
  await updateUser(deps.database.db, userId, { avatarKey: null }, deps.now());
  if (user.avatarKey) await removeOld(storage, user.avatarKey);
}

/**
 * A replaced avatar is linked from nowhere once the row has changed, and the change is what the
 * reader asked for: a store that cannot remove the old file now does not undo it.
 */
async function removeOld(storage: MediaStorage, key: string): Promise<void> {
  await storage.removeAll(key).catch(() => undefined);
}

export const avatarUrl = (key: string | null) => (key ? `/media/${key}/${AVATAR_SIZE}.webp` : null);

/** A new password; the current one is needed when there is one. Other browsers are signed out. */
export async function changePassword(
  deps: AccountsDeps,
  userId: string,
  keepTokenHash: string,
  input: { current: string | undefined; password: string | undefined },
): Promise<void> {
  const user = await existing(deps.database.db, userId);
  const password = input.password ?? '';
  if (user.passwordHash && !(await checkPassword(user.passwordHash, input.current ?? ''))) {
    throw invalid('current', 'Your current password is not right.');
  }
  const problem = passwordProblem(password, { email: user.email, displayName: user.displayName });
  if (problem) throw invalid('password', problem);
  const passwordHash = await hashPassword(password);
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, userId, { passwordHash }, deps.now());
    await deleteSessionsOf(tx, userId, keepTokenHash);
  });
}

/**
 * Starts a change of address: one link to the current address, one to the new. The change
 * happens when both are used, so neither a thief with the session nor a typo can move the
 * account to an address its owner does not hold.
 */
export async function requestEmailChange(deps: AccountsDeps, userId: string, newEmail: string): Promise<void> {
  checkEmail(newEmail);
  const now = deps.now();
  const db = deps.database.db;
  const user = await existing(db, userId);
  if (emailKey(newEmail) === user.emailKey) throw invalid('email', 'That is already your address.');
  await limitMailTo(deps, newEmail, now);
  await hit(db, `email-change:${userId}`, { max: 5, windowSeconds: 3600 }, now, 'Too many address changes.');
  const change = crypto.randomUUID();
  await deps.database.transaction(async (tx) => {
    for (const side of ['old', 'new'] as const) {
      const to = side === 'old' ? user.email : newEmail;
      const token = await issueLink(
        tx,
        { purpose: side === 'old' ? 'change-email-old' : 'change-email-new', email: to, userId, data: { change, newEmail } },
        now,
      );
      await queueMail(
        tx,
        confirmEmailChange({
          site: deps.siteName,
          to,
          link: `${deps.publicUrl}/account/confirm?token=${token}`,
          oldAddress: user.email,
          newAddress: newEmail,
          side,
        }),
      );
    }
  });
}

/** Uses one of the two links; returns whether the change is now complete. */
export async function confirmEmailChangeLink(deps: AccountsDeps, token: string | undefined): Promise<{ done: boolean; email: string }> {
  const now = deps.now();
  return deps.database.transaction(async (tx) => {
    const link = await consumeLink(tx, token, ['change-email-old', 'change-email-new'], now);
    const { change, newEmail } = link.data as { change: string; newEmail: string };
    const other = link.purpose === 'change-email-old' ? 'change-email-new' : 'change-email-old';
    const pair = await findChangeLink(tx, link.userId!, other, change);
    if (!pair?.usedAt) return { done: false, email: newEmail };
    const taken = await findUserByEmailKey(tx, emailKey(newEmail));
    if (taken && taken.id !== link.userId) throw invalid('email', 'That address now belongs to another account.');
    await updateUser(tx, link.userId!, { email: newEmail, emailKey: emailKey(newEmail), emailVerifiedAt: now }, now);
    return { done: true, email: newEmail };
  });
}

/** Checks a code against the account's second factor and spends it: of two sign-ins sending the same code, one gets in. */
export async function useTotp(deps: AccountsDeps, userId: string, code: string | undefined): Promise<void> {
  const user = await existing(deps.database.db, userId);
  if (!user.totpSecret) throw new AppError('bad_request', 'This account has no second factor.');
  const step = await checkAppCode(deps, user, code, 'code');
  await spendAppCode(deps.database.db, deps, { id: user.id, totpSecret: user.totpSecret }, step, 'code');
}

export async function requestDeletion(deps: AccountsDeps, userId: string, keepTokenHash: string, deleteComments: boolean): Promise<Date> {
  const now = deps.now();
  const at = new Date(now.getTime() + DELETION_GRACE_DAYS * 24 * 60 * 60 * 1000);
  const user = await existing(deps.database.db, userId);
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, userId, { state: 'deleting', deleteAt: at, deleteComments }, now);
    await deleteSessionsOf(tx, userId, keepTokenHash);
    await enqueue(tx, ERASE_JOB, { userId }, { runAt: at, singletonKey: `${ERASE_JOB}:${userId}` });
    await queueMail(
      tx,
      accountDeletionScheduled({ site: deps.siteName, to: user.email, when: at.toUTCString().slice(0, 16), cancel: `${deps.publicUrl}/account` }),
    );
  });
  return at;
}

export async function cancelDeletion(deps: AccountsDeps, userId: string): Promise<void> {
  await deps.database.transaction(async (tx) => {
    await updateUser(tx, userId, { state: 'active', deleteAt: null, deleteComments: null }, deps.now());
    await cancelJob(tx, `${ERASE_JOB}:${userId}`);
  });
}

/** What other parts of the site do when an account is erased: see privacy/registry.ts. */
export type { ErasureHandler } from '../privacy/registry.ts';

/**
 * The erasure, run by the job queue when the grace period ends: personal data goes, the row
 * stays (as "Former reader") so what others wrote in reply still reads. Once committed, every
 * cached page is refreshed: the reader's name and comments may be on any of them.
 */
export async function eraseAccount(
  deps: AccountsDeps,
  storage: MediaStorage,
  events: Pick<ContentEvents, 'everythingChanged'>,
  userId: string,
  handlers: ErasureHandler[],
): Promise<boolean> {
  const now = deps.now();
  const user = await findUserById(deps.database.db, userId);
  if (!user || user.state !== 'deleting' || !user.deleteAt || user.deleteAt > now) return false;
  // The picture goes first: a store that cannot remove it fails the job before anything is
  // committed, so the job runs again later; after the commit nothing would point at it any more.
  if (user.avatarKey) await storage.removeAll(user.avatarKey);
  await deps.database.transaction(async (tx) => {
    for (const handler of handlers) await handler(tx, { id: userId, deleteComments: !!user.deleteComments });
    const placeholder = `erased-${userId}@invalid`;
    await updateUser(
      tx,
      userId,
      {
        email: placeholder,
        emailKey: placeholder,
        displayName: 'Former reader',
        bio: '',
        avatarKey: null,
        passwordHash: null,
        totpSecret: null,
        totpLastStep: null,
        emailVerifiedAt: null,
        state: 'erased',
        deleteAt: null,
      },
      now,
    );
    await deletePersonalRecords(tx, userId);
  });
  events.everythingChanged();
  return true;
}
