import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { multipart, type TestApp } from '../../../test/support/app.ts';
import { testdata } from '../../../test/support/testdata.ts';
import { activeContent } from '../../../test/support/html.ts';
import { engine } from '../../../test/support/database.ts';
import { api, body, start, startEditorWorld, type Staff } from '../../../test/support/newsroom-editor.ts';

/** The newsroom editor's tools: search, who is editing, preview, the media library, and hostile text. Setup shared with editor.int.test.ts (test/support/newsroom-editor.ts). */
describe(`newsroom editor on ${engine}: search, presence, preview, media and hostile text`, () => {
  let t: TestApp;
  let clock = new Date('2036-11-27T09:00:00Z');
  let contributor: Staff;
  let writer: Staff;
  let editor: Staff;
  let photo: Buffer;

  before(async () => {
    ({ t, contributor, writer, editor, photo } = await startEditorWorld(() => clock));
  });
  after(() => t.close());

  it('finds articles by the start of their words, as typed, for the list and the related-story picker', async () => {
    await start(writer, 'Ferry timetable for winter crossings');
    const hits = (await api(writer, 'GET', '/articles?q=' + encodeURIComponent('ferr timet'))).json().items;
    assert.ok(hits.some((a: { headline: string }) => a.headline === 'Ferry timetable for winter crossings'));
    assert.ok((await api(writer, 'GET', '/articles?q=ferry')).json().items.length > 0, 'a whole word still matches its stem');
    assert.deepEqual((await api(writer, 'GET', '/articles?q=' + encodeURIComponent("')|!:*"))).json().items, []);
    assert.match((await writer.agent.get('/newsroom?q=crossi')).body, /Ferry timetable for winter crossings/);
  });

  it('shows who is editing what in the list', async () => {
    const id = await start(writer, 'Who has this open');
    assert.deepEqual((await api(writer, 'POST', `/articles/${id}/presence`, {})).json(), { editors: [] });
    assert.deepEqual((await api(editor, 'POST', `/articles/${id}/presence`, {})).json(), { editors: ['Wes Writer'] });
    const list = await contributor.agent.get('/newsroom');
    assert.match(list.body, /Who has this open<\/a><\/td>(?:(?!<\/tr>).)*Eda Editor, Wes Writer/s);
    await api(editor, 'POST', `/articles/${id}/presence`, { leaving: true });
    clock = new Date(clock.getTime() + 60_000);
    assert.doesNotMatch((await contributor.agent.get('/newsroom')).body, /Wes Writer<\/td>/);
  });

  it('previews the saved draft in the reader layout, framed only by the newsroom', async () => {
    const id = await start(writer, 'Preview me <script>alert(1)</script>');
    const preview = await writer.agent.get(`/newsroom/articles/${id}/preview`);
    assert.equal(preview.statusCode, 200);
    assert.match(preview.body, /class="article__headline">Preview me &lt;script>alert\(1\)&lt;\/script><\/h1>/);
    assert.equal(preview.headers['x-frame-options'], 'SAMEORIGIN');
    assert.match(String(preview.headers['content-security-policy']), /frame-ancestors 'self'/);
    assert.match(String(preview.headers['cache-control']), /no-store/);
    assert.equal((await t.get(`/newsroom/articles/${id}/preview`)).statusCode, 303, 'signed out: to the sign-in page');
  });

  it('uploads to the media library, refuses a broken file with a clear message, and needs alt text before publishing', async () => {
    const upload = await writer.agent.upload('/newsroom/api/images', multipart({}, { filename: 'harbour.jpg', type: 'image/jpeg', data: photo }), writer.csrf);
    assert.equal(upload.statusCode, 201, upload.body);
    const image = upload.json();
    const broken = await writer.agent.upload(
      '/newsroom/api/images',
      multipart({}, { filename: 'broken.jpg', type: 'image/jpeg', data: photo.subarray(0, 200) }),
      writer.csrf,
    );
    assert.ok(broken.statusCode >= 400 && broken.statusCode < 500, String(broken.statusCode));
    assert.match(broken.json().error.message, /image|file/i);
    assert.equal(
      (await writer.agent.upload('/newsroom/api/images', multipart({}, { filename: 'x.jpg', type: 'image/jpeg', data: photo }), 'wrong-token')).statusCode,
      403,
    );

    const id = await start(editor, 'Harbour at dawn');
    await api(editor, 'PATCH', `/articles/${id}`, {
      version: 1,
      standfirst: 'A picture story.',
      body: body('Boats.'),
      authors: ['ada-reporter'],
      hero: { imageId: image.id },
    });
    const refused = await api(editor, 'POST', `/articles/${id}/publish`, { version: 2 });
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.json().error.field, 'hero.alt');

    const described = await api(writer, 'PATCH', `/images/${image.id}`, {
      version: image.version,
      alt: 'Fishing boats in the harbour at dawn',
      focalX: 0.3,
      focalY: 0.6,
    });
    assert.equal(described.statusCode, 200, described.body);
    assert.deepEqual(described.json().focalPoint, { x: 0.3, y: 0.6 });
    assert.equal((await api(writer, 'GET', '/images?q=fishing')).json().items[0].id, image.id);
    assert.equal((await api(editor, 'POST', `/articles/${id}/publish`, { version: 2 })).statusCode, 200);
  });

  it('stores hostile and odd text exactly as typed and renders it harmlessly', async () => {
    const payloads = [
      ...testdata.xss().slice(0, 60),
      ...testdata
        .unicode()
        .filter((c) => c.expect === 'preserve')
        .map((c) => c.value!),
    ].filter((p) => p.trim() && [...p].length <= 200);
    const id = await start(editor, 'Hostile input');
    let image = (await writer.agent.upload('/newsroom/api/images', multipart({}, { filename: 'x.jpg', type: 'image/jpeg', data: photo }), writer.csrf)).json();
    let version = 1;
    for (const [i, payload] of payloads.entries()) {
      // The media library's alt text and caption, and the article's own for its hero.
      const described = await api(writer, 'PATCH', `/images/${image.id}`, { version: image.version, alt: payload, caption: payload });
      assert.equal(described.statusCode, 200, `payload ${i}: ${described.body.slice(0, 200)}`);
      image = described.json();
      assert.deepEqual([image.alt, image.caption], [payload, payload]);
      const saved = await api(editor, 'PATCH', `/articles/${id}`, {
        version,
        standfirst: payload,
        body: body(payload),
        hero: { imageId: image.id, alt: payload, caption: payload },
      });
      assert.equal(saved.statusCode, 200, `payload ${i}: ${saved.body.slice(0, 200)}`);
      version = saved.json().version;
      // A headline is one line of visible text: either kept exactly or refused, naming the field.
      const headline = await api(editor, 'PATCH', `/articles/${id}`, { version, headline: payload });
      if (headline.statusCode === 200) version = headline.json().version;
      else assert.deepEqual([headline.statusCode, headline.json().error.field], [422, 'headline'], payload);
      const stored = (await api(editor, 'GET', `/articles/${id}`)).json();
      assert.equal(stored.standfirst, payload);
      assert.equal(stored.body[0].content[0].text, payload);
      assert.deepEqual([stored.hero.alt, stored.hero.caption], [payload, payload]);
      if (headline.statusCode === 200) assert.equal(stored.headline, payload);
      if (i % 5 === 0) {
        const preview = (await editor.agent.get(`/newsroom/articles/${id}/preview`)).body;
        assert.deepEqual(activeContent(preview), [], payload);
      }
    }
  });
});
