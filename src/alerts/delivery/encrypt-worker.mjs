// Encrypts push messages off the main thread (see encryptor.ts).
import { parentPort } from 'node:worker_threads';
import { encryptChunk } from './encrypt-chunk.mjs';

parentPort.on('message', ({ id, payload, keys }) => parentPort.postMessage({ id, bodies: encryptChunk(payload, keys) }));
