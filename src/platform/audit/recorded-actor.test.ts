import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { recordedActor } from './repository.ts';

describe('recordedActor', () => {
  it('reads the kind and name of an account or token record, the id unknown', () => {
    assert.deepEqual(recordedActor('account:Eda Editor'), { kind: 'account', id: null, name: 'Eda Editor' });
    assert.deepEqual(recordedActor('token:ci: nightly'), { kind: 'api-token', id: null, name: 'ci: nightly' });
  });

  it('is the system for anything else', () => {
    assert.equal(recordedActor('system'), null);
    assert.equal(recordedActor('account:'), null);
    assert.equal(recordedActor('Account:Eda'), null);
  });
});
