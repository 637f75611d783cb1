import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Role } from '../../web/roles.ts';
import { judgeFactorChange, passkeyIsStrong, passkeyUserVerification, staffGate, type FactorChange, type FactorProof } from './rules.ts';

const none: FactorProof = { strongSession: false, enrolmentGrant: false, appCode: false };
const account = (role: Role, hasApp = false, hasPasskey = false, verifiedPasskey = hasPasskey) => ({ role, hasApp, hasPasskey, verifiedPasskey });
const judge = (change: FactorChange, acc: ReturnType<typeof account>, proof: Partial<FactorProof> = {}) =>
  judgeFactorChange(change, acc, { ...none, ...proof });

describe('second-factor rules', () => {
  it('gives a password-only session of an account with a passkey no way to add or remove factors', () => {
    for (const role of ['reader', 'editor'] as const) {
      const withPasskey = account(role, false, true);
      assert.deepEqual(judge('add-app', withPasskey), { allowed: false, needs: 'strong-session' }, role);
      assert.deepEqual(judge('add-passkey', withPasskey), { allowed: false, needs: 'strong-session' }, role);
      assert.deepEqual(judge('remove-passkey', withPasskey), { allowed: false, needs: 'strong-session' }, role);
      // An enrolment grant is for a first factor only: it does not open an account that has one.
      assert.deepEqual(judge('add-passkey', withPasskey, { enrolmentGrant: true }), { allowed: false, needs: 'strong-session' }, role);
      assert.deepEqual(judge('add-passkey', withPasskey, { strongSession: true }), { allowed: true, strengthens: false }, role);
    }
  });

  it("lets an admin's enrolment link add a factor to staff whose factors cannot sign them in strongly, and nothing more", () => {
    for (const role of ['moderator', 'editor', 'admin'] as const) {
      const lockedOut = account(role, false, true, false);
      for (const change of ['add-app', 'add-passkey'] as const) {
        assert.deepEqual(judge(change, lockedOut), { allowed: false, needs: 'strong-session' }, `${role} ${change} without the link`);
        assert.deepEqual(judge(change, lockedOut, { enrolmentGrant: true }), { allowed: true, strengthens: true }, `${role} ${change}`);
      }
      assert.deepEqual(judge('remove-passkey', lockedOut, { enrolmentGrant: true }), { allowed: false, needs: 'strong-session' }, 'never a removal');
      // A factor that signs them in strongly already: the link is no way around it.
      assert.equal(judge('add-passkey', account(role, false, true, true), { enrolmentGrant: true }).allowed, false, role);
      assert.equal(judge('add-passkey', account(role, true, true, false), { enrolmentGrant: true }).allowed, false, role);
    }
    assert.deepEqual(judge('replace-app', account('editor', true), { enrolmentGrant: true }), { allowed: false, needs: 'app-code' }, 'never a replacement');
    assert.deepEqual(judge('remove-app', account('editor', true), { enrolmentGrant: true }), { allowed: false, needs: 'app-code' }, 'never a removal');
    // A reader's passkey signs them in strongly with or without verification: no exception there.
    assert.equal(judge('add-app', account('reader', false, true, false), { enrolmentGrant: true }).allowed, false);
  });

  it('never replaces an app secret without its current code, even in a strong session', () => {
    const withApp = account('reader', true);
    assert.deepEqual(judge('replace-app', withApp, { strongSession: true }), { allowed: false, needs: 'app-code' });
    assert.deepEqual(judge('replace-app', withApp, { appCode: true }), { allowed: true, strengthens: false });
  });

  it('removes the app with its code or from a strong session', () => {
    const withApp = account('editor', true);
    assert.deepEqual(judge('remove-app', withApp), { allowed: false, needs: 'app-code' });
    assert.equal(judge('remove-app', withApp, { appCode: true }).allowed, true);
    assert.equal(judge('remove-app', withApp, { strongSession: true }).allowed, true);
  });

  it('counts the app proved on the spot as the existing factor for a change of passkeys', () => {
    assert.equal(judge('add-passkey', account('editor', true), { appCode: true }).allowed, true);
    assert.equal(judge('remove-passkey', account('editor', true, true), { appCode: true }).allowed, true);
    assert.deepEqual(
      judge('remove-passkey', account('editor', false, true), { appCode: true }),
      { allowed: false, needs: 'strong-session' },
      'no app to prove',
    );
  });

  it('lets a reader set up a first factor from any session, and makes that session strong', () => {
    assert.deepEqual(judge('add-app', account('reader')), { allowed: true, strengthens: true });
    assert.deepEqual(judge('add-passkey', account('reader')), { allowed: true, strengthens: true });
  });

  it("sets up a staff account's first factor only with an enrolment grant (invitation, set-up or admin's link)", () => {
    for (const role of ['moderator', 'contributor', 'writer', 'editor', 'admin'] as const) {
      assert.deepEqual(judge('add-app', account(role)), { allowed: false, needs: 'enrolment-link' }, role);
      assert.deepEqual(judge('add-passkey', account(role)), { allowed: false, needs: 'enrolment-link' }, role);
      assert.deepEqual(judge('add-passkey', account(role), { enrolmentGrant: true }), { allowed: true, strengthens: true }, role);
    }
    // A strong session that removed its last factor may add one back.
    assert.deepEqual(judge('add-app', account('editor'), { strongSession: true }), { allowed: true, strengthens: false });
  });

  it('counts a staff passkey as strong only when it verified its user, and asks staff keys to verify', () => {
    assert.equal(passkeyIsStrong('editor', false), false);
    assert.equal(passkeyIsStrong('moderator', false), false);
    assert.equal(passkeyIsStrong('editor', true), true);
    assert.equal(passkeyIsStrong('reader', false), true);
    assert.equal(passkeyUserVerification('admin'), 'required');
    assert.equal(passkeyUserVerification('reader'), 'preferred');
  });

  it('lets strong staff sessions into the newsroom, and sends the others to sign in again or to set a factor up', () => {
    assert.equal(staffGate({ strong: true, hasSecondFactor: true }, true), 'pass');
    assert.equal(staffGate({ strong: false, hasSecondFactor: true }, true), 'sign-in-again');
    assert.equal(staffGate({ strong: false, hasSecondFactor: false }, true), 'set-up-second-factor');
    assert.equal(staffGate({ strong: false, hasSecondFactor: false }, false), 'pass', 'an admin turned the rule off');
  });
});
