import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkPageBlocks, checkPageTitle, footerChanged, isReservedPage, pageState } from './rules.ts';

describe('page rules', () => {
  it('tells a draft from a withdrawn page by whether it was ever published', () => {
    assert.equal(pageState({ status: 'draft', publishedAt: null }), 'draft');
    assert.equal(pageState({ status: 'published', publishedAt: new Date() }), 'published');
    assert.equal(pageState({ status: 'draft', publishedAt: new Date() }), 'withdrawn');
  });

  it('changes the footer only when a live page comes, goes, or is renamed or moved', () => {
    const live = { status: 'published' as const, title: 'Terms', slug: 'terms' };
    const draft = { ...live, status: 'draft' as const };
    assert.equal(footerChanged(null, live), true);
    assert.equal(footerChanged(live, draft), true);
    assert.equal(footerChanged(live, null), true);
    assert.equal(footerChanged(live, { ...live }), false);
    assert.equal(footerChanged(live, { ...live, title: 'Terms of use' }), true);
    assert.equal(footerChanged(live, { ...live, slug: 'terms-of-use' }), true);
    assert.equal(footerChanged(draft, { ...draft, title: 'Renamed draft' }), false);
    assert.equal(footerChanged(null, draft), false);
  });

  it('reserves the two pages the forms link, and keeps related-story cards off pages', () => {
    assert.equal(isReservedPage('privacy'), true);
    assert.equal(isReservedPage('community-standards'), true);
    assert.equal(isReservedPage('about'), false);
    assert.doesNotThrow(() => checkPageBlocks([{ type: 'divider' }]));
    assert.throws(() => checkPageBlocks([{ type: 'divider' }, { type: 'related', articleId: '00000000-0000-4000-8000-000000000000' }]), { field: 'body[1]' });
  });

  it('counts a title as readers do: 200 emoji families pass, one more or a line break is refused', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    assert.doesNotThrow(() => checkPageTitle(family.repeat(200)));
    assert.throws(() => checkPageTitle(family.repeat(201)), { code: 'invalid', field: 'title' });
    assert.throws(() => checkPageTitle('Two\nlines'), { code: 'invalid', field: 'title' });
    assert.throws(() => checkPageTitle(' \u200B '), { code: 'invalid', field: 'title' });
  });
});
