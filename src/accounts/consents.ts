/**
 * What readers are asked when they register. The wording version is stored with every answer,
 * so a change of wording is a new version and old answers keep meaning what they meant.
 */
export interface ConsentQuestion {
  kind: string;
  version: number;
  /** A condition of taking part (agreed once, ends with the account), not a choice to change. */
  required: boolean;
  label: string;
}

/** Every wording ever shown, so each answer on record can be read with what was asked. */
export interface ConsentWording extends ConsentQuestion {
  /** Still asked for. A retired question can be withdrawn by those who agreed, never given again. */
  offered: boolean;
}

export const CONSENT_WORDINGS: readonly ConsentWording[] = [
  { kind: 'community-standards', version: 1, required: true, offered: true, label: 'I will follow the community standards when I take part in discussions.' },
  // Asked at registration until the site was found to send no such e-mail: a consent for
  // something the site does not do is not asked for. Those who agreed can withdraw it.
  { kind: 'newsletter', version: 1, required: false, offered: false, label: 'Send me the morning briefing by e-mail (you can stop it at any time).' },
];

/** The questions asked now: the newest offered wording of each kind. */
export const CONSENT_QUESTIONS: readonly ConsentQuestion[] = CONSENT_WORDINGS.filter((w) => w.offered).map(({ kind, version, required, label }) => ({
  kind,
  version,
  required,
  label,
}));

/** Pure: the wording an answer was given to, if the site knows it. */
export const wordingOf = (kind: string, version: number): ConsentWording | undefined => CONSENT_WORDINGS.find((w) => w.kind === kind && w.version === version);

/** Pure: the newest wording of a kind, offered or not. */
export const latestWording = (kind: string): ConsentWording | undefined =>
  CONSENT_WORDINGS.filter((w) => w.kind === kind).sort((a, b) => b.version - a.version)[0];

/** Pure: the answers to store, or the first required question left unticked. */
export function readConsents(
  answers: Readonly<Record<string, string | undefined>>,
): { kind: string; version: number; granted: boolean }[] | { missing: ConsentQuestion } {
  const out = [];
  for (const question of CONSENT_QUESTIONS) {
    const granted = answers[question.kind] === 'on' || answers[question.kind] === 'yes';
    if (question.required && !granted) return { missing: question };
    out.push({ kind: question.kind, version: question.version, granted });
  }
  return out;
}
