import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rows } from '../../platform/db/database.ts';
import { createTestApp, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import type { Agent } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';

describe(`the fronts tool's pages on ${engine}`, () => {
  let t: TestApp;
  let writer: { agent: Agent };
  let editor: { agent: Agent };
  const frontId = randomUUID();

  before(async () => {
    t = await createTestApp({ now: () => new Date('2036-11-27T09:00:00Z') });
    await seedBasics(t);
    writer = await signedInStaff(t, 'writer', 'Wes Writer', '203.0.113.42');
    editor = await signedInStaff(t, 'editor', 'Eda Editor', '203.0.113.43');
    const [edition] = await rows<{ code: string }>(t.db.database.db, sql`select code from editions order by position limit 1`);
    await t.db.database.db.execute(
      sql`insert into fronts (id, edition, draft) values (${frontId}::uuid, ${edition!.code}, ${JSON.stringify({ containers: [] })}::jsonb)`,
    );
  });
  after(() => t.close());

  it('opens the tool on a front for editors, with its own stylesheet; writers are refused and unknown fronts are 404', async () => {
    assert.equal((await writer.agent.get(`/newsroom/fronts/${frontId}`)).statusCode, 403);
    const page = await editor.agent.get(`/newsroom/fronts/${frontId}`);
    assert.equal(page.statusCode, 200, page.body);
    assert.match(page.body, /data-island="fronts-tool"/);
    assert.match(page.body, /front page/);
    const stylesheet = /href="(\/newsroom\/fronts\/assets\/tool-[^"]+\.css)"/.exec(page.body)?.[1];
    assert.ok(stylesheet, 'the page links the tool stylesheet');
    const css = await t.get(stylesheet);
    assert.equal(css.statusCode, 200);
    assert.match(String(css.headers['content-type']), /text\/css/);
    assert.match(css.body, /\.fronts-tool/);
    assert.equal((await t.get('/newsroom/fronts/assets/tool-nothing.css')).statusCode, 404);
    assert.equal((await editor.agent.get(`/newsroom/fronts/${randomUUID()}`)).statusCode, 404);
    assert.equal((await editor.agent.get('/newsroom/fronts/not-an-id')).statusCode, 404);
  });

  it('lists Fronts in the newsroom menu for editors only', async () => {
    assert.match((await editor.agent.get('/newsroom')).body, /href="\/newsroom\/fronts"/);
    assert.doesNotMatch((await writer.agent.get('/newsroom')).body, /href="\/newsroom\/fronts"/);
  });
});
