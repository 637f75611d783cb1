import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { test } from 'node:test';
import ece from 'http_ece';
import { Encryptor } from './encryptor.ts';

const receiver = () => {
  const ecdh = crypto.createECDH('prime256v1');
  const p256dh = ecdh.generateKeys().toString('base64url');
  const auth = crypto.randomBytes(16).toString('base64url');
  return { ecdh, p256dh, auth, open: (body: Buffer) => ece.decrypt(body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString() };
};

test('a thread that dies fails only what it held; the next message starts a new one', async () => {
  const encryptor = new Encryptor(1);
  const to = receiver();
  const payload = Buffer.from('first');
  assert.equal(to.open(await encryptor.encrypt(to.p256dh, to.auth, payload)), 'first');
  const held = encryptor.encrypt(to.p256dh, to.auth, payload);
  // Kill the thread while the message is on its way to it.
  await new Promise((r) => setImmediate(r));
  await (encryptor as unknown as { threads: { worker: { terminate(): Promise<number> } }[] }).threads[0]!.worker.terminate();
  await assert.rejects(held, /encryption thread stopped/);
  assert.equal(to.open(await encryptor.encrypt(to.p256dh, to.auth, Buffer.from('again'))), 'again');
  await encryptor.close();
  await assert.rejects(encryptor.encrypt(to.p256dh, to.auth, payload), /closed/);
});
