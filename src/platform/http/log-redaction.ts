import { unescape } from 'node:querystring';
import type { FastifyRequest } from 'fastify';

/**
 * Request logs are kept longer, and read by more people, than a one-time link lives: a token
 * in a logged URL is a working key to someone's account. The request logger writes URLs
 * through here, which replaces with `[redacted]`:
 * - the value of any query parameter named like a secret (`token`, `…_token`, `secret`,
 *   `signature`, `sig`, `code`), whatever the page;
 * - every path segment after a prefix the application names as a token route;
 * - any path segment or query value shaped like a random token (32+ URL-safe characters
 *   mixing upper and lower case, which slugs and UUIDs never do), so a token route added
 *   later is covered before anyone remembers to list it;
 * - the same, inside a query value that is itself an address with a query: a page reached
 *   while signed out sends the reader to sign in with `returnTo=%2Faccount%2Fenrol%3Ftoken%3D…`,
 *   which carries the link's token one level down. Each level is decoded once, down to
 *   MAX_DEPTH levels (a sign-in asked from a sign-in page nests twice); deeper ones are
 *   redacted whole rather than read.
 */
export const REDACTED = '[redacted]';

const SECRET_PARAM = /token|secret|signature|^sig$|^code$/i;
const URL_SAFE = /^[A-Za-z0-9_-]{32,}$/;
const MAX_DEPTH = 4;

/** As the server reads it; a malformed escape does not stop the rest from being decoded. */
const decoded = (text: string): string => unescape(text.replace(/\+/g, ' '));

function looksRandom(raw: string): boolean {
  const text = decoded(raw);
  return URL_SAFE.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
}

/**
 * A query value that is an address with a query (`returnTo`, `next`…), redacted as a URL one
 * level down; `undefined` when it is not one. Re-encoded only where something was redacted, so
 * ordinary values are written as they came.
 */
function redactNested(raw: string, tokenRoutes: readonly string[], depth: number): string | undefined {
  const text = decoded(raw);
  if (!text.includes('?')) return undefined;
  if (depth >= MAX_DEPTH) return REDACTED;
  const redacted = redactAt(text, tokenRoutes, depth + 1);
  if (redacted === text) return undefined;
  // The marker stays readable, as it is at the top level.
  return encodeURIComponent(redacted).split(encodeURIComponent(REDACTED)).join(REDACTED);
}

function redactQuery(query: string, tokenRoutes: readonly string[], depth: number): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return looksRandom(pair) ? REDACTED : pair;
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (SECRET_PARAM.test(decoded(name)) || looksRandom(value)) return `${name}=${REDACTED}`;
      const nested = redactNested(value, tokenRoutes, depth);
      return nested === undefined ? pair : `${name}=${nested}`;
    })
    .join('&');
}

function redactPath(path: string, tokenRoutes: readonly string[]): string {
  const lower = path.toLowerCase();
  const route = tokenRoutes.find((prefix) => lower.startsWith(`${prefix.toLowerCase()}/`));
  const kept = route ? route.length : 0;
  const rest = path
    .slice(kept)
    .split('/')
    .map((segment) => (segment && (route || looksRandom(segment)) ? REDACTED : segment))
    .join('/');
  return path.slice(0, kept) + rest;
}

function redactAt(url: string, tokenRoutes: readonly string[], depth: number): string {
  const at = url.indexOf('?');
  if (at < 0) return redactPath(url, tokenRoutes);
  return `${redactPath(url.slice(0, at), tokenRoutes)}?${redactQuery(url.slice(at + 1), tokenRoutes, depth)}`;
}

/**
 * Pure: `url` (path and query, as a request has it; a whole address works too) with its
 * one-time tokens replaced.
 */
export function redactUrl(url: string, tokenRoutes: readonly string[] = []): string {
  return redactAt(url, tokenRoutes, 0);
}

/** The request as the logger writes it (Fastify's default fields), its URL redacted. */
export const requestSerializer = (tokenRoutes: readonly string[]) => (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url, tokenRoutes),
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});
