import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import { type Agent, csrfOf } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';
import { auditRows } from '../../../test/support/fronts.ts';
import { activeContent } from '../../../test/support/html.ts';

type Staff = { agent: Agent; csrf: string };

describe(`the newsroom's navigation page on ${engine}`, () => {
  let t: TestApp;
  let editor: Staff;
  let writer: Staff;

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.61');
    writer = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.62');
  });
  after(() => t.close());

  const adminMenus = async () => (await t.admin('GET', '/api/admin/navigation/uk')).json();

  it('is for editors and admins', async () => {
    assert.equal((await writer.agent.get('/newsroom/navigation')).statusCode, 403);
    assert.equal((await t.get('/newsroom/navigation')).statusCode, 303, 'signed out: to the sign-in page');
    const page = await editor.agent.get('/newsroom/navigation');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Navigation: UK edition/);
    assert.match(page.body, /name="label-0-0" value="World"/, 'the default header with its sub-item');
    assert.equal((await editor.agent.get('/newsroom/navigation?edition=atlantis')).statusCode, 404);
    assert.match((await editor.agent.get('/newsroom')).body, /href="\/newsroom\/navigation"/, 'the newsroom menu links it');
  });

  it('edits rows without JavaScript: add, move and remove save nothing until Save', async () => {
    const page = await editor.agent.get('/newsroom/navigation');
    const csrf = csrfOf(page.body);
    const form = { _csrf: csrf, version: '0', 'label-0': 'News', 'url-0': '/news', 'label-0-0': 'World', 'url-0-0': '/world' };
    const added = await editor.agent.post('/newsroom/navigation/uk/header', { ...form, action: 'add' });
    assert.equal(added.statusCode, 200);
    assert.match(added.body, /name="label-1" value[ />]/);
    assert.match(added.body, /not saved yet/);
    const child = await editor.agent.post('/newsroom/navigation/uk/header', { ...form, 'label-1': 'Sport', 'url-1': '/sport', action: 'add-child-1' });
    assert.match(child.body, /name="label-1-0" value[ />]/);
    const moved = await editor.agent.post('/newsroom/navigation/uk/header', { ...form, 'label-1': 'Sport', 'url-1': '/sport', action: 'up-1' });
    assert.ok(moved.body.indexOf('value="Sport"') < moved.body.indexOf('value="News"'), 'Sport moved above News');
    const removed = await editor.agent.post('/newsroom/navigation/uk/header', { ...form, action: 'remove-0-0' });
    assert.doesNotMatch(removed.body, /name="label-0-0"/);
    assert.equal((await adminMenus()).header.version, 0, 'nothing saved yet');

    const saved = await editor.agent.post('/newsroom/navigation/uk/header', {
      ...form,
      'label-1': 'Sport',
      'url-1': '/sport',
      'label-2': '',
      'url-2': '',
      action: 'save',
    });
    assert.equal(saved.statusCode, 303, saved.body);
    assert.equal(saved.headers.location, '/newsroom/navigation?edition=uk&saved=header');
    const menus = await adminMenus();
    assert.equal(menus.header.version, 1);
    assert.equal(menus.header.actor, 'account:Eda Editor');
    assert.deepEqual(
      (await auditRows(t, 'navigation')).map((row) => [row.action, row.actorKind, row.actorName, row.targetId, row.details.version]),
      [['navigation.save', 'account', 'Eda Editor', 'uk/header', 1]],
    );
    assert.deepEqual(menus.header.items, [
      { label: 'News', url: '/news', children: [{ label: 'World', url: '/world' }] },
      { label: 'Sport', url: '/sport' },
    ]);
    assert.match((await editor.agent.get(saved.headers.location as string)).body, /The header menu was saved/);
    assert.match((await t.get('/uk')).body, />Sport</);
  });

  it('shows a refused address next to its field, and keeps what was typed', async () => {
    const csrf = csrfOf((await editor.agent.get('/newsroom/navigation')).body);
    const refused = await editor.agent.post('/newsroom/navigation/uk/footer', {
      _csrf: csrf,
      version: '0',
      'label-0': '<script>alert(1)</script>',
      'url-0': '/fine',
      'label-1': 'Bad',
      'url-1': 'javascript:alert(1)',
      action: 'save',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /id="footer-url-1" name="url-1" value="javascript:alert\(1\)"[^>]*aria-invalid="true" aria-describedby="footer-url-1-error"/);
    assert.match(refused.body, /<p class="field-error" id="footer-url-1-error">An address must be a path/);
    assert.match(refused.body, /value="&lt;script>alert\(1\)&lt;\/script>"/);
    assert.deepEqual(activeContent(refused.body), []);
    assert.equal((await adminMenus()).footer.version, 0, 'nothing saved');
  });

  it('refuses a stale save, shows theirs, and a second save replaces it', async () => {
    const csrf = csrfOf((await editor.agent.get('/newsroom/navigation')).body);
    const theirs = await t.admin('PUT', '/api/admin/navigation/uk', { menu: 'footer', items: [{ label: 'Their page', url: '/theirs' }], version: 0 });
    assert.equal(theirs.statusCode, 200);
    const mine = { _csrf: csrf, 'label-0': 'My page', 'url-0': '/mine', action: 'save' };
    const stale = await editor.agent.post('/newsroom/navigation/uk/footer', { ...mine, version: '0' });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.body, /Saved meanwhile by token:tests/);
    assert.match(stale.body, /Their page/);
    assert.match(stale.body, /name="version" value="1"/);
    assert.deepEqual((await adminMenus()).footer.items, [{ label: 'Their page', url: '/theirs' }]);
    assert.equal((await editor.agent.post('/newsroom/navigation/uk/footer', { ...mine, version: '1' })).statusCode, 303);
    assert.deepEqual((await adminMenus()).footer.items, [{ label: 'My page', url: '/mine' }]);
  });

  it('refuses forms it did not render', async () => {
    const csrf = csrfOf((await editor.agent.get('/newsroom/navigation')).body);
    assert.equal((await editor.agent.post('/newsroom/navigation/uk/sidebar', { _csrf: csrf, version: '0', action: 'save' })).statusCode, 404);
    assert.equal((await editor.agent.post('/newsroom/navigation/uk/header', { _csrf: csrf, version: '0', action: 'explode' })).statusCode, 400);
    assert.equal((await editor.agent.post('/newsroom/navigation/uk/header', { _csrf: csrf, version: '0', action: 'save', stray: 'x' })).statusCode, 422);
    assert.equal((await editor.agent.post('/newsroom/navigation/uk/header', { version: '0', action: 'save' })).statusCode, 403, 'no CSRF token');
  });
});
