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

/** A thread that never answers a message reading "hold": stopping it then always finds that message in its hands. */
const holdingWorker = new URL('../../../test/fixtures/holding-encrypt-worker.mjs', import.meta.url);

interface Insides {
  threads: ({ worker: { terminate(): Promise<number> }; outstanding: Map<number, unknown> } | undefined)[];
}

/** Resolves once the encryptor has handed a chunk to its first thread (it does so on the next turn of the event loop). */
async function handedOver(encryptor: Encryptor): Promise<Insides['threads'][number] & object> {
  const { threads } = encryptor as unknown as Insides;
  while (!threads[0]?.outstanding.size) await new Promise((resolve) => setImmediate(resolve));
  return threads[0];
}

test('a thread that dies fails only what it held; the next message starts a new one', async () => {
  const encryptor = new Encryptor(1, holdingWorker);
  const to = receiver();
  assert.equal(to.open(await encryptor.encrypt(to.p256dh, to.auth, Buffer.from('first'))), 'first');
  const held = encryptor.encrypt(to.p256dh, to.auth, Buffer.from('hold'));
  const thread = await handedOver(encryptor);
  await thread.worker.terminate();
  await assert.rejects(held, /encryption thread stopped/);
  assert.equal(to.open(await encryptor.encrypt(to.p256dh, to.auth, Buffer.from('again'))), 'again', 'a new thread took its place');
  await encryptor.close();
  await assert.rejects(encryptor.encrypt(to.p256dh, to.auth, Buffer.from('late')), /closed/);
});

test('the real thread encrypts a chunk for many receivers, each readable only by its own', async () => {
  const encryptor = new Encryptor(2);
  const receivers = Array.from({ length: 5 }, receiver);
  const payload = Buffer.from('breaking news');
  const bodies = await Promise.all(receivers.map((to) => encryptor.encrypt(to.p256dh, to.auth, payload)));
  bodies.forEach((body, i) => assert.equal(receivers[i]!.open(body), 'breaking news'));
  assert.throws(() => receivers[1]!.open(bodies[0]!));
  await assert.rejects(encryptor.encrypt('not-a-key', receivers[0]!.auth, payload), /./);
  await encryptor.close();
});
