import crypto from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import ece from 'http_ece';
import selfsigned from 'selfsigned';

/**
 * A push service on 127.0.0.1, standing in for the browser vendors' (which this machine cannot
 * reach), at their documented protocol: HTTPS, a VAPID JWT to check (RFC 8292), and an
 * aes128gcm body that only the subscription's private key opens (RFC 8291). Tests own each
 * subscription's key pair, so they read exactly what a browser would receive. A test can make
 * an endpoint answer an error, a Retry-After, garbage, or nothing at all.
 */
export interface TestSubscription {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface Received {
  subscription: string;
  payload: unknown;
  headers: { ttl: string | undefined; urgency: string | undefined; topic: string | undefined };
  /** The `k` of the VAPID header: the sender's public key. */
  vapidKey: string;
  at: number;
}

export type Behaviour = { status: number; retryAfter?: string; times?: number } | { hang: true; times?: number } | { garbage: true; times?: number };

interface Subscriber {
  ecdh: crypto.ECDH;
  auth: string;
}

function b64url(input: Buffer | string) {
  return Buffer.from(input).toString('base64url');
}

/** Checks a VAPID `Authorization` header; returns the key it names, or why it is refused. */
export function checkVapid(header: string | undefined, origin: string, now = Date.now()): { key: string } | { error: string } {
  const match = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(header ?? '');
  if (!match) return { error: 'no vapid authorization' };
  const [, token, key] = match;
  const [head, body, signature] = token!.split('.');
  if (!head || !body || !signature) return { error: 'malformed jwt' };
  const header_ = JSON.parse(Buffer.from(head, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as { aud?: string; exp?: number; sub?: string };
  if (header_.alg !== 'ES256') return { error: 'alg must be ES256' };
  if (claims.aud !== origin) return { error: `aud ${claims.aud} is not ${origin}` };
  if (!claims.exp || claims.exp * 1000 < now || claims.exp * 1000 > now + 24 * 3600 * 1000 + 60_000) return { error: 'exp out of range' };
  if (!/^(mailto:|https:)/.test(claims.sub ?? '')) return { error: 'sub must be mailto: or https:' };
  const raw = Buffer.from(key!, 'base64url');
  if (raw.length !== 65 || raw[0] !== 4) return { error: 'k is not an uncompressed P-256 key' };
  const publicKey = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(raw.subarray(1, 33)), y: b64url(raw.subarray(33)) }, format: 'jwk' });
  const valid = crypto.verify('sha256', Buffer.from(`${head}.${body}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(signature, 'base64url'));
  return valid ? { key: key! } : { error: 'bad signature' };
}

export async function startPushService() {
  const pems = await selfsigned.generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  const subscribers = new Map<string, Subscriber>();
  const behaviours = new Map<string, Behaviour>();
  const received: Received[] = [];
  const refused: { subscription: string; reason: string }[] = [];
  let origin = '';
  const waiters: (() => void)[] = [];

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const id = request.url?.split('/').pop() ?? '';
      const behaviour = behaviours.get(id);
      if (behaviour) {
        if (behaviour.times !== undefined && --behaviour.times <= 0) behaviours.delete(id);
        if ('hang' in behaviour) return; // never answers
        if ('garbage' in behaviour) return response.socket?.end('HTTP/1.1 2');
        response.writeHead(behaviour.status, behaviour.retryAfter ? { 'retry-after': behaviour.retryAfter } : {});
        return response.end();
      }
      const subscriber = subscribers.get(id);
      if (!subscriber) return response.writeHead(410).end();
      const vapid = checkVapid(request.headers.authorization, origin);
      if ('error' in vapid) {
        refused.push({ subscription: id, reason: vapid.error });
        return response.writeHead(403).end(vapid.error);
      }
      if (request.headers['content-encoding'] !== 'aes128gcm') {
        refused.push({ subscription: id, reason: 'content-encoding' });
        return response.writeHead(400).end();
      }
      let plain: Buffer;
      try {
        plain = ece.decrypt(Buffer.concat(chunks), { version: 'aes128gcm', privateKey: subscriber.ecdh, authSecret: subscriber.auth });
      } catch (error) {
        refused.push({ subscription: id, reason: `decrypt: ${(error as Error).message}` });
        return response.writeHead(400).end();
      }
      received.push({
        subscription: id,
        payload: JSON.parse(plain.toString('utf8')),
        headers: {
          ttl: request.headers.ttl as string | undefined,
          urgency: request.headers.urgency as string | undefined,
          topic: request.headers.topic as string | undefined,
        },
        vapidKey: vapid.key,
        at: Date.now(),
      });
      response.writeHead(201).end();
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    ca: pems.cert,
    received,
    refused,
    /** A new browser subscription: its key pair stays here to decrypt what arrives for it. */
    subscribe(): TestSubscription {
      const id = crypto.randomUUID();
      const ecdh = crypto.createECDH('prime256v1');
      ecdh.generateKeys();
      const auth = crypto.randomBytes(16).toString('base64url');
      subscribers.set(id, { ecdh, auth });
      return { id, endpoint: `${origin}/push/${id}`, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth } };
    },
    /** The browser unsubscribed: the endpoint now answers 410. */
    forget(id: string) {
      subscribers.delete(id);
    },
    behave(id: string, behaviour: Behaviour) {
      behaviours.set(id, behaviour);
    },
    for: (id: string) => received.filter((r) => r.subscription === id),
    /** Woken by each message received; the bound only turns a delivery that never comes into a message (generous: no guess at a busy machine's speed). */
    async until(test: () => boolean, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!test()) {
        if (Date.now() > deadline)
          throw new Error(`push service: condition not met; ${received.length} received, refused ${JSON.stringify(refused.slice(0, 3))}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    /** Closes every connection, as a push service restarting would; the server stays up. */
    dropConnections() {
      server.closeAllConnections();
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
