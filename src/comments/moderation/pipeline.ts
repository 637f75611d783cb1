/**
 * Moderation as a pipeline of small pure phases. Each looks at one thing and may return a
 * verdict (publish, hold for review, reject) with a reason a moderator (and, for holds and
 * rejections, the reader) is shown. All phases run, so a moderator sees every finding; the
 * strongest verdict decides: reject over hold over publish. A phase's "publish" is a vouch
 * (a trusted reader) that outweighs holds from the phases that only suspect something, never a
 * rejection.
 */
export type Action = 'publish' | 'hold' | 'reject';

export interface Finding {
  phase: string;
  action: Action;
  /** Shown to moderators; for holds and rejections also to the reader, so it names no secret list. */
  reason: string;
}

export interface DiscussionState {
  mode: 'open' | 'premoderated' | 'closed';
  /** When an open discussion closes by itself (auto-close after N days), if it does. */
  closesAt: Date | null;
}

export interface AuthorRecord {
  createdAt: Date;
  staff: boolean;
  /** The reader's own comments, newest first, from the last day: for rate and repeat checks. */
  recent: { at: Date; text: string }[];
  published: number;
  rejected: number;
  /** Comments of theirs that moderators removed after readers flagged them. */
  removedAfterFlags: number;
}

export interface ModerationSettings {
  minLength: number;
  maxLength: number;
  /** At most `count` comments per `windowMs` per reader. */
  rate: { count: number; windowMs: number };
  bannedWords: string[];
  suspectWords: string[];
  /** More links than this hold the comment. */
  maxLinks: number;
  /** The same text again within this long is refused. */
  repeatWindowMs: number;
  /** A reader's first this-many comments wait for a moderator. */
  newReaderComments: number;
  /** Classifier score from which a comment is held. */
  classifierHoldAt: number;
}

export const DEFAULT_SETTINGS: ModerationSettings = {
  minLength: 2,
  maxLength: 5_000,
  rate: { count: 5, windowMs: 60_000 },
  bannedWords: [],
  suspectWords: [],
  maxLinks: 2,
  repeatWindowMs: 24 * 60 * 60_000,
  newReaderComments: 1,
  classifierHoldAt: 0.7,
};

export interface Submission {
  text: string;
  now: Date;
  discussion: DiscussionState;
  author: AuthorRecord;
  settings: ModerationSettings;
  /** The classifier's score for the text (0 harmless .. 1 abusive), computed before the pipeline; 'unavailable' when it could not answer. */
  classifier: { score: number; labels: string[] } | 'unavailable' | null;
  /** Links in the text, as the renderer would make them. */
  links: string[];
}

export type Phase = { name: string; run: (submission: Submission) => Omit<Finding, 'phase'> | null };

export interface Decision {
  action: Action;
  findings: Finding[];
  /** The finding that decided, if any phase had something to say. */
  decisive: Finding | null;
}

const RANK: Record<Action, number> = { publish: 0, hold: 1, reject: 2 };

export function decide(phases: Phase[], submission: Submission): Decision {
  const findings: Finding[] = [];
  for (const phase of phases) {
    const found = phase.run(submission);
    if (found) findings.push({ phase: phase.name, ...found });
  }
  const reject = findings.find((f) => f.action === 'reject');
  if (reject) return { action: 'reject', findings, decisive: reject };
  const vouch = findings.find((f) => f.action === 'publish');
  const hold = findings.find((f) => f.action === 'hold');
  // A vouch outweighs suspicion, except where the article itself asks for every comment to wait.
  if (hold && (!vouch || hold.phase === 'discussion')) return { action: 'hold', findings, decisive: hold };
  return { action: 'publish', findings, decisive: vouch ?? null };
}

export const strongest = (a: Action, b: Action): Action => (RANK[a] >= RANK[b] ? a : b);
