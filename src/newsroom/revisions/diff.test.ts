import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Block } from '../../content/blocks.ts';
import { diffSnapshots } from './diff.ts';

const p = (text: string): Block => ({ type: 'paragraph', content: [{ text }] });
const snapshot = (over: Record<string, unknown> = {}) => ({
  status: 'draft',
  headline: 'Council votes on the bridge',
  standfirst: 'A long debate ends.',
  authors: [{ name: 'Ada Reporter' }],
  section: { name: 'Politics' },
  topics: [],
  editions: ['uk'],
  commentsEnabled: true,
  body: [p('One.'), p('Two.'), p('Three.'), p('Four.'), p('Five.'), p('Six.')],
  ...over,
});

describe('revision diff', () => {
  it('shows changed words of a field, and nothing for unchanged fields', () => {
    const diff = diffSnapshots(snapshot(), snapshot({ headline: 'Council rejects the bridge' }));
    assert.deepEqual(
      diff.fields.map((f) => f.field),
      ['headline'],
    );
    const parts = diff.fields[0]!.parts;
    assert.ok(parts.some((x) => x.kind === 'removed' && x.text.includes('votes on')));
    assert.ok(parts.some((x) => x.kind === 'added' && x.text.includes('rejects')));
    assert.equal(diff.bodyChanged, false);
  });

  it('compares the body block by block, words inside a changed paragraph, unchanged blocks folded', () => {
    const after = snapshot().body as Block[];
    const changed = [...after.slice(0, 4), p('Five and a half.'), { type: 'divider' } as Block];
    const diff = diffSnapshots(snapshot(), snapshot({ body: changed }));
    assert.equal(diff.bodyChanged, true);
    assert.deepEqual(
      diff.body.map((r) => r.kind),
      ['folded', 'same', 'changed', 'removed', 'added'],
    );
    const row = diff.body[2]!;
    assert.ok(row.kind === 'changed' && row.parts.some((x) => x.kind === 'added' && x.text.includes('and a half')));
    assert.ok(diff.body[0]!.kind === 'folded' && diff.body[0]!.count === 3);
  });

  it('treats the first revision as all new', () => {
    const diff = diffSnapshots(null, snapshot());
    assert.ok(diff.fields.some((f) => f.field === 'headline'));
    assert.equal(diff.body.filter((r) => r.kind === 'added').length, 6);
  });

  it('shows a correction note added in the version', () => {
    const diff = diffSnapshots(snapshot(), snapshot({ corrections: [{ kind: 'correction', note: 'The vote was on Tuesday.' }] }));
    assert.deepEqual(
      diff.fields.map((f) => f.field),
      ['corrections'],
    );
    assert.equal(diff.fields[0]!.parts.map((p) => p.text).join(''), 'Correction: The vote was on Tuesday.');
  });

  it('keeps hostile text as text (rendering escapes it)', () => {
    const xss = '<img src=x onerror=alert(1)>';
    const diff = diffSnapshots(snapshot(), snapshot({ standfirst: xss }));
    assert.equal(
      diff.fields[0]!.parts.filter((x) => x.kind === 'added')
        .map((x) => x.text)
        .join(''),
      xss,
    );
  });
});
