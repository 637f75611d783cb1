import type { CdnTarget } from '../config/cdn.ts';
import { chunks, isAddress, PurgeFailed, send, type Purger } from './purger.ts';

/** What every Cloudflare plan accepts in one purge call (tags or addresses). */
const PER_CALL = 30;

/**
 * Cloudflare: `POST /zones/{zone}/purge_cache` with `{tags}` (the pages' `Cache-Tag`), or with
 * `{files}` when purging by address, or `{purge_everything: true}`; a bearer API token.
 * Cloudflare answers 200 with `success: false` for some refusals, which count as failures.
 */
export function cloudflarePurger(target: Extract<CdnTarget, { kind: 'cloudflare' }>): Purger {
  const url = `${target.api}/zones/${encodeURIComponent(target.zoneId)}/purge_cache`;
  const call = async (body: unknown) => {
    const response = await send('Cloudflare', url, {
      method: 'POST',
      headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const answer = (await response.json().catch(() => null)) as { success?: boolean } | null;
    if (answer?.success !== true) throw new PurgeFailed('Cloudflare', response.status, 'the API did not report success');
  };
  return {
    batch: PER_CALL,
    async purgeKeys(keys) {
      const mine = keys.filter((k) => isAddress(k) === target.byAddress);
      for (const group of chunks(mine, PER_CALL)) await call(target.byAddress ? { files: group } : { tags: group });
    },
    purgeAll: () => call({ purge_everything: true }),
  };
}
