import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { redactUrl } from './log-redaction.ts';

const token = () => crypto.randomBytes(32).toString('base64url');
/** Made-up token routes: the mechanism is tested here, the application's list in app.ts. */
const routes = ['/account/confirm', '/links/one-time'];

describe('request log redaction', () => {
  it('redacts secret-named query parameters on any page and keeps the rest', () => {
    assert.equal(redactUrl(`/account/confirm?token=${token()}&returnTo=%2Fworld`, routes), '/account/confirm?token=[redacted]&returnTo=%2Fworld');
    assert.equal(
      redactUrl('/anything?reset_token=abc&Code=123456&sig=x&q=ferry', routes),
      '/anything?reset_token=[redacted]&Code=[redacted]&sig=[redacted]&q=ferry',
    );
    assert.equal(redactUrl('/anything?%74oken=abc', routes), '/anything?%74oken=[redacted]', 'an encoded name is read as the server reads it');
  });

  it('redacts every segment after a token route, and any token-shaped segment or value elsewhere', () => {
    assert.equal(redactUrl('/links/one-time/abc/passkey', routes), '/links/one-time/[redacted]/[redacted]');
    assert.equal(redactUrl('/Links/One-Time/abc', routes), '/Links/One-Time/[redacted]');
    assert.equal(redactUrl(`/somewhere/new/${token()}`, routes), '/somewhere/new/[redacted]');
    assert.equal(redactUrl(`/somewhere?${token()}`, routes), '/somewhere?[redacted]');
    assert.equal(redactUrl(`/somewhere?k=${token()}`, routes), '/somewhere?k=[redacted]');
  });

  it('redacts inside a query value that is an address with a query, however it was encoded', () => {
    const secret = token();
    // A signed-out reader sent from the admin's enrolment link to sign in.
    assert.equal(
      redactUrl(`/account/sign-in?returnTo=${encodeURIComponent(`/account/enrol?token=${secret}`)}`),
      '/account/sign-in?returnTo=%2Faccount%2Fenrol%3Ftoken%3D[redacted]',
    );
    // Not encoded, a whole address, a token not named as one, other parameters kept.
    assert.equal(
      redactUrl(`/account/sign-in?returnTo=/account/enrol?token=${secret}&why=x`),
      '/account/sign-in?returnTo=%2Faccount%2Fenrol%3Ftoken%3D[redacted]&why=x',
    );
    assert.equal(
      redactUrl(`/x?next=${encodeURIComponent(`https://news.example/account/enrol?token=${secret}`)}`),
      '/x?next=https%3A%2F%2Fnews.example%2Faccount%2Fenrol%3Ftoken%3D[redacted]',
    );
    assert.equal(redactUrl(`/x?next=${encodeURIComponent(`/somewhere?k=${secret}&page=2`)}`), '/x?next=%2Fsomewhere%3Fk%3D[redacted]%26page%3D2');
    // Nested twice: the second-factor page asked from a sign-in that was asked from the link.
    const twice = `/account/sign-in?returnTo=${encodeURIComponent(`/account/sign-in/second-factor?returnTo=${encodeURIComponent(`/account/enrol?token=${secret}`)}`)}`;
    assert.ok(!redactUrl(twice).includes(secret), redactUrl(twice));
    assert.match(redactUrl(twice), /\[redacted\]$/);
    // A malformed escape elsewhere in the value does not stop the rest being read.
    assert.ok(!redactUrl(`/x?next=%2Fa%3Ftoken%3D${secret}%ZZ`).includes(secret));
    // Deeper than any page nests: the value goes whole, unread.
    let deep = `/account/enrol?token=${secret}`;
    for (let i = 0; i < 6; i++) deep = `/x?next=${encodeURIComponent(deep)}`;
    assert.ok(!redactUrl(deep).includes(secret), redactUrl(deep));
    assert.ok(!redactUrl(deep).includes(encodeURIComponent(secret).slice(0, 20)));
  });

  it('leaves ordinary addresses alone: slugs, ids, searches', () => {
    for (const url of [
      '/world/leaders-agree-to-meet-again-in-spring-after-a-long-night-of-talks',
      '/media/6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f/1280.jpg',
      '/search?q=harbour+ferries&section=world&page=2',
      '/links/one-timer',
      '/account/sign-in?returnTo=%2Fworld%2Fleaders-agree%3Fpage%3D2%26q%3Dferry',
      '/account/sign-in?returnTo=/world?page=2',
      '/',
    ]) {
      assert.equal(redactUrl(url, routes), url);
    }
  });
});
