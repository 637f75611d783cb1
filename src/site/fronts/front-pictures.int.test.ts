import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { TestApp } from '../../../test/support/app.ts';
import { publishFrontForTest } from '../../../test/support/front-publish.ts';
import { openReaderSite, uploadPicture, type ReaderSite } from '../reader-site.fixtures.ts';

/** Pictures on fronts: a change to a hero or an override picture reaches every front showing it; a deleted one falls back. */
describe('reader site: pictures on fronts', () => {
  let t: TestApp;
  let story: ReaderSite['story'];
  let html: ReaderSite['html'];
  let heroId: string;
  let overrideId: string;

  const changeImage = async (id: string, details: Record<string, unknown>) => {
    const { version } = (await t.admin('GET', `/api/admin/images/${id}`)).json();
    const response = await t.admin('PATCH', `/api/admin/images/${id}`, { version, ...details });
    assert.equal(response.statusCode, 200, response.body);
  };

  before(async () => {
    ({ t, story, html } = await openReaderSite(() => new Date()));
    heroId = (await t.admin('GET', `/api/admin/articles/${story.id}`)).json().hero.imageId;
    overrideId = await uploadPicture(t, { alt: 'A picture chosen for the front' });
    const card = (overrides = {}) => ({
      id: 'c',
      title: 'Pictured',
      layout: 'lead' as const,
      mode: 'curated' as const,
      size: 1,
      cards: [{ articleId: story.id, overrides }],
    });
    await publishFrontForTest(t.app, { kind: 'edition', edition: 'uk' }, { containers: [card({ imageId: overrideId, focal: { x: 0.1, y: 0.9 } })] });
    await publishFrontForTest(t.app, { kind: 'edition', edition: 'us' }, { containers: [card()] });
  });
  after(() => t.close());

  it('new alt text or focal point shows at once on every front showing the picture', async () => {
    assert.match(await html('/uk'), /alt="A picture chosen for the front"/);
    assert.match(await html('/us'), /alt="Leaders at the table"/);
    await changeImage(overrideId, { alt: 'The harbour at dawn, as the front shows it' });
    await changeImage(heroId, { alt: 'Leaders at the long table', focalX: 0.9, focalY: 0.1 });
    const uk = await html('/uk');
    assert.match(uk, /alt="The harbour at dawn, as the front shows it"/);
    assert.match(uk, /class="fx-2 fy-18"/, 'the front’s own focal point still places the override’s crop');
    const us = await html('/us');
    assert.match(us, /alt="Leaders at the long table"/);
    assert.match(us, /class="fx-18 fy-2"/, 'the hero’s new focal point');
  });

  it('a deleted override picture gives way to the story’s own picture, never a broken card', async () => {
    await html('/uk');
    const deleted = await t.admin('DELETE', `/api/admin/images/${overrideId}`);
    assert.equal(deleted.statusCode, 204, deleted.body);
    const uk = await html('/uk');
    assert.ok(!uk.includes(`/media/${overrideId}/`), 'no link to the deleted picture');
    assert.match(uk, new RegExp(`/media/${heroId}/`), 'the story’s own picture');
    assert.match(uk, /alt="Leaders at the long table"/);
    assert.match(uk, /class="fx-18 fy-2"/, 'with its own focal point, not the one chosen for the deleted picture');
  });
});
