import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { engine } from '../../../../test/support/database.ts';
import { listen, type SseEvent } from '../../../../test/support/sse.ts';
import { EDITION_CODE_PATTERN, listEditions, liveBlogs } from '../../../content/index.ts';
import { openLiveSite, type LiveSite } from '../live.fixtures.ts';

/** The entry's `<article>` exactly as a page's HTML holds it. */
function entryOnPage(html: string, id: string): string {
  const start = html.indexOf(`<article id="entry-${id}"`);
  assert.ok(start >= 0, `entry ${id} is on the page`);
  return html.slice(start, html.indexOf('</article>', start) + '</article>'.length);
}

/**
 * A blog in two editions (UK, home, and US): an entry pushed to a page reads exactly as the entry
 * the server rendered on that page, in each edition (its times in the edition's zone and locale,
 * its links under the edition's address), because each edition has its own stream.
 */
describe(`live blog stream in each edition on ${engine}`, () => {
  let s: LiveSite;
  let port: number;
  const path = (query = '') => `/api/articles/${s.blog.id}/entries/live${query}`;
  const entryEvent = (events: SseEvent[], id: string, test: (d: any) => boolean = () => true) =>
    events.find((e) => e.event === 'entry' && e.data.id === id && test(e.data));

  before(async () => {
    // 00:30 UTC on the night British clocks go forward: 00:30 GMT in London, 20:30 EDT the evening before in New York.
    s = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', {}, ['uk', 'us']);
    await s.t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (s.t.app.server.address() as AddressInfo).port;
  });
  after(() => s.t.close());

  it('sends each edition’s page the entry as that page renders it: times, links and key events', async () => {
    const readers = { uk: listen(port, path()), us: listen(port, path('?edition=us')) };
    for (const reader of Object.values(readers)) {
      assert.equal(await reader.opened, 200);
      await reader.until(() => reader.raw.includes('retry: 3000'), 'the start of the stream');
    }
    const posted = await s.post({ title: 'Polls close', bodyMarkdown: 'Counting **starts**.', keyEvent: true });
    s.clock.now = new Date('2026-03-29T01:45:00Z');
    const edited = await liveBlogs.updateEntry(
      s.t.app.ctx,
      posted.id,
      { version: posted.version, title: 'Polls have closed' },
      { actor: 'account:test', now: s.clock.now },
    );
    const isEdit = (d: any) => d.title === 'Polls have closed';
    for (const reader of Object.values(readers)) await reader.until(() => !!entryEvent(reader.events, edited.id, isEdit), 'the edit');
    const pages = { uk: await s.get(s.blog.path), us: await s.get(`/us${s.blog.path}`) };
    for (const edition of ['uk', 'us'] as const) {
      const { data } = entryEvent(readers[edition].events, edited.id, isEdit)!;
      assert.equal(pages[edition].status, 200);
      assert.equal(data.html, entryOnPage(pages[edition].body, edited.id), `the ${edition} stream's entry is the ${edition} page's`);
      // The key-events list the island keeps up to date: the same link and clock the page shows.
      assert.ok(pages[edition].body.includes(`<a href="${data.permalink}"><time datetime="${data.publishedAt}">${data.clock}</time>`), edition);
      readers[edition].close();
    }
    const uk = entryEvent(readers.uk.events, edited.id, isEdit)!.data;
    const us = entryEvent(readers.us.events, edited.id, isEdit)!.data;
    assert.deepEqual([uk.clock, us.clock], ['00:30 GMT', '20:30 EDT']);
    assert.deepEqual([uk.permalink, us.permalink], [`${s.blog.path}/entry/${edited.id}`, `/us${s.blog.path}/entry/${edited.id}`]);
    assert.match(us.html, /Updated <time datetime="[^"]+">21:45 EDT<\/time>/);
  });

  it('catches a returning reader up in its edition', async () => {
    const before = (await liveBlogs.getBlog(s.t.db.database.db, s.blog.id)).lastChange;
    const missed = await s.post({ title: 'While you were away' });
    const back = listen(port, path(`?edition=us&after=${before}`));
    assert.equal(await back.opened, 200);
    await back.until(() => !!entryEvent(back.events, missed.id), 'the catch-up');
    const page = await s.get(`/us${s.blog.path}`);
    assert.equal(entryEvent(back.events, missed.id)!.data.html, entryOnPage(page.body, missed.id));
    back.close();
  });

  it('refuses an edition the blog is not in (404) and a malformed one (400)', async () => {
    const plain = await openLiveSite(new Date('2026-03-29T00:30:00Z'), 'newest', {}, ['uk']);
    try {
      assert.equal((await plain.t.get(`/api/articles/${plain.blog.id}/entries/live?edition=us`)).statusCode, 404);
    } finally {
      await plain.t.close();
    }
    assert.equal((await s.t.get(path('?edition=nowhere'))).statusCode, 404);
    assert.equal((await s.t.get(path('?edition=U%20S'))).statusCode, 400);
  });

  it('reads an edition code by the rule every edition’s code follows: a valid one is looked for, any other is a clear 400', async () => {
    const codes = (await listEditions(s.t.app.ctx.database.db)).map((e) => e.code);
    assert.ok(codes.length > 0, 'the site has editions');
    for (const code of codes) assert.match(code, new RegExp(EDITION_CODE_PATTERN), `the database's ${code} follows the rule`);
    // Valid codes that are no edition of the blog's: the stream looks and does not find it there.
    for (const code of ['ab', 'abcdefghij']) {
      const answer = await s.t.get(path(`?edition=${code}`));
      assert.equal(answer.statusCode, 404, `${code}: ${answer.body}`);
    }
    for (const code of ['u', 'abcdefghijk', 'uk2', 'u-k', 'UK', '']) {
      const answer = await s.t.get(path(`?edition=${encodeURIComponent(code)}`));
      assert.equal(answer.statusCode, 400, `${JSON.stringify(code)}: ${answer.body}`);
      assert.match(answer.json().error.message, /^edition is not in the expected form \(an edition’s code: 2 to 10 lower-case letters, such as uk\)\.$/, code);
    }
  });
});
