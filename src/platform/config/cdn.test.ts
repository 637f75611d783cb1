import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { cdn } from './cdn.ts';

const ZONE = '0123456789abcdef0123456789abcdef';

describe('CDN_PURGE_URL', () => {
  it('is off unless set; then surrogate keys are on', () => {
    assert.equal(cdn({}), undefined);
    assert.equal(loadConfig({}).surrogateKeys, false);
    assert.equal(loadConfig({ CDN_PURGE_URL: 'http://127.0.0.1:6081/' }).surrogateKeys, true);
  });

  it('names each adapter by its scheme, with the API overridable', () => {
    const config = cdn({
      CDN_PURGE_URL: `fastly://SU1Z0isxPaozGVKXdv0eY?key=abc123&soft=1, cloudflare://${ZONE}?token=cf-token&api=http://127.0.0.1:9/client/v4, http://10.0.0.5:6081/purge?token=t1&method=ban`,
      CDN_PURGE_ALL_EVERY: '0',
    })!;
    assert.deepEqual(config.targets, [
      { kind: 'fastly', serviceId: 'SU1Z0isxPaozGVKXdv0eY', token: 'abc123', soft: true, api: 'https://api.fastly.com' },
      { kind: 'cloudflare', zoneId: ZONE, token: 'cf-token', byAddress: false, api: 'http://127.0.0.1:9/client/v4' },
      { kind: 'http', url: 'http://10.0.0.5:6081/purge', method: 'BAN', token: 't1' },
    ]);
    assert.equal(config.cacheTags, true);
    assert.equal(config.byAddress, false);
    assert.equal(config.purgeAllEverySeconds, 0);
    assert.equal(cdn({ CDN_PURGE_URL: `cloudflare://${ZONE}?token=x&mode=files` })!.byAddress, true);
  });

  it('refuses a bad entry without showing its token', () => {
    for (const raw of [
      'fastly://SERVICE?soft=1',
      'cloudflare://not-a-zone?token=sekret-token',
      `cloudflare://${ZONE}?token=sekret-token&mode=urls`,
      'ftp://sekret-token@cache/',
      'http://user:sekret-token@cache/',
      'http://cache/?method=P U R G E&token=sekret-token',
    ]) {
      assert.throws(
        () => cdn({ CDN_PURGE_URL: raw }),
        (error: Error) => error.message.includes('CDN_PURGE_URL') && !error.message.includes('sekret-token'),
        raw,
      );
    }
  });
});
