import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { createTestApp, multipart, seedBasics, type TestApp } from '../../../test/support/app.ts';
import { signedInStaff } from '../../../test/support/accounts.ts';
import type { Agent } from '../../../test/support/agent.ts';
import { engine } from '../../../test/support/database.ts';

type Staff = { agent: Agent; csrf: string; id: string };

/**
 * A picture's alt text, caption, credit and focal point show on every article that uses it:
 * changing them for a live article is changing that article, which only an editor may do.
 */
describe(`newsroom media library on ${engine}: pictures that live articles show`, () => {
  let t: TestApp;
  let contributor: Staff;
  let writer: Staff;
  let editor: Staff;
  let photo: Buffer;

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    contributor = await signedInStaff(t, 'contributor', 'Cleo Contributor', '203.0.113.41');
    writer = await signedInStaff(t, 'writer', 'Walt Writer', '203.0.113.42');
    editor = await signedInStaff(t, 'editor', 'Edna Editor', '203.0.113.43');
    photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#3a6b4f' } })
      .jpeg()
      .toBuffer();
  });
  after(() => t.close());

  const api = (who: Staff, method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => who.agent.json(method, `/newsroom/api${url}`, body, who.csrf);
  const body = (text: string) => [{ type: 'paragraph', content: [{ text }] }];
  const auditOf = async (imageId: string) =>
    (
      (await t.db.database.db.execute(
        sql`select actor_name, action, details from audit_events where target_type = 'image' and target_id = ${imageId}`,
      )) as unknown as { rows: { actor_name: string; action: string; details: Record<string, unknown> }[] }
    ).rows;
  const imageRow = async (imageId: string) =>
    (
      (await t.db.database.db.execute(sql`select alt, caption, credit, focal_x, version from images where id = ${imageId}`)) as unknown as {
        rows: Record<string, unknown>[];
      }
    ).rows[0];

  async function upload(who: Staff) {
    const response = await who.agent.upload(
      '/newsroom/api/images',
      multipart(
        { alt: 'Allotments by the railway', caption: 'Plots in spring', credit: 'Photo: Staff' },
        { filename: 'plots.jpg', type: 'image/jpeg', data: photo },
      ),
      who.csrf,
    );
    assert.equal(response.statusCode, 201, response.body);
    return response.json() as { id: string; version: number };
  }

  /** An article by the editor, with the picture as its hero, left as a draft or published. */
  async function articleWith(imageId: string, headline: string, publish: boolean) {
    const created = await t.admin('POST', '/api/admin/articles', {
      headline,
      standfirst: 'Growing things.',
      body: body('Rows of beans.'),
      authors: ['ada-reporter'],
      section: 'world',
      hero: { imageId },
    });
    assert.equal(created.statusCode, 201, created.body);
    if (publish) assert.equal((await api(editor, 'POST', `/articles/${created.json().id}/publish`, { version: created.json().version })).statusCode, 200);
    return created.json().id as string;
  }

  it('refuses a contributor and a writer changing a picture a published article shows, and changes nothing', async () => {
    const image = await upload(writer);
    await articleWith(image.id, 'Allotment waiting lists grow', true);
    const before = await imageRow(image.id);
    const changes = [{ alt: 'Something else entirely' }, { caption: 'A new caption' }, { credit: 'Photo: Someone else' }, { focalX: 0.1, focalY: 0.9 }];
    for (const [who, name] of [
      [contributor, 'a contributor'],
      [writer, 'a writer'],
    ] as const) {
      for (const change of changes) {
        const refused = await api(who, 'PATCH', `/images/${image.id}`, { version: image.version, ...change });
        assert.equal(refused.statusCode, 403, `${name} ${JSON.stringify(change)}: ${refused.body}`);
        const message = refused.json().error.message as string;
        assert.match(message, new RegExp(`As ${name} you cannot change a picture that a published article shows`));
        assert.match(message, /Allotment waiting lists grow/, 'the message names the article');
        assert.match(message, /ask an editor/);
      }
    }
    assert.deepEqual(await imageRow(image.id), before, 'the picture is as it was');
    assert.deepEqual(await auditOf(image.id), [], 'a refused change leaves no trace in the log');
    const page = await t.get('/api/content/articles?limit=1');
    assert.equal(page.json().items[0].hero.alt, 'Allotments by the railway');
  });

  it('lets an editor change it, shows the change to readers and writes it to the audit log', async () => {
    const image = await upload(writer);
    await articleWith(image.id, 'Seed swap draws a crowd', true);
    const changed = await api(editor, 'PATCH', `/images/${image.id}`, {
      version: image.version,
      alt: 'Seed packets on a trestle table',
      credit: 'Photo: Edna Editor',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().alt, 'Seed packets on a trestle table');
    const read = (await t.get('/api/content/articles?limit=1')).json().items[0];
    assert.equal(read.headline, 'Seed swap draws a crowd');
    assert.equal(read.hero.alt, 'Seed packets on a trestle table');

    const logged = await auditOf(image.id);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.actor_name, 'Edna Editor');
    assert.equal(logged[0]!.action, 'image.change');
    assert.deepEqual(logged[0]!.details.changes, {
      alt: { from: 'Allotments by the railway', to: 'Seed packets on a trestle table' },
      credit: { from: 'Photo: Staff', to: 'Photo: Edna Editor' },
    });
    assert.deepEqual(logged[0]!.details.liveArticles, ['Seed swap draws a crowd']);
  });

  it('keeps a picture no published article uses editable by anyone on the staff, as before, without an audit entry', async () => {
    const image = await upload(contributor);
    await articleWith(image.id, 'Draft about compost', false);
    const changed = await api(contributor, 'PATCH', `/images/${image.id}`, { version: image.version, alt: 'A compost heap steaming', caption: 'Warm work' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().alt, 'A compost heap steaming');
    const again = await api(writer, 'PATCH', `/images/${image.id}`, { version: changed.json().version, credit: 'Photo: Walt Writer' });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual(await auditOf(image.id), []);
  });
});
