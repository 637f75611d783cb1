import type { CdnTarget } from '../config/cdn.ts';
import { chunks, isAddress, send, type Purger } from './purger.ts';

/** Keys per request: a Surrogate-Key header of about 6 KB, within every proxy's header limit. */
const KEYS_PER_CALL = 100;

/**
 * A cache of the operator's own (Varnish with docs/deploy/varnish.vcl): `PURGE` (or the
 * configured method) to its URL with the keys in a `Surrogate-Key` header; everything is
 * `X-Purge-All: 1`. Varnish turns either into a ban. A token, when given, is a bearer header.
 */
export function httpPurger(target: Extract<CdnTarget, { kind: 'http' }>): Purger {
  const headers: Record<string, string> = target.token ? { authorization: `Bearer ${target.token}` } : {};
  const name = new URL(target.url).host;
  return {
    batch: KEYS_PER_CALL,
    async purgeKeys(keys) {
      for (const group of chunks(
        keys.filter((k) => !isAddress(k)),
        KEYS_PER_CALL,
      )) {
        await send(name, target.url, { method: target.method, headers: { ...headers, 'surrogate-key': group.join(' ') } });
      }
    },
    async purgeAll() {
      await send(name, target.url, { method: target.method, headers: { ...headers, 'x-purge-all': '1' } });
    },
  };
}
