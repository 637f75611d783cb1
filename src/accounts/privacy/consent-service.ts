import { AppError, invalid } from '../../platform/errors.ts';
import { CONSENT_WORDINGS, latestWording, wordingOf } from '../consents.ts';
import type { AccountsDeps } from '../flows/deps.ts';
import { consentHistory, lockAccount, recordConsent, type ConsentRecord } from './consent-repository.ts';

/** One consent as the reader sees it: what they agreed to, in the words they saw, and since when. */
export interface ConsentState {
  kind: string;
  granted: boolean;
  /** The wording of the answer in force, and its version. */
  wording: string;
  version: number;
  /** When the answer in force was given; null for a question offered but never answered. */
  since: Date | null;
  /** A condition of taking part (the community standards): it ends with the account, not here. */
  required: boolean;
  /** Still asked for: a retired question can be withdrawn, never given again. */
  offered: boolean;
  history: { granted: boolean; version: number; wording: string; source: string; at: Date }[];
}

const UNKNOWN_WORDING = '(wording not on record)';

/** Pure: the reader's history of choices, as the consent in force per kind with its history. */
export function consentStates(history: readonly ConsentRecord[]): ConsentState[] {
  const byKind = new Map<string, ConsentState>();
  for (const record of history) {
    const wording = wordingOf(record.kind, record.wordingVersion);
    const entry = {
      granted: record.granted,
      version: record.wordingVersion,
      wording: wording?.label ?? UNKNOWN_WORDING,
      source: record.source,
      at: record.createdAt,
    };
    const latest = latestWording(record.kind);
    const state: ConsentState = byKind.get(record.kind) ?? {
      kind: record.kind,
      granted: false,
      wording: '',
      version: 0,
      since: record.createdAt,
      required: !!latest?.required,
      offered: !!latest?.offered,
      history: [],
    };
    state.history.push(entry);
    Object.assign(state, { granted: record.granted, wording: entry.wording, version: record.wordingVersion, since: record.createdAt });
    byKind.set(record.kind, state);
  }
  return [...byKind.values()];
}

/** The reader's consents, and any optional question asked now that they have not answered. */
export async function listConsentStates(deps: AccountsDeps, userId: string): Promise<ConsentState[]> {
  const states = consentStates(await consentHistory(deps.database.db, userId));
  for (const question of CONSENT_WORDINGS) {
    if (!question.offered || question.required || states.some((s) => s.kind === question.kind) || latestWording(question.kind) !== question) continue;
    states.push({
      kind: question.kind,
      granted: false,
      wording: question.label,
      version: question.version,
      since: null,
      required: false,
      offered: true,
      history: [],
    });
  }
  return states;
}

/**
 * Gives or withdraws one consent from the consents page, recorded as a new entry in the
 * reader's history (never by changing an old one). Returns false when it was already so.
 */
export async function changeConsent(deps: AccountsDeps, userId: string, kind: string | undefined, grant: string | undefined): Promise<boolean> {
  const wording = kind === undefined ? undefined : latestWording(kind);
  if (!wording) throw invalid('kind', 'There is no such consent.');
  if (grant !== 'give' && grant !== 'withdraw') throw invalid('choice', 'Choose whether to give or withdraw this consent.');
  if (wording.required)
    throw new AppError(
      'invalid',
      'The community standards are what taking part in discussions asks of everyone: they end with your account, not here.',
      'kind',
    );
  const granted = grant === 'give';
  if (granted && !wording.offered) throw new AppError('invalid', 'We no longer ask for this consent, so it cannot be given again.', 'kind');
  return deps.database.transaction(async (tx) => {
    await lockAccount(tx, userId);
    const current = consentStates(await consentHistory(tx, userId)).find((s) => s.kind === wording.kind);
    if ((current?.granted ?? false) === granted) return false;
    await recordConsent(tx, userId, { kind: wording.kind, granted, wordingVersion: wording.version, source: 'consents-page' }, deps.now());
    return true;
  });
}
