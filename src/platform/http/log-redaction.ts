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
 *   later is covered before anyone remembers to list it.
 */
export const REDACTED = '[redacted]';

const SECRET_PARAM = /token|secret|signature|^sig$|^code$/i;
const URL_SAFE = /^[A-Za-z0-9_-]{32,}$/;

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function looksRandom(raw: string): boolean {
  const text = decoded(raw);
  return URL_SAFE.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text);
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return looksRandom(pair) ? REDACTED : pair;
      const name = pair.slice(0, eq);
      return SECRET_PARAM.test(decoded(name)) || looksRandom(pair.slice(eq + 1)) ? `${name}=${REDACTED}` : pair;
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

/** Pure: `url` (path and query, as a request has it) with its one-time tokens replaced. */
export function redactUrl(url: string, tokenRoutes: readonly string[]): string {
  const at = url.indexOf('?');
  if (at < 0) return redactPath(url, tokenRoutes);
  return `${redactPath(url.slice(0, at), tokenRoutes)}?${redactQuery(url.slice(at + 1))}`;
}

/** The request as the logger writes it (Fastify's default fields), its URL redacted. */
export const requestSerializer = (tokenRoutes: readonly string[]) => (request: FastifyRequest) => ({
  method: request.method,
  url: redactUrl(request.url, tokenRoutes),
  host: request.host,
  remoteAddress: request.ip,
  remotePort: request.socket?.remotePort,
});
