import dns from 'node:dns';
import https from 'node:https';
import net, { type LookupFunction } from 'node:net';
import webpush from 'web-push';
import { defaultThreads, Encryptor } from './encryptor.ts';
import { isAcceptedPushService, isPublicAddress } from '../subscriptions/endpoint.ts';
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
  /** Push services accepted besides the browsers' (PUSH_EXTRA_SERVICES). */
  extraServices?: readonly string[];
  /** Extra trusted certificates (a test push service's). */
  ca?: string | Buffer;
  /** Threads that encrypt messages; 0 encrypts on the calling thread. */
  encryptThreads?: number;
  /** Told what became of each push (the process's metrics count them). */
  counted?: (outcome: Outcome['kind']) => void;
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

/**
 * Sends Web Push messages: encrypted per subscription (RFC 8291, aes128gcm, through `web-push`)
 * and signed with our VAPID key (RFC 8292). The signature does not depend on the subscription,
 * only on the push service, so it is made once per push service and reused for hours instead of
 * on every message (the library's `sendNotification` signs each time). Connections are kept
 * alive and limited per push service; host names are resolved through a lookup that refuses
 * private addresses, so no endpoint can turn the server against the network it sits in.
 */
export class PushClient {
  private readonly agent: https.Agent;
  private readonly vapidHeaders = new Map<string, { value: string; until: number }>();
  private readonly encryptor: Encryptor;

  constructor(private readonly options: PushClientOptions) {
    const allowLoopback = options.allowLoopback ?? false;
    const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
      dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const usable = (addresses as dns.LookupAddress[]).filter((a) => isPublicAddress(a.address, allowLoopback));
        if (!usable.length) return callback(Object.assign(new Error(`${hostname} resolves only to private addresses`), { code: 'EPRIVATE' }), '', 0);
        if (lookupOptions.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, usable);
        callback(null, usable[0]!.address, usable[0]!.family);
      });
    };
    this.encryptor = new Encryptor(options.encryptThreads ?? defaultThreads());
    this.agent = new https.Agent({ keepAlive: true, maxSockets: options.perOrigin ?? 100, lookup, ...(options.ca ? { ca: options.ca } : {}) });
  }

  private authorization(origin: string): string {
    const now = Date.now();
    const cached = this.vapidHeaders.get(origin);
    if (cached && cached.until > now) return cached.value;
    const expiration = Math.floor(now / 1000) + VAPID_LIFETIME_S;
    const headers = webpush.getVapidHeaders(
      origin,
      this.options.subject,
      this.options.vapid.publicKey,
      this.options.vapid.privateKey,
      'aes128gcm',
      expiration,
    ) as { Authorization: string };
    // Renewed well before it expires: a slow batch never sends a stale one.
    this.vapidHeaders.set(origin, { value: headers.Authorization, until: now + (VAPID_LIFETIME_S / 2) * 1000 });
    return headers.Authorization;
  }

  /** Encrypts for the subscription and sends: the fan-out's one call per delivery. */
  async send(subscription: { endpoint: string; p256dh: string; auth: string }, payload: Buffer, options: PushOptions): Promise<Outcome> {
    const outcome = await this.encryptAndPost(subscription, payload, options);
    this.options.counted?.(outcome.kind);
    return outcome;
  }

  private async encryptAndPost(subscription: { endpoint: string; p256dh: string; auth: string }, payload: Buffer, options: PushOptions): Promise<Outcome> {
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
    // Checked again when sending: a subscription stored before a service was dropped from the list (or before there was one) gets nothing.
    if (!isAcceptedPushService(url, this.options.extraServices ?? [])) return { kind: 'failed', reason: 'endpoint is not at a push service this site accepts' };
    // An address written out is not looked up, so it is checked here.
    const literal = url.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal) && !isPublicAddress(literal, this.options.allowLoopback ?? false)) return { kind: 'failed', reason: 'endpoint is a private address' };
    return url;
  }

  /**
   * One encrypted message to a push service (RFC 8030). A kept-alive connection the service
   * closed just as it was reused fails before the message is read: the message is sent again at
   * once rather than waiting for the retry. Each such connection is gone after failing, so this
   * ends by the latest on a new connection, whose failure counts.
   */
  post(url: URL, body: Buffer, options: PushOptions): Promise<Outcome> {
    const headers: Record<string, string | number> = {
      TTL: options.ttl,
      Urgency: options.urgency,
      'Content-Encoding': 'aes128gcm',
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length,
      Authorization: this.authorization(url.origin),
      ...(options.topic ? { Topic: options.topic } : {}),
    };
    return new Promise<Outcome>((resolve) => {
      const request = https.request(url, { method: 'POST', headers, agent: this.agent, timeout: this.options.timeoutMs ?? 10_000 }, (response) => {
        response.resume();
        response.on('end', () => resolve(outcomeOf(response.statusCode ?? 0, response.headers['retry-after'] as string | undefined)));
        response.on('error', () => resolve({ kind: 'retry', afterSeconds: 30, reason: 'connection dropped' }));
      });
      // Headers and body go out at once: Nagle's algorithm would hold the body for an ACK.
      request.on('socket', (socket) => socket.setNoDelay(true));
      request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (request.reusedSocket && error.code === 'ECONNRESET') return resolve(this.post(url, body, options));
        resolve(
          error.code === 'EPRIVATE' ? { kind: 'failed', reason: error.message } : { kind: 'retry', afterSeconds: 30, reason: error.code ?? error.message },
        );
      });
      request.end(body);
    });
  }

  async close(): Promise<void> {
    this.agent.destroy();
    await this.encryptor.close();
  }
}
