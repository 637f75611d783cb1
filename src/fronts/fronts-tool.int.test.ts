import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent } from '../../test/support/agent.ts';
import { curated, errorOf, openUk, startFrontsWorld, tool, type FrontsWorld } from '../../test/support/fronts.ts';
import type { FrontLayout } from './model.ts';

describe('the fronts tool JSON API', () => {
  let world: FrontsWorld;
  before(async () => {
    world = await startFrontsWorld();
  });
  after(() => world.t.close());

  it('lists every edition and section front, and opens one once however often it is opened', async () => {
    const listed = await tool(world.editor, 'GET', '/');
    assert.equal(listed.statusCode, 200, listed.body);
    assert.equal((await world.editor.agent.json('GET', '/newsroom/api/fronts')).statusCode, 200, 'with or without the slash');
    const fronts = listed.json().fronts;
    assert.deepEqual(
      fronts.filter((f: { scope: { kind: string } }) => f.scope.kind === 'edition').map((f: { name: string; id: null }) => [f.name, f.id]),
      [
        ['UK edition', null],
        ['US edition', null],
      ],
    );
    assert.equal(fronts.filter((f: { scope: { kind: string } }) => f.scope.kind === 'section').length, 2);
    const [first, second] = await Promise.all([
      tool(world.editor, 'POST', '/open', { scope: { kind: 'edition', edition: 'uk' } }),
      tool(world.admin, 'POST', '/open', { scope: { kind: 'edition', edition: 'uk' } }),
    ]);
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().id, second.json().id);
    const front = (await tool(world.editor, 'GET', `/${first.json().id}`)).json();
    assert.equal(front.version, 1);
    assert.equal(front.publishedNumber, null);
    // The draft starts as readers already see it: the starting layout, a row per top-level section.
    assert.deepEqual(
      front.draft.containers.map((c: { id: string }) => c.id),
      ['top', 'latest', `section-${fronts.find((f: { name: string }) => f.name === 'News').scope.sectionId}`],
    );
    assert.equal((await tool(world.editor, 'POST', '/open', { scope: { kind: 'edition', edition: 'xx' } })).statusCode, 404);
    const unknownSection = await tool(world.editor, 'POST', '/open', { scope: { kind: 'section', sectionId: '00000000-0000-4000-8000-000000000000' } });
    assert.equal(unknownSection.statusCode, 404);
  });

  it('saves, publishes, keeps history and restores', async () => {
    const { id, version } = await openUk(world);
    const [a, b, c] = world.stories;
    const layout: FrontLayout = {
      containers: [
        curated('lead', 'Lead', [a!], {
          layout: 'lead',
          size: 5,
          cards: [{ articleId: a!, boosted: true, overrides: { headline: 'Harbour open again', imageId: world.imageId } }],
        }),
        curated('breaking', 'Breaking', [], { layout: 'breaking', size: 1 }),
        curated('top', 'Top stories', [b!], { fill: true, source: {} }),
      ],
    };
    const saved = await tool(world.editor, 'PUT', `/${id}/draft`, { layout, version });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().version, version + 1);
    const view = (await tool(world.editor, 'GET', `/${id}`)).json();
    assert.deepEqual(view.draft, layout);
    assert.equal(view.actor, 'account:Eda Editor');
    assert.equal(view.draftIsPublished, false);
    assert.deepEqual(Object.keys(view.stories).sort(), [a, b].sort());
    assert.equal(view.stories[a!].headline, 'Harbour reopens after storm');
    assert.equal(view.stories[a!].published, true);

    const published = await tool(world.editor, 'POST', `/${id}/publish`, { version: version + 1 });
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().number, 1);
    assert.equal((await tool(world.editor, 'GET', `/${id}`)).json().draftIsPublished, true);

    const second: FrontLayout = { containers: [curated('top', 'Top stories', [c!])] };
    await tool(world.editor, 'PUT', `/${id}/draft`, { layout: second, version: version + 1 });
    assert.equal((await tool(world.editor, 'POST', `/${id}/publish`, { version: version + 2 })).json().number, 2);

    const history = (await tool(world.editor, 'GET', `/${id}/history`)).json();
    assert.deepEqual(
      history.versions.map((v: { number: number; note: string; containers: number; stories: number }) => [v.number, v.note, v.containers, v.stories]),
      [
        [2, 'published', 1, 1],
        [1, 'published', 3, 2],
      ],
    );
    assert.equal(history.nextBefore, null);
    assert.deepEqual((await tool(world.editor, 'GET', `/${id}/history/1`)).json(), { number: 1, layout });
    assert.equal((await tool(world.editor, 'GET', `/${id}/history/9`)).statusCode, 404);

    const restored = await tool(world.editor, 'POST', `/${id}/restore`, { number: 1, version: version + 2 });
    assert.equal(restored.statusCode, 200, restored.body);
    assert.equal(restored.json().number, 3);
    const after = (await tool(world.editor, 'GET', `/${id}`)).json();
    assert.deepEqual(after.draft, layout, 'the restored version is the draft');
    assert.equal(after.version, version + 3);
    assert.equal(after.publishedNumber, 3);
    assert.equal(after.draftIsPublished, true);
    assert.equal((await tool(world.editor, 'GET', `/${id}/history?before=3`)).json().versions[0].number, 2);
    assert.equal((await tool(world.editor, 'GET', `/${id}/history`)).json().versions[0].note, 'restored from 1');
    assert.equal((await tool(world.editor, 'POST', `/${id}/restore`, { number: 42, version: version + 3 })).statusCode, 404);
  });

  it('refuses a stale save with both versions, and a stale publish with the newer draft', async () => {
    const { id, version, draft } = await openUk(world);
    const theirs: FrontLayout = { containers: [curated('top', 'Admin’s pick', [world.stories[1]!])] };
    assert.equal((await tool(world.admin, 'PUT', `/${id}/draft`, { layout: theirs, version })).statusCode, 200);
    const mine: FrontLayout = { containers: [curated('top', 'Editor’s pick', [world.stories[2]!])] };
    const before = (await tool(world.editor, 'GET', `/${id}`)).json();
    const stale = await tool(world.editor, 'PUT', `/${id}/draft`, { layout: mine, version });
    assert.equal(stale.statusCode, 409, stale.body);
    const body = stale.json().error;
    assert.equal(body.code, 'conflict');
    assert.equal(body.field, 'version');
    assert.match(body.message, /Ama Admin/);
    assert.deepEqual(body.yours, mine);
    assert.deepEqual(body.theirs.layout, theirs);
    assert.equal(body.theirs.version, version + 1);
    assert.equal(body.theirs.actor, 'account:Ama Admin');
    assert.equal(typeof body.theirs.savedAt, 'string');
    assert.deepEqual((await tool(world.editor, 'GET', `/${id}`)).json(), before, 'nothing changed');
    const stalePublish = await tool(world.editor, 'POST', `/${id}/publish`, { version });
    assert.equal(stalePublish.statusCode, 409);
    assert.deepEqual(stalePublish.json().error.theirs.layout, theirs);
    assert.notDeepEqual(draft, theirs);
  });

  it('tells each editor who else has the front open, and the version to reload', async () => {
    const { id } = await openUk(world);
    const alone = await tool(world.editor, 'POST', `/${id}/presence`);
    assert.equal(alone.statusCode, 200, alone.body);
    assert.deepEqual(alone.json().editors, []);
    const both = (await tool(world.admin, 'POST', `/${id}/presence`, {})).json();
    assert.deepEqual(both.editors, [{ name: 'Eda Editor' }]);
    assert.equal(typeof both.version, 'number');
    assert.equal((await tool(world.admin, 'POST', `/${id}/presence`, { leaving: true })).json().editors.length, 0);
    assert.deepEqual((await tool(world.editor, 'POST', `/${id}/presence`)).json().editors, []);
    // After a minute without a heartbeat an editor has gone.
    await tool(world.admin, 'POST', `/${id}/presence`);
    world.clock.now = new Date(world.clock.now.getTime() + 60_000);
    assert.deepEqual((await tool(world.editor, 'POST', `/${id}/presence`)).json().editors, []);
  });

  it('finds published stories to add, newest first, by words and section', async () => {
    const found = (await tool(world.editor, 'GET', '/stories?q=harb')).json().stories;
    assert.deepEqual(
      found.map((s: { headline: string }) => s.headline),
      ['Harbour reopens after storm'],
    );
    const all = (await tool(world.editor, 'GET', '/stories')).json().stories;
    assert.deepEqual(
      all.map((s: { headline: string }) => s.headline),
      ['Orchestra tours the coast', 'Council votes on bridge', 'Harbour reopens after storm'],
    );
    assert.equal((await tool(world.editor, 'GET', '/stories?section=world')).json().stories.length, 3);
    const sections = (await tool(world.editor, 'GET', '/')).json().fronts.filter((f: { scope: { kind: string } }) => f.scope.kind === 'section');
    const byId = (name: string) => sections.find((f: { name: string }) => f.name === name).scope.sectionId;
    assert.equal((await tool(world.editor, 'GET', `/stories?section=${byId('News')}`)).json().stories.length, 3, 'a section by id, with its subsections');
    assert.equal((await tool(world.editor, 'GET', `/stories?section=${byId('World')}&q=council`)).json().stories.length, 1);
    assert.equal((await tool(world.editor, 'GET', '/stories?section=nowhere')).json().stories.length, 0);
    assert.equal((await tool(world.editor, 'GET', `/stories?q=${encodeURIComponent("'; drop table fronts; --")}`)).statusCode, 200);
    assert.equal((await tool(world.editor, 'GET', '/stories?q=ready')).json().stories.length, 0, 'drafts are not offered');
  });

  it('is for editors and admins only, with a signed-in session and the CSRF token', async () => {
    const { id, version, draft } = await openUk(world);
    const refusedWriter = await tool(world.writer, 'PUT', `/${id}/draft`, { layout: draft, version });
    assert.equal(refusedWriter.statusCode, 403);
    assert.equal((await tool(world.writer, 'GET', '/')).statusCode, 403);
    assert.equal((await tool(world.writer, 'POST', `/${id}/publish`, { version })).statusCode, 403);
    const anonymous = new Agent(world.t.app, '203.0.113.99');
    assert.equal((await anonymous.json('GET', '/newsroom/api/fronts/')).statusCode, 401);
    assert.equal((await anonymous.json('POST', `/newsroom/api/fronts/${id}/publish`, { version })).statusCode, 401);
    const noCsrf = await world.editor.agent.json('PUT', `/newsroom/api/fronts/${id}/draft`, { layout: draft, version });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal(errorOf(await tool(world.editor, 'GET', '/00000000-0000-4000-8000-000000000000')).code, 'not_found');
    assert.equal((await tool(world.editor, 'GET', `/${id}`)).json().version, version, 'nothing was saved');
  });
});
