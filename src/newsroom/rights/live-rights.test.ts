import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { assertMayOnEntry, entryRightsFor, mayOnEntry, mayRunBlog, maySeeEntry, releaseFor } from './live-rights.ts';
import { assertMayRelease, mayRelease } from './live-release.ts';

describe('live blog rights', () => {
  it('lets only editors and admins make, set up, open and close a live blog', () => {
    assert.deepEqual(
      (['contributor', 'writer', 'editor', 'admin'] as const).map((r) => mayRunBlog(r, 'open-close')),
      [false, false, true, true],
    );
  });

  it('holds contributors always, writers only when the blog holds entries, editors never', () => {
    assert.equal(releaseFor('contributor', false), 'hold');
    assert.equal(releaseFor('writer', false), 'publish');
    assert.equal(releaseFor('writer', true), 'hold');
    assert.equal(releaseFor('editor', true), 'publish');
    assert.equal(releaseFor('admin', true), 'publish');
  });

  it("lets writers edit, delete and mark as key event their own published entries, not another's", () => {
    const own = { status: 'published', own: true } as const;
    const theirs = { status: 'published', own: false } as const;
    assert.equal(mayOnEntry('writer', 'edit', own), true);
    assert.equal(mayOnEntry('writer', 'delete', own), true);
    assert.equal(mayOnEntry('writer', 'key-event', own), true);
    assert.equal(mayOnEntry('writer', 'edit', theirs), false);
    assert.equal(mayOnEntry('writer', 'delete', theirs), false);
    assert.equal(mayOnEntry('writer', 'key-event', theirs), false);
  });

  it('keeps pinning, scheduling and publishing held entries for editors', () => {
    const own = { status: 'held', own: true } as const;
    for (const right of ['pin', 'schedule', 'publish-held'] as const) {
      assert.equal(mayOnEntry('writer', right, own), false, right);
      assert.equal(mayOnEntry('editor', right, { status: 'held', own: false }), true, right);
    }
    assert.throws(() => assertMayOnEntry('writer', 'pin', own), /As a writer you cannot pin entries; ask an editor/);
  });

  it("lets contributors change their own held entries but not published ones, nor others'", () => {
    assert.equal(mayOnEntry('contributor', 'edit', { status: 'held', own: true }), true);
    assert.equal(mayOnEntry('contributor', 'edit', { status: 'published', own: true }), false);
    assert.equal(mayOnEntry('contributor', 'edit', { status: 'draft', own: false }), false);
    assert.equal(mayOnEntry('contributor', 'key-event', { status: 'draft', own: true }), false);
  });

  it('gives editors every entry right on anyone’s entry', () => {
    assert.ok(Object.values(entryRightsFor('editor', { status: 'published', own: false })).every(Boolean));
  });
});

describe('who sees a live entry', () => {
  const ada = { account: 'ada' };
  const hers = { creatorId: 'ada' };
  const others = { creatorId: 'ben' };
  const scripts = { creatorId: null };

  it('keeps a draft to whoever started it: a person by account, the Admin API its tokens’ drafts', () => {
    assert.equal(maySeeEntry(ada, { status: 'draft', ...hers }), true);
    assert.equal(maySeeEntry(ada, { status: 'draft', ...others }), false);
    assert.equal(maySeeEntry(ada, { status: 'draft', ...scripts }), false);
    assert.equal(maySeeEntry('api', { status: 'draft', ...scripts }), true);
    assert.equal(maySeeEntry('api', { status: 'draft', ...hers }), false);
  });

  it('shows an entry sent on to everyone, and a deleted one to nobody', () => {
    for (const status of ['held', 'scheduled', 'published'] as const) {
      for (const reader of [ada, 'api'] as const) assert.equal(maySeeEntry(reader, { status, ...others }), true, status);
    }
    assert.equal(maySeeEntry(ada, { status: 'deleted', ...hers }), false);
  });

  it("gives nobody, editors included, a right on another's draft", () => {
    assert.ok(Object.values(entryRightsFor('editor', { status: 'draft', own: false })).every((right) => !right));
    assert.equal(mayRelease('admin', 'publish', { status: 'draft', own: false }, false), false);
    assert.equal(mayOnEntry('editor', 'edit', { status: 'draft', own: true }), true);
  });
});

describe('sending a live entry on', () => {
  const own = { status: 'draft', own: true } as const;
  it('lets a writer publish their own draft unless the blog holds entries, and never schedule', () => {
    assert.equal(mayRelease('writer', 'publish', own, false), true);
    assert.equal(mayRelease('writer', 'publish', own, true), false);
    assert.equal(mayRelease('writer', 'hold', own, true), true);
    assert.equal(mayRelease('writer', 'schedule', own, false), false);
  });
  it("keeps held entries and others' drafts for editors", () => {
    assert.equal(mayRelease('writer', 'publish', { status: 'held', own: true }, false), false);
    assert.equal(mayRelease('contributor', 'publish', own, false), false);
    assert.equal(mayRelease('editor', 'publish', { status: 'held', own: false }, true), true);
    assert.throws(() => assertMayRelease('contributor', 'publish', own, false), /As a contributor you cannot publish on this live blog/);
  });
});
