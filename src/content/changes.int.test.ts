import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { createTestApp, multipart, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { engine } from '../../test/support/database.ts';
import type { Database } from '../platform/db/database.ts';
import * as articles from './articles/service.ts';
import { ContentEvents, type ContentChange, type ContentDeps } from './changes.ts';
import * as images from './images/service.ts';
import * as taxonomy from './taxonomy/service.ts';

/**
 * The content services announce what they changed themselves, once the transaction has
 * committed: no caller has to remember to purge, and a write that rolls back announces nothing.
 */
describe(`content services announce their changes after commit on ${engine}`, () => {
  let t: TestApp;
  /** What happened, in order: each transaction's end ('commit' or 'rollback') and each announcement. */
  let log: string[];
  let changes: ContentChange[];
  let deps: ContentDeps;
  const who = () => ({ actor: 'test', now: new Date() });
  const ok = async (response: { statusCode: number; body: string; json(): any }) => {
    assert.ok(response.statusCode < 300, `${response.statusCode} ${response.body}`);
    return response.json();
  };

  /** The test's database, noting when each transaction has committed or rolled back. */
  function recording(inner: Database): Database {
    return {
      engine: inner.engine,
      db: inner.db,
      transaction: async (work) => {
        try {
          const result = await inner.transaction(work);
          log.push('commit');
          return result;
        } catch (error) {
          log.push('rollback');
          throw error;
        }
      },
      ping: () => inner.ping(),
      notify: (channel, payload) => inner.notify(channel, payload),
      listen: (channel, handler) => inner.listen(channel, handler),
      stats: () => inner.stats(),
      listening: () => inner.listening(),
      close: () => inner.close(),
    };
  }

  /** Runs `write` and returns what it logged. */
  async function logged(write: () => Promise<unknown>): Promise<string[]> {
    log = [];
    changes = [];
    await write();
    return log;
  }
  async function refused(write: () => Promise<unknown>, code: string): Promise<string[]> {
    log = [];
    changes = [];
    await assert.rejects(write, (error: { code?: string }) => error.code === code);
    return log;
  }

  before(async () => {
    t = await createTestApp();
    await seedBasics(t);
    const events = new ContentEvents();
    events.on('change', (change) => {
      log.push(`announce:${change.kind}`);
      changes.push(change);
    });
    deps = { database: recording(t.db.database), events };
  });
  after(() => t.close());

  it('every article write announces once, after its transaction has committed, with where the article was and is', async () => {
    let article!: articles.ArticleRecord;
    assert.deepEqual(
      await logged(
        async () => (article = await articles.createArticle(deps, { ...validArticle({ headline: 'Harbour talks resume' }), status: 'published' }, who())),
      ),
      ['commit', 'announce:article'],
    );
    const firstVersion = article.version;
    assert.deepEqual(changes, [
      {
        kind: 'article',
        before: null,
        after: {
          id: article.id,
          live: true,
          editions: article.editions,
          sectionId: article.section.id,
          topicIds: article.topics.map((x) => x.id),
          authorIds: article.authors.map((x) => x.id),
        },
      },
    ]);

    const trade = (await t.admin('GET', '/api/admin/topics/trade')).json();
    assert.deepEqual(
      await logged(async () => (article = await articles.updateArticle(deps, article.id, { version: article.version, topics: ['trade'] }, who()))),
      ['commit', 'announce:article'],
    );
    const [moved] = changes as Extract<ContentChange, { kind: 'article' }>[];
    assert.notDeepEqual(moved!.before!.topicIds, [trade.id], 'before: where the article was');
    assert.deepEqual(moved!.after!.topicIds, [trade.id], 'after: where it is now');

    assert.deepEqual(
      await logged(async () => (article = await articles.addCorrection(deps, article.id, { kind: 'correction', note: 'The port was misnamed.' }, who()))),
      ['commit', 'announce:article'],
    );
    assert.deepEqual(await logged(async () => (article = await articles.unpublishArticle(deps, article.id, {}, who()))), ['commit', 'announce:article']);
    assert.equal((changes[0] as Extract<ContentChange, { kind: 'article' }>).after!.live, false);
    assert.deepEqual(await logged(async () => (article = await articles.publishArticle(deps, article.id, {}, who()))), ['commit', 'announce:article']);
    // A restore is an update: one transaction, one announcement.
    assert.deepEqual(
      await logged(async () => (article = await articles.restoreRevision(deps, article.id, firstVersion, { version: article.version }, who()))),
      ['commit', 'announce:article'],
    );

    let draft = await articles.createArticle(deps, validArticle({ headline: 'Quiet draft' }), who());
    assert.deepEqual(await logged(async () => (draft = await articles.submitArticle(deps, draft.id, {}, who()))), ['commit', 'announce:article']);
    assert.deepEqual(
      await logged(async () => (draft = await articles.scheduleArticle(deps, draft.id, { at: new Date(Date.now() + 60_000).toISOString() }, who()))),
      ['commit', 'announce:article'],
    );
    // The queue's job publishes it when its time has come, and says so once.
    assert.deepEqual(await logged(() => articles.publishScheduled(deps, draft.id, new Date(Date.now() + 120_000))), ['commit', 'announce:article']);
    assert.equal((changes[0] as Extract<ContentChange, { kind: 'article' }>).after!.live, true);
    // Run twice, it has nothing left to do and says nothing.
    assert.deepEqual(await logged(() => articles.publishScheduled(deps, draft.id, new Date(Date.now() + 120_000))), ['commit']);

    const doomed = await articles.createArticle(deps, validArticle({ headline: 'Never to run' }), who());
    assert.deepEqual(await logged(() => articles.deleteArticle(deps, doomed.id)), ['commit', 'announce:article']);
    assert.deepEqual(changes, [
      {
        kind: 'article',
        before: {
          id: doomed.id,
          live: false,
          editions: doomed.editions,
          sectionId: doomed.section.id,
          topicIds: doomed.topics.map((x) => x.id),
          authorIds: doomed.authors.map((x) => x.id),
        },
        after: null,
      },
    ]);
  });

  it('every write to names, pictures or the section tree announces once, after commit', async () => {
    let section!: Awaited<ReturnType<typeof taxonomy.createSection>>;
    assert.deepEqual(await logged(async () => (section = await taxonomy.createSection(deps, { name: 'Science' }))), ['commit', 'announce:everything']);
    assert.deepEqual(await logged(() => taxonomy.updateSection(deps, section.id, { version: section.version, description: 'Discoveries.' })), [
      'commit',
      'announce:everything',
    ]);
    assert.deepEqual(await logged(() => taxonomy.deleteSection(deps, section.id)), ['commit', 'announce:everything']);
    const topic = await taxonomy.createTopic(deps, { name: 'Fisheries' });
    assert.deepEqual(await logged(() => taxonomy.updateTopic(deps, topic.id, { version: topic.version, name: 'Fishing' })), ['commit', 'announce:everything']);
    const author = await taxonomy.createAuthor(deps, { name: 'Cleo Columnist' });
    assert.deepEqual(await logged(() => taxonomy.deleteAuthor(deps, author.id)), ['commit', 'announce:everything']);

    const image = await images.uploadImage(
      deps.database,
      t.storage,
      await sharp({ create: { width: 800, height: 450, channels: 3, background: '#357' } })
        .jpeg()
        .toBuffer(),
      { alt: 'A quay' },
    );
    const guard = { allow: () => undefined };
    assert.deepEqual(await logged(() => images.updateImage(deps, image.id, image.version, { alt: 'A quay at dawn' }, guard)), [
      'commit',
      'announce:everything',
    ]);
    // New formats of an image no article uses change no page: the announcement names no article.
    assert.deepEqual(await logged(() => images.makeDeferredVariants(deps, t.storage, image.id)), ['commit', 'announce:image']);
    assert.deepEqual(changes, [{ kind: 'image', imageId: image.id, articleIds: [] }]);
    // Every variant is there now: the job changes nothing and says nothing.
    assert.deepEqual(await logged(() => images.makeDeferredVariants(deps, t.storage, image.id)), []);
    assert.deepEqual(await logged(() => images.deleteImage(deps, t.storage, image.id)), ['commit', 'announce:everything']);
  });

  it('a write that fails rolls back and announces nothing', async () => {
    const article = await articles.createArticle(deps, { ...validArticle({ headline: 'Linked explainer' }), status: 'published' }, who());
    assert.deepEqual(await refused(() => articles.updateArticle(deps, article.id, { version: article.version + 5, headline: 'Stale' }, who()), 'conflict'), [
      'rollback',
    ]);
    // Written, then refused in the same transaction (it cannot be published without a byline): nothing of it stays.
    assert.deepEqual(
      await refused(
        () => articles.createArticle(deps, { ...validArticle({ headline: 'Half-written story', authors: [] }), status: 'published' }, who()),
        'invalid',
      ),
      ['rollback'],
    );
    assert.equal((await articles.listArticles(t.db.database.db, { q: 'Half-written' })).items.length, 0, 'the rolled-back article is not there');
    // The row is deleted, then the audit record fails: the deletion rolls back, unannounced.
    assert.deepEqual(
      await refused(
        () =>
          articles.deleteArticle(deps, article.id, async () => {
            throw Object.assign(new Error('audit log unavailable'), { code: 'audit_failed' });
          }),
        'audit_failed',
      ),
      ['rollback'],
    );
    assert.equal((await articles.getArticle(t.db.database.db, article.id)).id, article.id, 'the article is still there');
    assert.deepEqual(await refused(() => taxonomy.createSection(deps, { name: 'Elsewhere', slug: 'news' }), 'conflict'), ['rollback']);
    assert.deepEqual(changes, []);
  });

  it('the page cache is purged when content changes, with no route code involved', async () => {
    const image = await ok(
      await t.app.inject({
        method: 'POST',
        url: '/api/admin/images',
        ...uploadForm(
          await sharp({ create: { width: 1200, height: 675, channels: 3, background: '#543' } })
            .jpeg()
            .toBuffer(),
          t.token,
        ),
      }),
    );
    const story = await ok(
      await t.admin(
        'POST',
        '/api/admin/articles',
        validArticle({ headline: 'Ferries return to the strait', hero: { imageId: image.id }, status: 'published' }),
      ),
    );
    const path = new URL(story.url).pathname;
    const page = async (url: string) => {
      const response = await t.get(url);
      assert.equal(response.statusCode, 200, url);
      return response.body;
    };
    assert.match(await page(path), /Ferries return to the strait/);
    assert.match(await page('/news'), /Ferries return to the strait/);

    // Called directly, as a job or a script would: the app's services purge what they change.
    const record = await articles.getArticle(t.db.database.db, story.id);
    await articles.updateArticle(t.app.ctx, story.id, { version: record.version, headline: 'Ferries return to the strait at last' }, who());
    assert.match(await page(path), /Ferries return to the strait at last/);
    assert.match(await page('/news'), /Ferries return to the strait at last/);

    // Through the Admin API: names and pictures, which many pages show.
    const world = await ok(await t.admin('GET', '/api/admin/sections/world'));
    await ok(await t.admin('PATCH', '/api/admin/sections/world', { version: world.version, name: 'Around the world' }));
    assert.match(await page(path), /Around the world/);
    await ok(await t.admin('PATCH', `/api/admin/images/${image.id}`, { version: image.version, alt: 'Ferry at the pier at dusk' }));
    assert.match(await page(path), /Ferry at the pier at dusk/);
  });
});

function uploadForm(data: Buffer, token: string) {
  const form = multipart({ alt: 'A ferry' }, { filename: 'ferry.jpg', type: 'image/jpeg', data });
  return { payload: form.payload, headers: { ...form.headers, authorization: `Bearer ${token}` } };
}
