import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testdata } from '../../../test/support/testdata.ts';
import { linksIn } from '../format/parse.ts';
import { classifyGuarded, scoreText, UNAVAILABLE, type Classifier } from './classifier.ts';
import { matchList, normalizeForMatching, spelledOut } from './normalize.ts';
import * as phases from './phases.ts';
import { decide, DEFAULT_SETTINGS, type Submission } from './pipeline.ts';

const NOW = new Date('2026-11-27T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

/** A regular reader posting an ordinary comment on an open article; each test changes one thing. */
function submission(over: Partial<Submission> & { text?: string } = {}): Submission {
  const text = over.text ?? 'The council should publish the full costs before the vote.';
  return {
    text,
    now: NOW,
    discussion: { mode: 'open', closesAt: null },
    author: { createdAt: ago(90 * 86_400_000), staff: false, recent: [], published: 5, rejected: 0, removedAfterFlags: 0 },
    settings: { ...DEFAULT_SETTINGS, bannedWords: ['slurword'], suspectWords: ['lottery win'] },
    classifier: scoreText(text),
    links: linksIn(text),
    ...over,
  };
}

describe('moderation phases, one by one', () => {
  it('length: empty, whitespace-only and overlong are refused with the reason', () => {
    assert.equal(phases.length.run(submission({ text: '' }))?.action, 'reject');
    assert.match(phases.length.run(submission({ text: ' \n\t\u200b ' }))!.reason, /empty/);
    assert.match(phases.length.run(submission({ text: 'x'.repeat(5_001) }))!.reason, /5001 characters long; the most is 5000/);
    assert.equal(phases.length.run(submission({ text: '👨‍👩‍👧‍👦'.repeat(2) })), null, 'an emoji family counts as one character');
    assert.equal(phases.length.run(submission()), null);
  });

  it('discussion: closed and auto-closed refuse; pre-moderated holds', () => {
    assert.equal(phases.discussion.run(submission({ discussion: { mode: 'closed', closesAt: null } }))?.action, 'reject');
    assert.equal(phases.discussion.run(submission({ discussion: { mode: 'open', closesAt: ago(1) } }))?.action, 'reject');
    assert.equal(phases.discussion.run(submission({ discussion: { mode: 'open', closesAt: new Date(NOW.getTime() + 1) } })), null);
    assert.equal(phases.discussion.run(submission({ discussion: { mode: 'premoderated', closesAt: null } }))?.action, 'hold');
  });

  it('rate: the sixth comment within a minute waits, and says how long', () => {
    const recent = [10, 20, 30, 40, 50].map((s) => ({ at: ago(s * 1000), text: `comment ${s}` }));
    const found = phases.rate.run(submission({ author: { ...submission().author, recent } }));
    assert.equal(found?.action, 'reject');
    assert.match(found!.reason, /try again in 10 seconds/);
    assert.equal(phases.rate.run(submission({ author: { ...submission().author, recent: recent.slice(1) } })), null);
    assert.equal(phases.rate.run(submission({ author: { ...submission().author, recent, staff: true } })), null);
  });

  it('banned words: refused without naming the word, through disguises', () => {
    for (const text of ['You are a slurword.', 'SLURWORD!!', 'sl\u00fcrword', 'slurrrrword', 's\u200blurword', 'ｓｌｕｒｗｏｒｄ', 'slurw0rd']) {
      const found = phases.bannedWords.run(submission({ text }));
      assert.equal(found?.action, 'reject', text);
      assert.doesNotMatch(found!.reason, /slurword/);
    }
    assert.equal(phases.bannedWords.run(submission({ text: 'slurwords are not this word' })), null, 'whole words only');
  });

  it('suspect words: held, and the moderator sees which', () => {
    const found = phases.suspectWords.run(submission({ text: 'Claim your LOTTERY   win today' }));
    assert.equal(found?.action, 'hold');
    assert.match(found!.reason, /lottery win/);
  });

  it('links: more than two are held; staff are not', () => {
    const text = 'https://a.example https://b.example https://c.example';
    assert.equal(phases.links.run(submission({ text, links: linksIn(text) }))?.action, 'hold');
    assert.equal(
      phases.links.run(submission({ text: 'https://a.example and https://b.example', links: linksIn('https://a.example and https://b.example') })),
      null,
    );
  });

  it('repeat text: the same words again within a day are refused', () => {
    const author = { ...submission().author, recent: [{ at: ago(3_600_000), text: 'the council should publish the FULL costs before the vote' }] };
    assert.equal(phases.repeatText.run(submission({ author }))?.action, 'reject');
    const old = { ...author, recent: [{ at: ago(2 * 86_400_000), text: author.recent[0]!.text }] };
    assert.equal(phases.repeatText.run(submission({ author: old })), null);
  });

  it('new readers: the first comment waits for a moderator', () => {
    assert.equal(phases.newReader.run(submission({ author: { ...submission().author, published: 0 } }))?.action, 'hold');
    assert.equal(phases.newReader.run(submission()), null);
  });

  it('reputation: staff and readers in good standing are vouched for; readers often removed are held', () => {
    assert.equal(phases.reputation.run(submission({ author: { ...submission().author, staff: true } }))?.action, 'publish');
    assert.equal(phases.reputation.run(submission({ author: { ...submission().author, published: 40 } }))?.action, 'publish');
    assert.equal(phases.reputation.run(submission({ author: { ...submission().author, published: 6, rejected: 2, removedAfterFlags: 1 } }))?.action, 'hold');
    assert.equal(phases.reputation.run(submission()), null);
  });

  it('classifier: the local one scores abuse high and argument low', () => {
    for (const text of ['You are an idiot and a moron.', 'Watch your back, I will find you.', 'These people are vermin and subhuman.']) {
      const result = scoreText(text);
      assert.ok(result.score >= DEFAULT_SETTINGS.classifierHoldAt, `${text}: ${result.score}`);
      assert.equal(phases.classifier.run(submission({ text, classifier: result }))?.action, 'hold');
    }
    for (const text of [
      'I think this policy is a mistake and the figures do not add up.',
      'The bridge will kill the view, but I support it.',
      'Great reporting, thank you.',
    ]) {
      assert.ok(scoreText(text).score < DEFAULT_SETTINGS.classifierHoldAt, `${text}: ${scoreText(text).score}`);
    }
    assert.deepEqual(scoreText('you absolute 1d10t').labels, ['insult']);
  });
});

describe('the pipeline', () => {
  it('publishes an ordinary comment with no findings', () => {
    assert.deepEqual(decide(phases.PHASES, submission()), { action: 'publish', findings: [], decisive: null });
  });

  it('runs every phase: a rejection wins over holds, and the moderator sees all findings', () => {
    const text = 'slurword https://a.example https://b.example https://c.example';
    const decision = decide(phases.PHASES, submission({ text, links: linksIn(text), author: { ...submission().author, published: 0 } }));
    assert.equal(decision.action, 'reject');
    assert.equal(decision.decisive?.phase, 'banned-words');
    assert.deepEqual(
      decision.findings.map((f) => f.phase),
      ['banned-words', 'links', 'new-reader'],
    );
  });

  it('a vouch outweighs suspicion but not pre-moderation or a rejection', () => {
    const staff = { ...submission().author, staff: true, published: 0 };
    const suspect = submission({ text: 'A lottery win for the town', author: staff });
    assert.equal(decide(phases.PHASES, suspect).action, 'publish');
    assert.equal(decide(phases.PHASES, { ...suspect, discussion: { mode: 'premoderated', closesAt: null } }).action, 'hold');
    assert.equal(decide(phases.PHASES, { ...suspect, discussion: { mode: 'closed', closesAt: null } }).action, 'reject');
  });

  it('never throws on hostile or odd text', () => {
    for (const text of [...testdata.xss(), ...testdata.unicode().map((c) => c.value!), ...testdata.naughty()]) {
      const decision = decide(phases.PHASES, submission({ text, classifier: scoreText(text), links: linksIn(text) }));
      assert.ok(['publish', 'hold', 'reject'].includes(decision.action));
    }
  });
});

describe('matching', () => {
  it('undoes accents, width, invisible characters, digits for letters and stretched letters', () => {
    assert.equal(normalizeForMatching('Ｃａｆé ｉｄ1ot\u200b!!! baaaad'), 'cafe idiot!!! bad');
    assert.deepEqual(matchList('What a b@d idea', ['bad idea', 'good']), ['bad idea']);
  });

  it('finds words spelled out letter by letter, and not inside other words', () => {
    assert.deepEqual(matchList('a real F.R.A.U.D here', ['fraud']), ['fraud']);
    assert.deepEqual(matchList('a real f r a u d here', ['fraud']), ['fraud']);
    assert.deepEqual(matchList('defrauded investors', ['fraud']), []);
    assert.deepEqual(matchList('He is a F.R.A.U.D.S.T.E.R!', ['fraudster']), ['fraudster']);
    assert.deepEqual(spelledOut(['i', 'am', 'a', 'b', 'c', 'ok', 'x', 'y']), ['abc']);
  });
});

describe('a classifier that fails', () => {
  const failing = (classify: Classifier['classify']): Classifier => ({ name: 'test', classify });
  it('is unavailable when it throws, hangs or answers nonsense, and the phase then holds', async () => {
    assert.equal(
      await classifyGuarded(
        failing(async () => {
          throw new Error('down');
        }),
        'text',
      ),
      UNAVAILABLE,
    );
    assert.equal(
      await classifyGuarded(
        failing(() => new Promise(() => {})),
        'text',
        20,
      ),
      UNAVAILABLE,
    );
    assert.equal(
      await classifyGuarded(
        failing(async () => ({ score: Number.NaN, labels: [] })),
        'text',
      ),
      UNAVAILABLE,
    );
    assert.deepEqual(
      await classifyGuarded(
        failing(async () => ({ score: 3, labels: ['x'] })),
        'text',
      ),
      { score: 1, labels: ['x'] },
    );
    assert.equal(phases.classifier.run(submission({ classifier: UNAVAILABLE }))?.action, 'hold');
  });
});
