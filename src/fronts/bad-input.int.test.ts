import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { curated, frontRows, openUk, startFrontsWorld, tool, type FrontsWorld } from '../../test/support/fronts.ts';
import { testdata } from '../../test/support/testdata.ts';
import { isLine, isText } from '../platform/text.ts';
import type { FrontLayout } from './model.ts';

const NOWHERE = '00000000-0000-4000-8000-000000000000';

describe('fronts: bad input is refused clearly and writes nothing', () => {
  let world: FrontsWorld;
  let front: { id: string; version: number };
  before(async () => {
    world = await startFrontsWorld();
    front = await openUk(world);
  });
  after(() => world.t.close());

  /** Saves `body` as the draft and checks the refusal: its status, and that not a row changed. */
  async function refused(body: unknown, status: number, message?: RegExp) {
    const before = await frontRows(world.t);
    const response = await tool(world.editor, 'PUT', `/${front.id}/draft`, body);
    assert.equal(response.statusCode, status, response.body.slice(0, 500));
    assert.deepEqual(await frontRows(world.t), before, 'nothing was written');
    const error = response.json().error;
    if (message) assert.match(error.message, message);
    return error as { code: string; message: string; field?: string; problems?: { path: string; message: string }[] };
  }
  const save = (layout: unknown) => ({ layout, version: front.version });

  it('a story that does not exist, or is not published, is named', async () => {
    const [a] = world.stories;
    const missing = await refused(save({ containers: [curated('top', 'Top', [a!, NOWHERE])] }), 400, new RegExp(`Story ${NOWHERE} in “Top” does not exist`));
    assert.equal(missing.field, 'layout.containers[0].cards[1].articleId');
    const draft = await refused(save({ containers: [curated('top', 'Top', [world.draftStory])] }), 400, /“Not yet ready”.*is not published/);
    assert.equal(draft.field, 'layout.containers[0].cards[0].articleId');
  });

  it('a story twice on one front is refused, naming the story and both containers', async () => {
    const [a, b] = world.stories;
    const error = await refused(save({ containers: [curated('lead', 'Lead', [a!]), curated('top', 'Top stories', [b!, a!])] }), 400);
    assert.match(error.message, new RegExp(a!));
    assert.match(error.message, /“Lead” and “Top stories”/);
    assert.equal(error.field, 'layout.containers[1].cards[1].articleId');
  });

  it('containers beyond their size, sizes beyond their layout, too many containers', async () => {
    const [a, b] = world.stories;
    await refused(save({ containers: [curated('row', 'Row', [a!, b!], { layout: 'row', size: 1 })] }), 400, /holds 2 stories but shows only 1/);
    await refused(save({ containers: [curated('breaking', 'Breaking', [], { layout: 'breaking', size: 4 })] }), 400, /shows 1 to 3/);
    await refused(save({ containers: [curated('top', 'Top', [], { size: 13 })] }), 422);
    await refused(save({ containers: [curated('auto', 'Auto', [a!], { mode: 'automatic' })] }), 400, /automatic/);
    const many = Array.from({ length: 25 }, (_, i) => curated(`c${i}`, `C${i}`, []));
    assert.equal((await refused(save({ containers: many }), 422)).field, 'layout.containers');
    await refused(save({ containers: [curated('x', 'One', []), curated('x', 'Two', [])] }), 400, /Two containers have the id “x”/);
  });

  it('broken picture references and sources that point nowhere', async () => {
    const [a] = world.stories;
    const card = (overrides: Record<string, unknown>) => ({ containers: [curated('top', 'Top', [], { cards: [{ articleId: a!, overrides }] })] });
    const missing = await refused(save(card({ imageId: NOWHERE })), 400, /picture .* does not exist/);
    assert.equal(missing.field, 'layout.containers[0].cards[0].overrides.imageId');
    await refused(save(card({ imageId: '../../etc/passwd' })), 422);
    await refused(save(card({ imageId: world.imageId, focal: { x: 2, y: 0.5 } })), 422);
    await refused(save({ containers: [curated('top', 'Top', [], { mode: 'automatic', source: { sectionId: NOWHERE } })] }), 400, /section that does not exist/);
    await refused(save({ containers: [curated('top', 'Top', [], { mode: 'automatic', source: { topicId: NOWHERE } })] }), 400, /topic/);
  });

  it('unknown fields, wrong types and deep garbage are refused by the schema', async () => {
    const [a] = world.stories;
    assert.equal((await refused({ ...save({ containers: [] }), extra: 1 }, 422)).field, 'extra');
    assert.equal((await refused(save({ containers: [{ ...curated('top', 'Top', [a!]), colour: 'red' }] }), 422)).field, 'layout.containers[0].colour');
    await refused(save({ containers: [curated('top', 'Top', [], { cards: [{ articleId: a!, overrides: { headline: 'x', script: '<b>' } as never }] })] }), 422);
    const carousel = await refused(save({ containers: [curated('top', 'Top', [], { layout: 'carousel' as never })] }), 422);
    assert.equal(carousel.field, 'layout.containers[0].layout');
    await refused(save({ containers: 'all of them' }), 422);
    await refused({ layout: { containers: [] } }, 422);
    await refused({ layout: { containers: [] }, version: -1 }, 422);
    await refused({ layout: { containers: [] }, version: '1; drop table fronts' }, 422);
    await refused(null, 422);
    let garbage: unknown = { x: 1 };
    for (let i = 0; i < 40; i++) garbage = { deeper: garbage, list: [i, String(i)] };
    await refused(save({ containers: [{ ...curated('top', 'Top', []), source: garbage }] }), 422);
    // Nested too deep to build in JavaScript: sent as text, as a hostile client would.
    const before = await frontRows(world.t);
    const deep = await world.t.app.inject({
      method: 'PUT',
      url: `/newsroom/api/fronts/${front.id}/draft`,
      remoteAddress: world.editor.agent.ip,
      headers: {
        cookie: [...world.editor.agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/json',
        'x-csrf-token': world.editor.csrf,
      },
      payload: `{"layout":${'['.repeat(5000)}${']'.repeat(5000)},"version":1}`,
    });
    assert.equal(deep.statusCode, 400, deep.body);
    assert.deepEqual(await frontRows(world.t), before);
    const notJson = await world.editor.agent.json('PUT', `/newsroom/api/fronts/${front.id}/draft`, undefined, world.editor.csrf);
    assert.ok([400, 415, 422].includes(notJson.statusCode), notJson.body);
    assert.deepEqual(await frontRows(world.t), before);
  });

  it('hostile override text from the XSS corpus is stored exactly, or refused naming the field', async () => {
    const [a] = world.stories;
    let stored = 0;
    for (const payload of testdata.xss()) {
      const layout: FrontLayout = {
        containers: [
          curated('top', payload.slice(0, 40).replace(/[\n\r]/g, ' '), [], { cards: [{ articleId: a!, overrides: { headline: payload, trail: payload } }] }),
        ],
      };
      const before = await frontRows(world.t);
      const response = await tool(world.editor, 'PUT', `/${front.id}/draft`, { layout, version: front.version });
      assert.ok([200, 422].includes(response.statusCode), `${response.statusCode} for ${JSON.stringify(payload)}: ${response.body.slice(0, 200)}`);
      if (response.statusCode === 200) {
        stored++;
        front.version = response.json().version;
        const read = (await tool(world.editor, 'GET', `/${front.id}`)).json();
        assert.deepEqual(read.draft, layout);
      } else {
        assert.deepEqual(await frontRows(world.t), before);
        const { field } = response.json().error;
        assert.match(field, /^layout\.containers\[0\]\.(title|cards\[0\]\.overrides\.(headline|trail))$/, response.body);
        const title = layout.containers[0]!.title;
        assert.ok([...payload].length > 200 || !isLine(payload) || !isText(payload) || !isLine(title), `refused without cause: ${JSON.stringify(payload)}`);
      }
    }
    assert.ok(stored > 0);
  });

  it('a stale version is refused with both versions, and nothing is half-saved', async () => {
    const [, b] = world.stories;
    const older = (await tool(world.editor, 'GET', `/${front.id}`)).json().version;
    const bumped = await tool(world.admin, 'PUT', `/${front.id}/draft`, { layout: { containers: [curated('top', 'Admin', [])] }, version: older });
    assert.equal(bumped.statusCode, 200, bumped.body);
    front.version = bumped.json().version;
    const fresh = (await tool(world.editor, 'GET', `/${front.id}`)).json();
    const before = await frontRows(world.t);
    const stale = await tool(world.editor, 'PUT', `/${front.id}/draft`, { layout: { containers: [curated('top', 'Top', [b!])] }, version: older });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'conflict');
    assert.deepEqual(stale.json().error.theirs.layout, fresh.draft);
    assert.deepEqual(await frontRows(world.t), before);
    const future = await tool(world.editor, 'PUT', `/${front.id}/draft`, { layout: { containers: [] }, version: fresh.version + 5 });
    assert.equal(future.statusCode, 409);
    assert.equal((await tool(world.editor, 'PUT', `/${NOWHERE}/draft`, { layout: { containers: [] }, version: 1 })).statusCode, 404);
    assert.deepEqual(await frontRows(world.t), before);
  });
});
