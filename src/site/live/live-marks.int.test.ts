import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { liveBlogs } from '../../content/index.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { wellFormedErrors } from '../../../test/support/xml.ts';
import { entryIds, openLiveSite, type LiveSite } from './live.fixtures.ts';

const TAGS = new Set(['nav', 'h2', 'ol', 'li', 'a', 'time', 'div', 'article', 'header', 'span', 'p', 'footer', 'br', 'strong', 'em']);
const jsonLdOf = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1]!);

/** What a live blog tells readers, feed readers and search engines: zone abbreviations, its feed, structured data, closing, hostile text. */
describe('live blog: times, feed, structured data, closing and hostile text', () => {
  let s: LiveSite;
  const posted: { id: string }[] = [];

  before(async () => {
    s = await openLiveSite();
  });
  after(() => s.t.close());

  it('shows GMT before the UK clock change and BST after it', async () => {
    s.clock.now = new Date('2026-03-29T00:59:00Z');
    posted.push(await s.post({ title: 'Before the change', bodyMarkdown: 'Still winter time.', keyEvent: true }));
    s.clock.now = new Date('2026-03-29T01:01:00Z');
    posted.push(await s.post({ title: 'After the change', bodyMarkdown: 'Summer time now.' }));
    const page = (await s.get(s.blog.path)).body;
    assert.match(page, /<time datetime="2026-03-29T00:59:00.000Z">00:59 GMT<\/time>/);
    assert.match(page, /<time datetime="2026-03-29T01:01:00.000Z">02:01 BST<\/time>/);
  });

  it('emits LiveBlogPosting with coverage start and recent entries as BlogPostings', async () => {
    const data = jsonLdOf((await s.get(s.blog.path)).body);
    assert.equal(data['@type'], 'LiveBlogPosting');
    assert.equal(data.coverageStartTime, '2026-03-29T00:30:00.000Z');
    assert.equal(data.coverageEndTime, undefined);
    assert.deepEqual(
      data.liveBlogUpdate.map((u: { headline: string }) => u.headline),
      ['After the change', 'Before the change'],
    );
    const [update] = data.liveBlogUpdate;
    assert.equal(update['@type'], 'BlogPosting');
    assert.equal(update.datePublished, '2026-03-29T01:01:00.000Z');
    assert.equal(update.articleBody, 'Summer time now.');
    assert.deepEqual(update.author, [{ '@type': 'Person', name: 'Ada Reporter', url: 'https://news.example/author/ada-reporter' }]);
    assert.equal(update.url, `https://news.example${s.blog.path}#entry-${posted[1]!.id}`);
  });

  it('has its own RSS feed of entries, well-formed, purged at each entry', async () => {
    const feed = await s.get(`${s.blog.path}/live/rss.xml`);
    assert.equal(feed.status, 200);
    assert.deepEqual(await wellFormedErrors(feed.body), []);
    assert.match(feed.body, /<title>Election night, live \| /);
    assert.match(feed.body, new RegExp(`<item><title>After the change</title><link>https://news.example${s.blog.path}/entry/${posted[1]!.id}</link>`));
    assert.match(feed.body, /<category>Key event<\/category>/);
    s.clock.now = new Date('2026-03-29T01:30:00Z');
    posted.push(await s.post({ title: 'Fresh in the feed', bodyMarkdown: 'New.' }));
    assert.match((await s.get(`${s.blog.path}/live/rss.xml`)).body, /<item><title>Fresh in the feed<\/title>/);
    assert.equal((await s.get(`/world/no-such-blog/live/rss.xml`)).status, 404);
  });

  it('reads as an archive once closed: no Live mark, when coverage ended, coverageEndTime', async () => {
    const blog = await liveBlogs.getBlog(s.t.app.ctx.database.db, s.blog.id);
    s.clock.now = new Date('2026-03-29T06:00:00Z');
    await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { state: 'closed', version: blog.version }, { actor: 'account:test', now: s.clock.now });
    const page = (await s.get(s.blog.path)).body;
    assert.doesNotMatch(page, /<p class="live-mark">Live<\/p>/);
    assert.match(page, /Coverage ended <time datetime="2026-03-29T06:00:00.000Z">Sun 29 Mar 2026 07:00 BST<\/time>/);
    assert.match(page, /data-state="closed"/);
    assert.equal(jsonLdOf(page).coverageEndTime, '2026-03-29T06:00:00.000Z');
    const reopened = await liveBlogs.getBlog(s.t.app.ctx.database.db, s.blog.id);
    await liveBlogs.changeLiveBlog(s.t.app.ctx, s.blog.id, { state: 'open', version: reopened.version }, { actor: 'account:test', now: s.clock.now });
  });

  it('stores hostile titles and bodies exactly and renders them as text on every page, in the feed and the JSON-LD', async () => {
    const corpus = testdata.xss();
    const made: { id: string; title: string; text: string[] }[] = [];
    // Several payloads to an entry keeps the blog to a few pages while every payload is a title or a paragraph somewhere.
    for (let i = 0; i < corpus.length; i += 8) {
      const [title, ...text] = corpus.slice(i, i + 8) as [string, ...string[]];
      const body = text.map((t) => ({ type: 'paragraph' as const, content: [{ text: t }] }));
      const entry = await s.post({ title, body: body.length ? body : [{ type: 'paragraph', content: [{ text: title }] }] });
      made.push({ id: entry.id, title, text });
    }
    for (const { id, title, text } of made) {
      const stored = await liveBlogs.getEntry(s.t.app.ctx.database.db, id);
      assert.equal(stored.title, title);
      assert.deepEqual(
        stored.body.slice(0, text.length),
        text.map((t) => ({ type: 'paragraph', content: [{ text: t }] })),
      );
    }
    const blog = await liveBlogs.getBlog(s.t.app.ctx.database.db, s.blog.id);
    const pages = [s.blog.path, ...Array.from({ length: Math.floor(blog.lastPosition / 20) - 1 }, (_, i) => `${s.blog.path}/page/${i + 1}`)];
    const shown = new Set<string>();
    for (const path of [...pages, `${s.blog.path}/live/rss.xml`]) {
      const page = await s.get(path);
      assert.equal(page.status, 200, path);
      entryIds(page.body).forEach((id) => shown.add(id));
      // Markup of any length that came through whole would be a reflection (a lone "<" or "<p>" is in every page anyway).
      for (const payload of corpus)
        if (/<[a-z!/]/i.test(payload) && payload.length >= 10) assert.ok(!page.body.includes(payload), `${path} reflects: ${payload}`);
      // The entries' region: up to the page links, or the section's end on a blog of one page (the project's own corpus alone).
      const start = page.body.indexOf('class="live-blog"');
      const links = page.body.indexOf('class="live-pages"');
      const entries = page.body.slice(start, links >= 0 ? links : page.body.indexOf('</section>', start));
      // Text's "<" is escaped, so every "<" left starts one of our own tags: only these, with only these attributes.
      for (const [tag, name, attributes] of entries.matchAll(/<([a-z0-9]+)((?:\s[^>]*)?)>/gi)) {
        assert.ok(TAGS.has(name!), `${path}: <${name}>`);
        for (const [, attribute, value] of attributes!.matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
          assert.match(attribute!, /^(class|id|href|rel|datetime|aria-[a-z]+|data-[a-z-]+)$/, `${path}: ${tag}`);
          if (attribute === 'href') assert.match(value!, /^(\/|https:\/\/news\.example\/)/, `${path}: ${tag}`);
        }
      }
      if (path.endsWith('.xml')) assert.deepEqual(await wellFormedErrors(page.body), [], 'the feed stays well-formed');
      else assert.doesNotMatch(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.body)?.[1] ?? '', /<\/script/i);
    }
    for (const { id } of made) assert.ok(shown.has(id), `entry ${id} is on a page`);
  });
});
