import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { engine } from '../../../../test/support/database.ts';
import { startPushpin, type Pushpin } from '../../../../test/support/pushpin.ts';
import { listen } from '../../../../test/support/sse.ts';
import { freePort } from '../../../../scripts/postgres.ts';
import { openLiveSite, type LiveSite } from '../live.fixtures.ts';

/**
 * Two Pushpins sharing a crowd (GRIP_URL names both, signing with one key): the app publishes
 * each entry to both, so readers held by either get it; each proxy's signed requests get holds.
 */
describe(`live blog stream through two Pushpins on ${engine}`, () => {
  const pushpins: Pushpin[] = [];
  let s: LiveSite;

  before(async () => {
    const appPort = await freePort();
    const key = crypto.randomBytes(24).toString('hex');
    for (let i = 0; i < 2; i++) pushpins.push(await startPushpin(appPort, key));
    s = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', { GRIP_URL: pushpins.map((p) => p.gripUrl).join(',') });
    await s.t.app.listen({ host: '127.0.0.1', port: appPort });
  });
  after(async () => {
    await s?.t.close();
    for (const pushpin of pushpins) await pushpin.stop();
  });

  it('delivers each entry to the readers of every Pushpin in GRIP_URL, the app holding none', async () => {
    const readers = pushpins.map((pushpin) => listen(pushpin.port, `/api/articles/${s.blog.id}/entries/live`));
    for (const [i, reader] of readers.entries()) {
      assert.equal(await reader.opened, 200, pushpins[i]!.logs());
      await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    }
    assert.equal(s.t.app.ctx.live.count, 0, 'both streams are held by the proxies');
    const entry = await s.post({ title: 'To every proxy', bodyMarkdown: 'Published to each.' });
    for (const reader of readers) {
      await reader.until(() => reader.events.some((e) => e.event === 'entry' && e.data.id === entry.id), 'the entry through its Pushpin');
      reader.close();
    }
  });
});
