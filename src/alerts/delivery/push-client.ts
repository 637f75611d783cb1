import dns from 'node:dns';
import http2 from 'node:http2';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import tls from 'node:tls';
import webpush from 'web-push';
import { defaultThreads, Encryptor } from './encryptor.ts';
import { isPublicAddress } from '../subscriptions/endpoint.ts';
import type { VapidKeys } from '../vapid.ts';

/** What became of one push, as the fan-out acts on it. */
export type Outcome =
  | { kind: 'sent' }
  /** 404 or 410: the browser unsubscribed; the subscription is deleted. */
  | { kind: 'gone' }
  /** 429, 5xx, a timeout or a dropped connection: try again after `afterSeconds`. */
  | { kind: 'retry'; afterSeconds: number; reason: string }
  /** Anything else (400, 401, 403, 413): trying again would not help. */
  | { kind: 'failed'; reason: string };

export interface PushOptions {
  /** Seconds the push service keeps the message for an offline browser. */
  ttl: number;
  urgency: 'very-low' | 'low' | 'normal' | 'high';
  /** A newer message with the same topic replaces this one if not yet delivered. */
  topic?: string | undefined;
}

export interface PushClientOptions {
  vapid: VapidKeys;
  /** VAPID `sub`: a mailto: or https: contact for push services. */
  subject: string;
  /** Connections kept per push service: its concurrency limit. */
  perOrigin?: number;
  timeoutMs?: number;
  allowLoopback?: boolean;
  /** Extra trusted certificates (a test push service's). */
  ca?: string | Buffer;
  /** Threads that encrypt messages; 0 encrypts on the calling thread. */
  encryptThreads?: number;
}

/** Pure: seconds to wait from a Retry-After header (seconds or an HTTP date), within bounds. */
export function retryAfterSeconds(header: string | undefined, fallback: number, now = Date.now()): number {
  if (header) {
    const seconds = /^\d+$/.test(header.trim()) ? Number(header.trim()) : (Date.parse(header) - now) / 1000;
    if (Number.isFinite(seconds)) return Math.min(3600, Math.max(1, Math.ceil(seconds)));
  }
  return fallback;
}

/** Pure: what a push service's status code means for us. */
export function outcomeOf(status: number, retryAfter: string | undefined): Outcome {
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 404 || status === 410) return { kind: 'gone' };
  if (status === 429 || status >= 500) return { kind: 'retry', afterSeconds: retryAfterSeconds(retryAfter, 30), reason: `push service answered ${status}` };
  return { kind: 'failed', reason: `push service answered ${status}` };
}

const VAPID_LIFETIME_S = 12 * 3600;
/** An HTTP/2 connection to a push service is closed after this long without a message. */
const IDLE_MS = 60_000;

/** How a push service is spoken to: over one HTTP/2 connection, or HTTP/1.1 connections kept alive. */
type Transport = { kind: 'h2'; session: http2.ClientHttp2Session } | { kind: 'h1' };

/**
 * Sends Web Push messages: encrypted per subscription (RFC 8291, aes128gcm, through `web-push`)
 * and signed with our VAPID key (RFC 8292). The signature does not depend on the subscription,
 * only on the push service, so it is made once per push service and reused for hours instead of
 * on every message (the library's `sendNotification` signs each time). A push service that
 * offers HTTP/2 (FCM, Mozilla's and Apple's do) gets every message over one connection, which
 * costs both sides about a third less CPU per message than HTTP/1.1; others get HTTP/1.1
 * connections kept alive and limited per push service. Host names are resolved through a lookup
 * that refuses private addresses, so no endpoint can turn the server against the network it sits in.
 */
export class PushClient {
  private readonly agent: https.Agent;
  private readonly lookup: LookupFunction;
  private readonly vapidHeaders = new Map<string, { value: string; until: number }>();
  private readonly transports = new Map<string, Promise<Transport>>();
  private readonly encryptor: Encryptor;

  constructor(private readonly options: PushClientOptions) {
    const allowLoopback = options.allowLoopback ?? false;
    const lookup: LookupFunction = (this.lookup = (hostname, lookupOptions, callback) => {
      dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const usable = (addresses as dns.LookupAddress[]).filter((a) => isPublicAddress(a.address, allowLoopback));
        if (!usable.length) return callback(Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: 'EPRIVATE' }), '', 0);
        if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      });
    });
    this.encryptor = new Encryptor(options.encryptThreads ?? defaultThreads());
    this.agent = new https.Agent({ keepAlive: true, maxSockets: options.perOrigin ?? 100, lookup, ...(options.ca ? { ca: options.ca } : {}) });
  }

  private authorization(origin: string): string {
    const now = Date.now();
    const cached = this.vapidHeaders.get(origin);
    if (cached && cached.until > now) return cached.value;
    const expiration = Math.floor(now / 1000) + VAPID_LIFETIME_S;
    const headers = webpush.getVapidHeaders(origin, this.options.subject, this.options.vapid.publicKey, this.options.vapid.privateKey, 'aes128gcm', expiration) as { Authorization: string };
    // Renewed well before it expires: a slow batch never sends a stale one.
    this.vapidHeaders.set(origin, { value: headers.Authorization, until: now + (VAPID_LIFETIME_S / 2) * 1000 });
    return headers.Authorization;
  }

  /** Encrypts for the subscription and sends: the fan-out's one call per delivery. */
  async send(subscription: { endpoint: string; p256dh: string; auth: string }, payload: Buffer, options: PushOptions): Promise<Outcome> {
    const url = this.checkedUrl(subscription.endpoint);
    if ('kind' in url) return url;
    let body: Buffer;
    try {
      body = await this.encryptor.encrypt(subscription.p256dh, subscription.auth, payload);
    } catch (error) {
      return { kind: 'failed', reason: `cannot encrypt for this subscription: ${(error as Error).message}` };
    }
    return this.post(url, body, options);
  }

  private checkedUrl(endpoint: string): URL | Outcome {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      return { kind: 'failed', reason: 'endpoint is not a URL' };
    }
    // An address written out is not looked up, so it is checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal) && !isPublicAddress(literal, this.options.allowLoopback ?? false)) return { kind: 'failed', reason: 'endpoint is a private address' };
    return url;
  }

  /**
   * How to reach a push service, learnt once per origin from the TLS handshake (ALPN). A failed
   * handshake is not remembered: that message goes by HTTP/1.1, which reports the error, and the
   * next one asks again.
   */
  private transport(url: URL): Promise<Transport> {
    const known = this.transports.get(url.origin);
    if (known) return known;
    const found = this.handshake(url).catch((): Transport => {
      this.transports.delete(url.origin);
      return { kind: 'h1' };
    });
    this.transports.set(url.origin, found);
    return found;
  }

  private handshake(url: URL): Promise<Transport> {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    return new Promise<Transport>((resolve, reject) => {
      const socket = tls.connect({ host, port: Number(url.port || 443), ...(net.isIP(host) ? {} : { servername: host }), ALPNProtocols: ['h2', 'http/1.1'], lookup: this.lookup, ...(this.options.ca ? { ca: this.options.ca } : {}) });
      socket.setTimeout(this.options.timeoutMs ?? 10_000, () => socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      socket.once('error', reject);
      socket.once('secureConnect', () => {
        socket.setTimeout(0);
        socket.removeListener('error', reject);
        if (socket.alpnProtocol !== 'h2') {
          socket.destroy();
          return resolve({ kind: 'h1' });
        }
        const session = http2.connect(url.origin, { createConnection: () => socket });
        // A connection that ends (closed when idle, told to go away, broken) is made anew on the next message.
        const mine = this.transports.get(url.origin);
        const forget = () => {
          if (this.transports.get(url.origin) === mine) this.transports.delete(url.origin);
        };
        session.on('error', forget);
        session.on('goaway', forget);
        session.on('close', forget);
        session.setTimeout(IDLE_MS, () => session.close());
        resolve({ kind: 'h2', session });
      });
    });
  }

  /** One encrypted message to a push service (RFC 8030). */
  async post(url: URL, body: Buffer, options: PushOptions): Promise<Outcome> {
    const headers: Record<string, string | number> = {
      ttl: options.ttl,
      urgency: options.urgency,
      'content-encoding': 'aes128gcm',
      'content-type': 'application/octet-stream',
      'content-length': body.length,
      authorization: this.authorization(url.origin),
      ...(options.topic ? { topic: options.topic } : {}),
    };
    const transport = await this.transport(url);
    if (transport.kind === 'h2' && !transport.session.closed && !transport.session.destroyed) return this.postH2(transport.session, url, body, headers);
    return this.postH1(url, body, headers);
  }

  private postH2(session: http2.ClientHttp2Session, url: URL, body: Buffer, headers: Record<string, string | number>): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      const done = (outcome: Outcome) => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = session.request({ ':method': 'POST', ':path': `${url.pathname}${url.search}`, ...headers });
      } catch (error) {
        return done({ kind: 'retry', afterSeconds: 30, reason: (error as NodeJS.ErrnoException).code ?? 'connection closed' });
      }
      let answer: Outcome | null = null;
      stream.on('response', (h) => (answer = outcomeOf(Number(h[':status'] ?? 0), h['retry-after'] as string | undefined)));
      stream.setTimeout(this.options.timeoutMs ?? 10_000, () => {
        done({ kind: 'retry', afterSeconds: 30, reason: 'ETIMEDOUT' });
        stream.close(http2.constants.NGHTTP2_CANCEL);
      });
      // A stream reset, or a connection lost, before a whole answer: tried again later.
      stream.on('error', (error: NodeJS.ErrnoException) => done({ kind: 'retry', afterSeconds: 30, reason: error.code ?? error.message }));
      stream.on('close', () => done(answer ?? { kind: 'retry', afterSeconds: 30, reason: `stream closed (${stream.rstCode})` }));
      stream.resume();
      stream.end(body);
    });
  }

  private postH1(url: URL, body: Buffer, headers: Record<string, string | number>): Promise<Outcome> {
    return new Promise<Outcome>((resolve) => {
      const request = https.request(url, { method: 'POST', headers, agent: this.agent, timeout: this.options.timeoutMs ?? 10_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(outcomeOf(response.statusCode ?? 0, response.headers['retry-after'] as string | undefined)));
        response.on('error', () => resolve({ kind: 'retry', afterSeconds: 30, reason: 'connection dropped' }));
      });
      // Headers and body go out at once: Nagle's algorithm would hold the body for an ACK.
      request.on('socket', (socket) => socket.setNoDelay(true));
      request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      request.on('error', (error: NodeJS.ErrnoException) =>
        resolve(error.code === 'EPRIVATE' ? { kind: 'failed', reason: error.message } : { kind: 'retry', afterSeconds: 30, reason: error.code ?? error.message }),
      );
      request.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    for (const transport of await Promise.all(this.transports.values())) if (transport.kind === 'h2') transport.session.close();
    this.transports.clear();
    await this.encryptor.close();
  }
}
