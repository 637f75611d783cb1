import assert from 'node:assert/strict';
import { test } from 'node:test';
import { endpointProblem, isAcceptedPushService } from './endpoint.ts';

const none = { allowLoopback: false, extraServices: [] };

test("the major browsers' push services are accepted by default, and no other host", () => {
  for (const endpoint of [
    'https://fcm.googleapis.com/fcm/send/dGVzdA:APA91b',
    'https://updates.push.services.mozilla.com/wpush/v2/gAAAAABk',
    'https://web.push.apple.com/QGjc0f1bDtj2',
    'https://wns2-par02p.notify.windows.com/w/?token=BQYAAAD',
  ])
    assert.equal(endpointProblem(endpoint, none), null, endpoint);
  for (const endpoint of [
    'https://victim.example/flood',
    'https://fcm.googleapis.com.victim.example/fcm/send/x',
    'https://evilfcm.googleapis.com/fcm/send/x',
    'https://notify.windows.com/w/',
    'https://evilnotify.windows.com/w/',
    'https://fcm.googleapis.com:8443/fcm/send/x',
    'https://push.example.org/x',
  ])
    assert.match(endpointProblem(endpoint, none) ?? '', /browser's push service/, endpoint);
});

test('an operator adds push services by host, by domain, with a port', () => {
  const policy = { allowLoopback: false, extraServices: ['push.example.org', '*.relay.example.net', 'self.example.com:8443'] };
  assert.equal(endpointProblem('https://push.example.org/x', policy), null);
  assert.equal(endpointProblem('https://a.b.relay.example.net/x', policy), null);
  assert.equal(endpointProblem('https://self.example.com:8443/x', policy), null);
  assert.notEqual(endpointProblem('https://relay.example.net/x', policy), null, 'the domain itself is not under it');
  assert.notEqual(endpointProblem('https://push.example.org:444/x', policy), null, 'a port must be listed');
  assert.notEqual(endpointProblem('https://self.example.com/x', policy), null);
  assert.equal(isAcceptedPushService(new URL('https://PUSH.example.org/x'), policy.extraServices), true);
});

test('the address checks come first: a listed service on a private address is still refused', () => {
  assert.match(endpointProblem('https://10.0.0.7/x', { allowLoopback: false, extraServices: ['10.0.0.7'] }) ?? '', /private or reserved/);
  assert.equal(endpointProblem('https://127.0.0.1:9999/x', { allowLoopback: true, extraServices: ['127.0.0.1:9999'] }), null);
  assert.match(endpointProblem('https://127.0.0.1:9999/x', { allowLoopback: false, extraServices: ['127.0.0.1:9999'] }) ?? '', /private or reserved/);
});
