import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { describe, it } from 'node:test';
import { requestIds } from './request-id.ts';

const request = (peer: string, id?: string) =>
  ({ headers: id === undefined ? {} : { 'x-request-id': id }, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;

describe('request ids', () => {
  it('are generated, distinct, with one prefix per process', () => {
    const next = requestIds(undefined);
    const [a, b] = [next(request('203.0.113.9')), next(request('203.0.113.9'))];
    assert.notEqual(a, b);
    assert.match(a!, /^[0-9a-f]{8}-1$/);
    assert.equal(b, `${a!.slice(0, 9)}2`);
  });

  it('are taken from a trusted proxy when well formed', () => {
    const next = requestIds(['10.0.0.0/8', 'loopback']);
    assert.equal(next(request('10.1.2.3', 'cdn-abc.123_x')), 'cdn-abc.123_x');
    assert.equal(next(request('127.0.0.1', 'edge-1')), 'edge-1');
  });

  it('from anyone else, or malformed, are replaced', () => {
    const next = requestIds(['10.0.0.0/8']);
    assert.doesNotMatch(next(request('203.0.113.9', 'forged')), /forged/);
    assert.doesNotMatch(next(request('10.1.2.3', 'has space')), /space/);
    assert.doesNotMatch(next(request('10.1.2.3', 'x'.repeat(65))), /xxx/);
    assert.doesNotMatch(next(request('10.1.2.3', 'line\nbreak')), /break/);
    assert.doesNotMatch(requestIds(undefined)(request('10.1.2.3', 'untrusted')), /untrusted/);
  });
});
