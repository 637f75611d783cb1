import assert from 'node:assert/strict';
import { test } from 'node:test';
import { networkOf } from './network.ts';

test('an IPv4 address is its own network, however it is written', () => {
  assert.equal(networkOf('203.0.113.7'), '203.0.113.7');
  assert.notEqual(networkOf('203.0.113.7'), networkOf('203.0.113.8'));
  assert.equal(networkOf('::ffff:203.0.113.7'), '203.0.113.7');
  assert.equal(networkOf('::FFFF:203.0.113.7'), '203.0.113.7');
  assert.equal(networkOf('::ffff:cb00:7107'), '203.0.113.7');
  assert.equal(networkOf('203.0.113.7', 48), '203.0.113.7', 'the IPv6 prefix never widens an IPv4 address');
});

test('an IPv6 address counts as its /64 (or the prefix configured), whatever its spelling', () => {
  const home = networkOf('2001:db8:1:2:aaaa:bbbb:cccc:dddd');
  assert.equal(home, '2001:db8:1:2::/64');
  assert.equal(networkOf('2001:0db8:0001:0002:0000:0000:0000:0001'), home);
  assert.equal(networkOf('2001:DB8:1:2::ffff'), home);
  assert.equal(networkOf('fe80::1%eth0'), 'fe80::/64');
  assert.notEqual(networkOf('2001:db8:1:3::1'), home, 'the next /64 is another network');
  assert.equal(networkOf('2001:db8:1:2:8000::1', 65), '2001:db8:1:2:8000::/65');
  assert.equal(networkOf('2001:db8:1:2:7fff::1', 65), '2001:db8:1:2::/65');
  assert.equal(networkOf('2001:db8:1:2:3:4:5:6', 128), '2001:db8:1:2:3:4:5:6/128');
  assert.equal(networkOf('2001:db8:ffff::1', 32), '2001:db8::/32');
  assert.equal(networkOf('::1'), '::/64');
});

test('something that is not an address stands for itself', () => {
  assert.equal(networkOf('not-an-address'), 'not-an-address');
  assert.equal(networkOf('x'.repeat(500)).length, 64);
});
