import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { describe, it } from 'node:test';
import { redactUrl } from './log-redaction.ts';

const token = () => crypto.randomBytes(32).toString('base64url');
const routes = ['/account/confirm', '/newsroom/enrol'];

describe('request log redaction', () => {
  it('redacts secret-named query parameters on any page and keeps the rest', () => {
    assert.equal(redactUrl(`/account/confirm?token=${token()}&returnTo=%2Fworld`, routes), '/account/confirm?token=[redacted]&returnTo=%2Fworld');
    assert.equal(redactUrl('/anything?reset_token=abc&Code=123456&sig=x&q=ferry', routes), '/anything?reset_token=[redacted]&Code=[redacted]&sig=[redacted]&q=ferry');
    assert.equal(redactUrl('/anything?%74oken=abc', routes), '/anything?%74oken=[redacted]', 'an encoded name is read as the server reads it');
  });

  it('redacts every segment after a token route, and any token-shaped segment or value elsewhere', () => {
    assert.equal(redactUrl('/newsroom/enrol/abc/passkey', routes), '/newsroom/enrol/[redacted]/[redacted]');
    assert.equal(redactUrl('/Newsroom/Enrol/abc', routes), '/Newsroom/Enrol/[redacted]');
    assert.equal(redactUrl(`/somewhere/new/${token()}`, routes), '/somewhere/new/[redacted]');
    assert.equal(redactUrl(`/somewhere?${token()}`, routes), '/somewhere?[redacted]');
    assert.equal(redactUrl(`/somewhere?k=${token()}`, routes), '/somewhere?k=[redacted]');
  });

  it('leaves ordinary addresses alone: slugs, ids, searches', () => {
    for (const url of [
      '/world/leaders-agree-to-meet-again-in-spring-after-a-long-night-of-talks',
      '/media/6f1c2a9e-3b4d-4c5e-8f70-1a2b3c4d5e6f/1280.jpg',
      '/search?q=harbour+ferries&section=world&page=2',
      '/newsroom/enrolled',
      '/',
    ]) {
      assert.equal(redactUrl(url, routes), url);
    }
  });
});
