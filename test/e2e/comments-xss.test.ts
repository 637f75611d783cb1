import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { signedInStaff } from '../support/accounts.ts';
import { closeCommentsBrowser, openCommentsBrowser, type CommentsBrowser } from '../support/comments-browser.ts';
import { testdata } from '../support/testdata.ts';
import { updateUser } from '../../src/accounts/users/repository.ts';
import { parseComment } from '../../src/comments/format/parse.ts';

/**
 * Comments in Chromium against hostile input: every XSS payload of the corpus as a comment and
 * as a display name, shown as text.
 */
describe('comments in Chromium: XSS payloads', () => {
  let world: CommentsBrowser | undefined;
  let t: CommentsBrowser['t'];
  let base: CommentsBrowser['base'];
  let errors: CommentsBrowser['errors'];
  let dialogs: CommentsBrowser['dialogs'];
  let readerBrowser: CommentsBrowser['readerBrowser'];

  before(async () => {
    world = await openCommentsBrowser();
    ({ t, base, errors, dialogs, readerBrowser } = world);
  });
  after(() => closeCommentsBrowser(world));

  it('shows every XSS payload, as comments and as display names, as text and never runs one', { timeout: 600_000 }, async () => {
    const payloads = testdata.xss();
    // A story of its own, so the count is the payloads' alone.
    const story = await t.admin('POST', '/api/admin/articles', {
      headline: 'Readers try the comment box',
      standfirst: 'A story for hostile input.',
      bodyMarkdown: 'One paragraph.',
      authors: ['maya-okonkwo'],
      section: 'world',
      status: 'published',
    });
    assert.equal(story.statusCode, 201, story.body);
    const target = (await t.get(`/api/content/articles/${story.json().slug}`)).json();
    const refused: string[] = [];
    const made: { id: string; text: string; name: string }[] = [];
    for (const [i, payload] of payloads.entries()) {
      const who = await signedInStaff(t, 'reader', `Payload Reader ${i}`, `10.9.${i >> 8}.${i & 255}`);
      await updateUser(t.db.database.db, who.id, { emailVerifiedAt: new Date(), displayName: payload }, new Date());
      const response = await who.agent.postJson(`/api/articles/${target.id}/comments`, { text: payload }, who.csrf);
      if (response.statusCode === 201) made.push({ id: response.json().comment.id, text: payload, name: payload });
      else {
        assert.ok(response.statusCode >= 400 && response.statusCode < 500, `payload ${i}: ${response.statusCode}`);
        refused.push(response.json().error.message);
      }
    }
    assert.ok(made.length > payloads.length * 0.95, `most payloads are stored (refused: ${[...new Set(refused)].join(' | ')})`);
    const rows = (await t.db.database.db.execute(sql`select id, body from comments where article_id = ${target.id}`)) as unknown as {
      rows: { id: string; body: string }[];
    };
    const byId = new Map(rows.rows.map((r) => [r.id, r.body]));
    for (const m of made) assert.equal(byId.get(m.id), m.text, 'stored exactly as sent');

    // New readers wait for a moderator: the queue shows them all first, then they are published.
    const mo = await readerBrowser('Xena Moderator', { role: 'moderator' });
    await mo.page.goto(`${base}/newsroom/moderation?queue=held`);
    await mo.page.locator('[data-moderation-item]').first().waitFor();
    await t.db.database.db.execute(sql`update comments set status = 'published' where article_id = ${target.id} and status = 'held'`);
    await t.db.database.db.execute(
      sql`update discussions set comment_count = (select count(*) from comments where article_id = ${target.id} and status = 'published') where article_id = ${target.id}`,
    );
    t.app.ctx.events.commentsChanged(target.id);
    await mo.context.close();

    const viewer = await readerBrowser('Vic Viewer');
    await viewer.page.goto(target.url);
    await viewer.page.locator('#comments').scrollIntoViewIfNeeded();
    await viewer.page.waitForSelector('.comments__live:has-text("Live")');
    for (let round = 0; round < 100 && (await viewer.page.locator('.comments__more button').count()); round++) {
      const before = await viewer.page.locator('.comments__threads > .comment').count();
      await viewer.page.click('.comments__more button');
      await viewer.page.waitForFunction((n) => document.querySelectorAll('.comments__threads > .comment').length > n, before);
    }
    const shown = await viewer.page.evaluate(() =>
      [...document.querySelectorAll('.comments__threads > .comment')].map((li) => ({
        id: li.getAttribute('data-comment-id'),
        name: li.querySelector('.comment__author')?.textContent ?? '',
        text: li.querySelector('.comment__body')?.textContent ?? '',
      })),
    );
    assert.equal(shown.length, made.length);
    const shownById = new Map(shown.map((s) => [s.id, s]));
    const flat = (s: string) => s.replace(/\s+/g, '');
    // What the formatting makes of the text: quote markers ("> ") become a blockquote, the rest reads as written.
    const readable = (text: string) =>
      parseComment(text)
        .flatMap((block) => block.lines.flat().map((run) => run.text))
        .join('');
    for (const m of made) {
      const s = shownById.get(m.id)!;
      assert.equal(s.name, m.name, 'the display name reads as written');
      assert.equal(flat(s.text), flat(readable(m.text)), 'the comment reads as written (line breaks become paragraphs)');
    }
    const active = await viewer.page.evaluate(() => {
      const root = document.querySelector('#comments')!;
      const found: string[] = [];
      for (const el of root.querySelectorAll('*')) {
        if (
          ['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'IMG', 'FORM', 'META', 'BASE', 'LINK'].includes(el.tagName) &&
          !el.closest('.comment-form')
        )
          found.push(el.tagName);
        for (const attr of el.getAttributeNames())
          if (/^on/i.test(attr) || (/^(href|src|action)$/i.test(attr) && /^\s*(javascript|data|vbscript):/i.test(el.getAttribute(attr)!)))
            found.push(`${el.tagName} ${attr}`);
      }
      return found;
    });
    assert.deepEqual(active, []);
    await viewer.context.close();
    assert.deepEqual(dialogs, [], 'no payload opened a dialog');
  });

  it('ran without script errors', () => {
    assert.deepEqual(errors, []);
  });
});
