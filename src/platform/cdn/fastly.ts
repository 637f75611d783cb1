import type { CdnTarget } from '../config/cdn.ts';
import { chunks, isAddress, send, type Purger } from './purger.ts';

/** Fastly's limit of surrogate keys in one purge call. */
const KEYS_PER_CALL = 256;

/**
 * Fastly: `POST /service/{id}/purge` with the keys in a `Surrogate-Key` header, `purge_all` for
 * everything; `Fastly-Key` authenticates. A soft purge marks pages stale, so Fastly may still
 * serve them (stale-while-revalidate) while it fetches the new ones.
 */
export function fastlyPurger(target: Extract<CdnTarget, { kind: 'fastly' }>): Purger {
  const base = `${target.api}/service/${encodeURIComponent(target.serviceId)}`;
  const headers = { 'fastly-key': target.token, accept: 'application/json' };
  return {
    batch: KEYS_PER_CALL,
    async purgeKeys(keys) {
      for (const group of chunks(
        keys.filter((k) => !isAddress(k)),
        KEYS_PER_CALL,
      )) {
        await send('Fastly', `${base}/purge`, {
          method: 'POST',
          headers: { ...headers, 'surrogate-key': group.join(' '), ...(target.soft ? { 'fastly-soft-purge': '1' } : {}) },
        });
      }
    },
    async purgeAll() {
      await send('Fastly', `${base}/purge_all`, { method: 'POST', headers });
    },
  };
}
