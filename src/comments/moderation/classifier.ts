import { wordsOf } from './normalize.ts';

/**
 * What the moderation pipeline asks of a classifier. The default runs here, needs no outside
 * service and no model download; a newsroom can register another (a hosted model, a local ONNX
 * one) that keeps this shape.
 */
export interface Classifier {
  name: string;
  classify(text: string): Promise<{ score: number; labels: string[] }>;
}

type Label = 'insult' | 'threat' | 'profanity' | 'identity attack';

/**
 * Our own small lexicon: each entry's weight is how likely a comment using it is abusive on
 * its own. Several cues combine as independent evidence (1 - product of 1 - weight), and an
 * insult aimed at "you" weighs more than one about an idea.
 */
const LEXICON: Record<string, { label: Label; weight: number }> = {
  idiot: { label: 'insult', weight: 0.55 },
  idiots: { label: 'insult', weight: 0.5 },
  moron: { label: 'insult', weight: 0.6 },
  morons: { label: 'insult', weight: 0.55 },
  stupid: { label: 'insult', weight: 0.35 },
  imbecile: { label: 'insult', weight: 0.6 },
  scum: { label: 'insult', weight: 0.6 },
  loser: { label: 'insult', weight: 0.4 },
  pathetic: { label: 'insult', weight: 0.3 },
  clown: { label: 'insult', weight: 0.3 },
  troll: { label: 'insult', weight: 0.3 },
  vermin: { label: 'identity attack', weight: 0.6 },
  subhuman: { label: 'identity attack', weight: 0.8 },
  parasites: { label: 'identity attack', weight: 0.5 },
  kill: { label: 'threat', weight: 0.45 },
  hurt: { label: 'threat', weight: 0.25 },
  shoot: { label: 'threat', weight: 0.4 },
  hang: { label: 'threat', weight: 0.35 },
  die: { label: 'threat', weight: 0.35 },
  'find you': { label: 'threat', weight: 0.55 },
  'watch your back': { label: 'threat', weight: 0.75 },
  damn: { label: 'profanity', weight: 0.15 },
  crap: { label: 'profanity', weight: 0.2 },
  shit: { label: 'profanity', weight: 0.35 },
  bullshit: { label: 'profanity', weight: 0.35 },
  fuck: { label: 'profanity', weight: 0.5 },
  fucking: { label: 'profanity', weight: 0.45 },
  bastard: { label: 'profanity', weight: 0.45 },
};

const SECOND_PERSON = new Set(['you', 'your', 'youre', 'u', 'ur', 'yourself']);

/** Pure: the score and labels of a text. */
export function scoreText(text: string): { score: number; labels: string[] } {
  const words = wordsOf(text);
  const joined = ` ${words.join(' ')} `;
  const addressed = words.some((w) => SECOND_PERSON.has(w));
  let harmless = 1;
  const labels = new Set<Label>();
  for (const [entry, { label, weight }] of Object.entries(LEXICON)) {
    if (!joined.includes(` ${entry} `)) continue;
    // Aimed at someone, an insult or a threat weighs half as much again.
    const aimed = addressed && (label === 'insult' || label === 'threat') ? Math.min(0.95, weight * 1.5) : weight;
    harmless *= 1 - aimed;
    labels.add(label);
  }
  // Shouting adds a little, never enough alone.
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  if (letters.length >= 20 && upper / letters.length > 0.7) harmless *= 0.9;
  return { score: Math.round((1 - harmless) * 1000) / 1000, labels: [...labels] };
}

export const localClassifier: Classifier = {
  name: 'local-lexicon',
  classify: async (text) => scoreText(text),
};

/** What the pipeline is told when the classifier could not answer: the comment then waits for a person. */
export const UNAVAILABLE = 'unavailable' as const;
export type ClassifierResult = { score: number; labels: string[] } | typeof UNAVAILABLE;

/**
 * A classifier's answer, or UNAVAILABLE when it failed or took longer than `timeoutMs`: a
 * newsroom's own model (a hosted service, say) must never turn a reader's post into an error
 * or keep it waiting, and must never let an unchecked comment straight through.
 */
export async function classifyGuarded(classifier: Classifier, text: string, timeoutMs = 2_000): Promise<ClassifierResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof UNAVAILABLE>((resolve) => (timer = setTimeout(() => resolve(UNAVAILABLE), timeoutMs)));
  try {
    const result = await Promise.race([classifier.classify(text), timeout]);
    if (result === UNAVAILABLE) return result;
    if (typeof result?.score !== 'number' || !Number.isFinite(result.score) || !Array.isArray(result.labels)) return UNAVAILABLE;
    return { score: Math.min(1, Math.max(0, result.score)), labels: result.labels.map(String) };
  } catch {
    return UNAVAILABLE;
  } finally {
    clearTimeout(timer);
  }
}

/** Pure: true when `value` (a module's default export) has the Classifier shape. */
export const isClassifier = (value: unknown): value is Classifier =>
  !!value && typeof value === 'object' && typeof (value as Classifier).name === 'string' && typeof (value as Classifier).classify === 'function';
