import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';

const ACCEPTED = /^[\w.-]{1,64}$/;

/**
 * Names each request for the logs and the `x-request-id` response header. A proxy in front
 * (TRUST_PROXY) that already named the request is believed, so one id follows the request from
 * the CDN to the log line; anyone else's header is ignored (a reader could otherwise forge ids
 * that point at someone else's requests, or flood the logs with long ones). Otherwise: a prefix
 * random per process (ids from several processes and restarts never collide) and a counter,
 * a string concatenation, cheap enough for the page cache's fast path.
 */
export function requestIds(trustProxy: string[] | undefined): (req: IncomingMessage) => string {
  const prefix = `${crypto.randomBytes(4).toString('hex')}-`;
  let counter = 0;
  const trusted = trustProxy ? proxyAddr.compile(trustProxy) : undefined;
  return (req) => {
    if (trusted) {
      const header = req.headers['x-request-id'];
      if (typeof header === 'string' && ACCEPTED.test(header) && trusted(req.socket.remoteAddress ?? '', 0)) return header;
    }
    return prefix + (++counter).toString(36);
  };
}
