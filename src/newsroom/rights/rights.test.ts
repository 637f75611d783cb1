import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../platform/errors.ts';
import { assertMay, assertMayChangePicture, may, rightsFor } from './rights.ts';

describe('newsroom rights', () => {
  it('contributors write drafts and nothing else', () => {
    assert.equal(may('contributor', 'create', 'draft'), true);
    assert.equal(may('contributor', 'edit', 'draft'), true);
    assert.equal(may('contributor', 'edit', 'in_review'), false);
    assert.equal(may('contributor', 'submit', 'draft'), false);
    assert.equal(may('contributor', 'publish', 'draft'), false);
  });

  it('writers submit and keep editing until an article is live', () => {
    assert.equal(may('writer', 'submit', 'draft'), true);
    assert.equal(may('writer', 'edit', 'in_review'), true);
    assert.equal(may('writer', 'edit', 'published'), false);
    assert.equal(may('writer', 'edit', 'scheduled'), false);
    assert.equal(may('writer', 'publish', 'in_review'), false);
    assert.equal(may('writer', 'schedule', 'in_review'), false);
  });

  it('editors and admins publish, schedule, correct and change live articles', () => {
    for (const role of ['editor', 'admin'] as const) {
      for (const right of ['publish', 'schedule', 'unpublish', 'correct', 'delete'] as const)
        assert.equal(may(role, right, 'published'), true, `${role} ${right}`);
      assert.equal(may(role, 'edit', 'published'), true);
    }
  });

  it('a refusal is a 403 that names the role and what it may not do', () => {
    assert.throws(
      () => assertMay('contributor', 'publish', 'draft'),
      (error: unknown) => error instanceof AppError && error.code === 'forbidden' && /As a contributor you cannot publish articles/.test(error.message),
    );
    assert.throws(() => assertMay('writer', 'edit', 'published'), /change an article that is published/);
    assert.doesNotThrow(() => assertMay('editor', 'publish', 'in_review'));
  });

  it('lists every right for the editor buttons', () => {
    const rights = rightsFor('writer', 'draft');
    assert.deepEqual(
      Object.entries(rights)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort(),
      ['create', 'edit', 'return', 'submit'],
    );
  });

  it('a picture live articles show is changed only by a role that may change them', () => {
    const live = [
      { headline: 'Storm closes the bridge', status: 'published' as const },
      { headline: 'Draft', status: 'draft' as const },
    ];
    for (const role of ['contributor', 'writer'] as const) {
      assert.throws(
        () => assertMayChangePicture(role, live),
        (e: unknown) =>
          e instanceof AppError && e.code === 'forbidden' && /a published article shows \(“Storm closes the bridge”\); ask an editor/.test(e.message),
      );
    }
    assert.throws(() => assertMayChangePicture('writer', [{ headline: 'Tomorrow', status: 'scheduled' }]), /a scheduled article will show/);
    for (const role of ['editor', 'admin'] as const) assertMayChangePicture(role, live);
    // Pictures readers cannot see yet stay every staff member's to describe.
    assertMayChangePicture('contributor', [
      { headline: 'Draft', status: 'draft' },
      { headline: 'Back', status: 'unpublished' },
      { headline: 'Review', status: 'in_review' },
    ]);
    assertMayChangePicture('contributor', []);
  });
});
