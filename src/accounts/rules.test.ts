import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CONSENT_QUESTIONS, latestWording, readConsents, wordingOf } from './consents.ts';
import { passwordProblem } from './credentials/passwords.ts';
import { isTokenShape, randomToken } from './credentials/tokens.ts';
import { safeReturnTo } from '../web/forms/return-to.ts';
import { judgeSession, sessionPolicy } from './sessions/policy.ts';
import { displayNameProblem, emailKey } from './users/service.ts';
import { describeWait, failureDelaySeconds } from '../platform/rate-limit/service.ts';

describe('account rules', () => {
  it('returns only to paths on this site', () => {
    assert.equal(safeReturnTo('/world/story?x=1#c'), '/world/story?x=1#c');
    for (const bad of [
      '//evil.example',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '',
      42,
      undefined,
      '/a\nb',
      '/account/sign-out',
      '/' + 'a'.repeat(2000),
    ]) {
      assert.equal(safeReturnTo(bad), '/', String(bad).slice(0, 30));
    }
  });

  it('keeps readers signed in for months and staff for days, expiring idle sessions', () => {
    const reader = sessionPolicy('reader');
    const editor = sessionPolicy('editor');
    assert.ok(reader.absoluteMs > editor.absoluteMs && reader.idleMs > editor.idleMs);
    const now = new Date('2026-11-27T12:00:00Z');
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const later = new Date(now.getTime() + 1000);
    assert.equal(judgeSession({ lastSeenAt: ago(1000), expiresAt: later }, reader, now), 'valid');
    assert.equal(judgeSession({ lastSeenAt: ago(10 * 60_000), expiresAt: later }, reader, now), 'valid-touch');
    assert.equal(judgeSession({ lastSeenAt: ago(2 * 86_400_000), expiresAt: later }, editor, now), 'expired');
    assert.equal(judgeSession({ lastSeenAt: ago(1000), expiresAt: now }, reader, now), 'expired');
  });

  it('delays after repeated failures, doubling up to a cap, never for ever', () => {
    assert.deepEqual([1, 2, 3, 4].map(failureDelaySeconds), [0, 0, 0, 0]);
    assert.deepEqual([5, 6, 7].map(failureDelaySeconds), [2, 4, 8]);
    assert.equal(failureDelaySeconds(50), 900);
    assert.equal(describeWait(1), '1 second');
    assert.equal(describeWait(120), '2 minutes');
  });

  it('asks for required consents and records every answer with its wording version', () => {
    assert.ok('missing' in readConsents({}));
    const answers = readConsents({ 'community-standards': 'on' });
    assert.ok(Array.isArray(answers));
    assert.deepEqual(
      answers.map((a) => [a.kind, a.granted, a.version]),
      [['community-standards', true, 1]],
    );
  });

  it('asks no consent for something the site does not do (it sends no briefing), yet still reads old answers to it', () => {
    assert.ok(!CONSENT_QUESTIONS.some((q) => q.kind === 'newsletter'));
    assert.equal((readConsents({ 'community-standards': 'on', newsletter: 'on' }) as unknown[]).length, 1, 'a newsletter answer sent anyway is not stored');
    assert.match(wordingOf('newsletter', 1)!.label, /morning briefing/);
    assert.equal(latestWording('community-standards')!.offered, true);
  });

  it('refuses weak passwords and names that are not one visible line', () => {
    assert.match(passwordProblem('short', { email: 'a@example.org' })!, /at least 10/);
    assert.match(passwordProblem('aaaaaaaaaaaa', { email: 'a@example.org' })!, /more different/);
    assert.match(passwordProblem('reader@example.org', { email: 'Reader@example.org' })!, /e-mail/);
    assert.equal(passwordProblem('a long enough passphrase', { email: 'a@example.org' }), null);
    assert.equal(displayNameProblem('Ana 👩‍👩‍👧'), null);
    assert.ok(displayNameProblem('   '));
    assert.ok(displayNameProblem('evil\u202Egnp.exe'));
    assert.ok(displayNameProblem('x'.repeat(51)));
  });

  it('gives every spelling of one address the same key', () => {
    assert.equal(emailKey('Ana@Example.ORG'), emailKey('ana@example.org'));
    assert.equal(emailKey('ＡＮＡ@example.org'), 'ana@example.org');
    assert.equal(emailKey('user@bücher.example'), emailKey('user@xn--bcher-kva.example'));
  });

  it('makes tokens of 256 random bits and recognises their shape', () => {
    const a = randomToken();
    assert.ok(isTokenShape(a));
    assert.notEqual(a, randomToken());
    assert.ok(!isTokenShape(`${a}x`) && !isTokenShape('a'.repeat(42)) && !isTokenShape(null));
  });
});
