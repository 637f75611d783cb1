// The work one encryption thread does for one chunk (see encryptor.ts), apart from the thread's
// wiring so a test's thread can do the same work. Plain JavaScript: worker threads do not
// inherit the TypeScript loader the main thread was started with.
import webpush from 'web-push';

/** One encrypted body per receiver, or the reason it could not be made. */
export function encryptChunk(payload, keys) {
  const bodies = [];
  for (const [p256dh, auth] of keys) {
    try {
      bodies.push(webpush.encrypt(p256dh, auth, Buffer.from(payload), 'aes128gcm').cipherText);
    } catch (error) {
      bodies.push(error instanceof Error ? error.message : String(error));
    }
  }
  return bodies;
}
