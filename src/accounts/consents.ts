/**
 * What readers are asked when they register. The wording version is stored with every answer,
 * so a change of wording is a new version and old answers keep meaning what they meant.
 */
export interface ConsentQuestion {
  kind: string;
  version: number;
  required: boolean;
  label: string;
}

export const CONSENT_QUESTIONS: readonly ConsentQuestion[] = [
  { kind: 'community-standards', version: 1, required: true, label: 'I will follow the community standards when I take part in discussions.' },
  { kind: 'newsletter', version: 1, required: false, label: 'Send me the morning briefing by e-mail (you can stop it at any time).' },
];

/** Pure: the answers to store, or the first required question left unticked. */
export function readConsents(answers: Record<string, unknown>): { kind: string; version: number; granted: boolean }[] | { missing: ConsentQuestion } {
  const out = [];
  for (const question of CONSENT_QUESTIONS) {
    const granted = answers[question.kind] === true || answers[question.kind] === 'on' || answers[question.kind] === 'yes';
    if (question.required && !granted) return { missing: question };
    out.push({ kind: question.kind, version: question.version, granted });
  }
  return out;
}
