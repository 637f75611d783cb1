import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { provideSystemPackages } from '../../scripts/system-packages.ts';

describe('the system packages npm test provides', () => {
  const pkg = (name: string, present: boolean) => ({ name, neededBy: `the ${name} tests`, present: () => present });

  it('installs nothing when everything is there', () => {
    assert.deepEqual(provideSystemPackages([pkg('pushpin', true), pkg('chromium', true)]), ['installed already: pushpin, chromium']);
  });

  it('names what is missing, and the tests that will fail, when told not to install', () => {
    const before = process.env.MASTHEAD_TEST_INSTALL;
    process.env.MASTHEAD_TEST_INSTALL = 'no';
    try {
      const said = provideSystemPackages([pkg('pushpin', true), pkg('a-package-nobody-has', false)]);
      assert.equal(said.length, 1);
      assert.match(said[0]!, /^✗ a-package-nobody-has is not installed .*the a-package-nobody-has tests will fail$/);
    } finally {
      if (before === undefined) delete process.env.MASTHEAD_TEST_INSTALL;
      else process.env.MASTHEAD_TEST_INSTALL = before;
    }
  });
});
