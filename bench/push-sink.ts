/**
 * The push service for bench/push-fanout.ts, in its own process: HTTPS on 127.0.0.1, every
 * message's VAPID JWT checked (verified once per distinct token: a sender reuses its token for
 * hours), one message in 500 decrypted with its subscription's key to prove the bytes, the
 * rest counted. GET /stats answers how many arrived and when the first and last did.
 */
import https from 'node:https';
import crypto from 'node:crypto';
import ece from 'http_ece';
import { checkVapid } from '../test/support/push-service.ts';

const { cert, key, pool } = JSON.parse(process.env.SINK_SETUP!) as { cert: string; key: string; pool: { privateKey: string; auth: string }[] };
const ecdhs = pool.map((p) => {
  const ecdh = crypto.createECDH('prime256v1');
  ecdh.setPrivateKey(Buffer.from(p.privateKey, 'base64url'));
  return ecdh;
});
let origin = '';
let count = 0;
let first = 0;
let last = 0;
let decrypted = 0;
const problems: string[] = [];
const verified = new Set<string>();

const server = https.createServer({ cert, key }, (request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (c: Buffer) => chunks.push(c));
  request.on('end', () => {
    if (request.url === '/stats') return response.end(JSON.stringify({ count, first, last, decrypted, problems: problems.slice(0, 5) }));
    const authorization = request.headers.authorization ?? '';
    if (!verified.has(authorization)) {
      const check = checkVapid(authorization, origin);
      if ('error' in check) {
        problems.push(check.error);
        return response.writeHead(403).end();
      }
      verified.add(authorization);
    }
    const index = Number(request.url!.split('/').pop());
    if (index % 500 === 0) {
      try {
        JSON.parse(
          ece
            .decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: ecdhs[index % ecdhs.length]!, authSecret: pool[index % pool.length]!.auth })
            .toString(),
        );
        decrypted++;
      } catch (error) {
        problems.push(`decrypt ${index}: ${(error as Error).message}`);
      }
    }
    const now = Date.now();
    if (!first) first = now;
    last = now;
    count++;
    response.writeHead(201).end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  origin = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
  process.send!({ origin });
});
// Exit normally when the bench is done (a profile, if asked for, is written on exit).
process.on('SIGTERM', () => process.exit(0));
