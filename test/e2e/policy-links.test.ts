import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { closeCommentsBrowser, openCommentsBrowser, type CommentsBrowser } from '../support/comments-browser.ts';

/** The policy links in Chromium, where the forms are drawn by islands: the comment box links the community standards. */
describe('policy links in Chromium', () => {
  let world: CommentsBrowser;
  before(async () => {
    world = await openCommentsBrowser();
  });
  after(() => closeCommentsBrowser(world));

  it('the comment form links the community standards, and registration the privacy notice', async () => {
    const ana = await world.readerBrowser('Ana Policy', { trusted: true });
    await world.atComments(ana.page);
    const link = ana.page.locator('#comments > .island > .comment-form a:text-is("Community standards")');
    assert.equal(await link.getAttribute('href'), `${world.base}/info/community-standards`);
    await link.click();
    assert.equal(await ana.page.locator('h1').innerText(), 'Community standards');
    await ana.context.close();

    const page = await ana.context.browser()!.newPage();
    await page.goto(`${world.base}/account/register`);
    assert.equal(await page.locator('.account-form a:text-is("Privacy notice")').getAttribute('href'), `${world.base}/info/privacy`);
    await page.close();
  });

  it('ran without script errors', () => {
    assert.deepEqual(world.errors, []);
  });
});
