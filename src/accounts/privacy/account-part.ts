import { AppError } from '../../platform/errors.ts';
import { wordingOf } from '../consents.ts';
import { avatarUrl } from '../profile/service.ts';
import { listSessions } from '../sessions/repository.ts';
import { findUserById } from '../users/repository.ts';
import { consentHistory } from './consent-repository.ts';
import { openLinksOf, passkeysOf } from './export-repository.ts';
import type { PersonalDataPart } from './registry.ts';

const USER_COLUMNS = [
  'id',
  'email',
  'email_key',
  'display_name',
  'role',
  'bio',
  'avatar_key',
  'password_hash',
  'email_verified_at',
  'totp_secret',
  'totp_last_step',
  'state',
  'delete_at',
  'delete_comments',
  'created_at',
  'updated_at',
];

/**
 * The account itself: its profile, consents, signed-in browsers, passkeys and open e-mailed
 * links. Secrets are described, never given: not the password hash, the second factor's
 * secret, session tokens, nor link tokens. Erased by eraseAccount itself, after every other
 * domain: the row stays as "Former reader" so what others wrote in reply still reads.
 */
export const accountPart: PersonalDataPart = {
  domain: 'accounts',
  async export(db, { id, publicUrl }) {
    const user = await findUserById(db, id);
    if (!user || user.state === 'erased') throw new AppError('not_found', 'This account no longer exists.');
    const [sessions, passkeys, consents, links] = await Promise.all([listSessions(db, id), passkeysOf(db, id), consentHistory(db, id), openLinksOf(db, id)]);
    return {
      account: {
        id: user.id,
        email: user.email,
        emailVerifiedAt: user.emailVerifiedAt,
        displayName: user.displayName,
        bio: user.bio,
        avatar: user.avatarKey ? `${publicUrl}${avatarUrl(user.avatarKey)}` : null,
        role: user.role,
        state: user.state,
        createdAt: user.createdAt,
        updatedAt: user.updatedAt,
        password: user.passwordHash ? 'set (kept only as an argon2id hash)' : 'none',
        twoStepVerification: user.totpSecret ? 'on' : 'off',
        deletion: user.state === 'deleting' ? { at: user.deleteAt, comments: user.deleteComments ? 'removed' : 'kept' } : null,
      },
      // Every choice, in order, with the words it answered.
      consents: consents.map((c) => ({
        kind: c.kind,
        granted: c.granted,
        wordingVersion: c.wordingVersion,
        wording: wordingOf(c.kind, c.wordingVersion)?.label ?? null,
        source: c.source,
        at: c.createdAt,
      })),
      sessions: sessions.map(({ tokenHash: _secret, ...session }) => session),
      passkeys: passkeys.map((p) => ({ ...p, publicKey: Buffer.from(p.publicKey).toString('base64url') })),
      pendingLinks: links.map(({ data, ...link }) => ({ ...link, ...(typeof data.newEmail === 'string' ? { newEmail: data.newEmail } : {}) })),
    };
  },
  covers: {
    export: [
      ...USER_COLUMNS.map((c) => `users.${c}`),
      'sessions.user_id',
      'sessions.ip',
      'sessions.user_agent',
      'passkeys.user_id',
      'consents.user_id',
      'account_links.user_id',
      'account_links.email',
    ],
    erase: [
      ...USER_COLUMNS.map((c) => `users.${c}`),
      'sessions.user_id',
      'sessions.ip',
      'sessions.user_agent',
      'passkeys.user_id',
      'consents.user_id',
      'account_links.user_id',
      'account_links.email',
      'webauthn_challenges.user_id',
    ],
  },
};
