import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, seedBasics, validArticle, type TestApp } from '../../test/support/app.ts';
import { signedInStaff } from '../../test/support/accounts.ts';
import { engine } from '../../test/support/database.ts';
import { updateUser } from '../accounts/users/repository.ts';
import type { Agent } from '../../test/support/agent.ts';
import type { ContentChange } from '../content/changes.ts';
import type { Database } from '../platform/db/database.ts';
import type { CommentAnnouncements } from './announce.ts';
import { localClassifier } from './moderation/classifier.ts';
import { approveComment, rejectComment } from './moderation/actions.ts';
import { DEFAULT_SETTINGS } from './moderation/pipeline.ts';
import { recommendComment } from './reactions/service.ts';
import { findComment } from './repository.ts';
import { deleteComment, editComment, postComment, type Commenter } from './service.ts';

/** Every announcement a service made, in order. */
function recorder() {
  const heard: string[] = [];
  const announcements: CommentAnnouncements = {
    events: { commentsChanged: (articleId) => heard.push(`purge ${articleId}`) },
    live: {
      publish: <P>(kind: string, topic: string, payload: P) => {
        const { commentId } = payload as { commentId: string };
        heard.push(kind === 'comment' ? `live ${commentId}` : `${kind} ${commentId} on ${topic}`);
      },
    },
  };
  return { heard, announcements };
}

/** The real database, except that every transaction fails as it would commit: its writes roll back. */
const failingCommits = (database: Database): Database =>
  Object.assign(Object.create(database) as Database, {
    transaction: <T>(work: Parameters<Database['transaction']>[0]) =>
      database.transaction(async (tx) => {
        await work(tx);
        throw new Error('the commit failed');
      }) as Promise<T>,
  });

describe(`comment services announce their own changes on ${engine}: after commit, never on rollback`, () => {
  let t: TestApp;
  let clock = new Date('2036-11-27T10:00:00Z');
  let articleId: string;
  let reader: Commenter;
  let editor: Commenter;
  let editorBrowser: { agent: Agent; csrf: string };
  const tick = () => (clock = new Date(clock.getTime() + 61_000));
  const deps = (announcements: CommentAnnouncements, database = t.db.database) => ({
    database,
    classifier: localClassifier,
    settings: async () => DEFAULT_SETTINGS,
    now: () => clock,
    ...announcements,
  });

  before(async () => {
    t = await createTestApp({ now: () => clock });
    await seedBasics(t);
    articleId = (await t.admin('POST', '/api/admin/articles', validArticle({ status: 'published' }))).json().id;
    const who = async (role: 'reader' | 'editor', name: string, ip: string) => {
      const made = await signedInStaff(t, role, name, ip);
      await updateUser(t.db.database.db, made.id, { emailVerifiedAt: new Date() }, new Date());
      const commenter: Commenter = { id: made.id, name, role, createdAt: new Date('2030-01-01T00:00:00Z'), emailVerified: true };
      return { commenter, browser: made };
    };
    reader = (await who('reader', 'Ana Reader', '203.0.113.90')).commenter;
    const eli = await who('editor', 'Eli Editor', '203.0.113.91');
    editor = eli.commenter;
    editorBrowser = eli.browser;
  });
  after(() => t.close());

  it('posting, approving, recommending, editing and deleting each announce once they committed; a held comment only to its author', async () => {
    const { heard, announcements } = recorder();
    const held = await postComment(deps(announcements), reader, articleId, { text: 'A first comment, held for a moderator.' });
    assert.equal(held.comment.status, 'held');
    assert.deepEqual(heard, [], 'nobody but its author knows of a held comment');

    const approved = await approveComment(deps(announcements), editor.id, held.comment.id);
    assert.equal(approved.comment.status, 'published');
    assert.deepEqual(heard.splice(0), [`purge ${articleId}`, `live ${held.comment.id}`]);

    tick();
    const reply = await postComment(deps(announcements), editor, articleId, { text: 'A reply from the newsroom.', parentId: held.comment.id });
    assert.equal(reply.comment.status, 'published');
    assert.deepEqual(
      heard.splice(0),
      [`purge ${articleId}`, `live ${reply.comment.id}`, `notification ${reply.comment.id} on user:${reader.id}`],
      'the reader replied to is told',
    );

    await recommendComment(deps(announcements), reader.id, reply.comment.id, true);
    assert.deepEqual(heard.splice(0), [`purge ${articleId}`, `live ${reply.comment.id}`]);
    await recommendComment(deps(announcements), reader.id, reply.comment.id, true);
    assert.deepEqual(heard, [], 'a recommendation that changed nothing is not announced');

    tick();
    await editComment(deps(announcements), editor, reply.comment.id, 'A reply from the newsroom, corrected.');
    assert.deepEqual(heard.splice(0), [`purge ${articleId}`, `live ${reply.comment.id}`]);

    await deleteComment(deps(announcements), editor.id, reply.comment.id);
    assert.deepEqual(heard.splice(0), [`purge ${articleId}`, `live ${reply.comment.id}`]);
  });

  it('announces nothing when the transaction rolls back, and nothing changed', async () => {
    const { heard, announcements } = recorder();
    tick();
    const posted = await postComment(deps(recorder().announcements), editor, articleId, { text: 'Staying on the page after all.' });
    assert.equal(posted.comment.status, 'published');

    await assert.rejects(deleteComment(deps(announcements, failingCommits(t.db.database)), editor.id, posted.comment.id), /the commit failed/);
    await assert.rejects(rejectComment(deps(announcements, failingCommits(t.db.database)), editor.id, posted.comment.id, 'Off topic'), /the commit failed/);
    tick();
    await assert.rejects(postComment(deps(announcements, failingCommits(t.db.database)), editor, articleId, { text: 'Never committed.' }), /the commit failed/);
    assert.deepEqual(heard, []);
    assert.equal((await findComment(t.db.database.db, posted.comment.id))?.status, 'published');
  });

  it("the app's routes hand the services the page cache's events: a comment posted or approved over HTTP is announced", async () => {
    const heard: ContentChange[] = [];
    const listener = (change: ContentChange) => heard.push(change);
    t.app.ctx.events.on('change', listener);
    try {
      tick();
      const posted = await editorBrowser.agent.postJson(
        `/api/articles/${articleId}/comments`,
        { text: 'Posted over HTTP by the newsroom.' },
        editorBrowser.csrf,
      );
      assert.equal(posted.statusCode, 201, posted.body);
      assert.deepEqual(heard.splice(0), [{ kind: 'comments', articleId }]);

      tick();
      const newcomer = await signedInStaff(t, 'reader', 'Nia Newcomer', '203.0.113.92');
      await updateUser(t.db.database.db, newcomer.id, { emailVerifiedAt: new Date() }, new Date());
      const held = await postComment(
        deps(recorder().announcements),
        { id: newcomer.id, name: 'Nia Newcomer', role: 'reader', createdAt: clock, emailVerified: true },
        articleId,
        { text: 'Held until a moderator reads it.' },
      );
      assert.equal(held.comment.status, 'held');
      const approved = await editorBrowser.agent.post(`/newsroom/moderation/comments/${held.comment.id}/approve`, { _csrf: editorBrowser.csrf });
      assert.equal(approved.statusCode, 303, approved.body);
      assert.deepEqual(heard, [{ kind: 'comments', articleId }]);
    } finally {
      t.app.ctx.events.off('change', listener);
    }
  });
});
