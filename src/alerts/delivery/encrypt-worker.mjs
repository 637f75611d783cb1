// Encrypts push messages off the main thread (see encryptor.ts). Plain JavaScript: worker
// threads do not inherit the TypeScript loader the main thread was started with.
import { parentPort } from 'node:worker_threads';
import webpush from 'web-push';

parentPort.on('message', ({ id, payload, keys }) => {
  const bodies = [];
  for (const [p256dh, auth] of keys) {
    try {
      bodies.push(webpush.encrypt(p256dh, auth, Buffer.from(payload), 'aes128gcm').cipherText);
    } catch (error) {
      bodies.push(error instanceof Error ? error.message : String(error));
    }
  }
  parentPort.postMessage({ id, bodies });
});
