import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { accountPage, publicPage, type FormKit } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { accountOf } from '../../web/principal.ts';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { findArticle } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { invalid, notFound } from '../../platform/errors.ts';
import { dateline } from '../../web/time.ts';
import * as follows from '../follows/repository.ts';
import { profileOf, setFollow } from '../follows/service.ts';
import * as notices from '../notifications/repository.ts';
import { presentComment, presentThread, PAGE, SHOWN_DEPTH } from '../present.ts';
import * as repo from '../repository.ts';
import * as threads from '../threads/repository.ts';
import { assembleThreads, threadPage } from '../threads/service.ts';
import { REPLY_MAIL, type ReplyMail } from '../tables.ts';
import { ConversationPage, DiscussionPage, FollowingPage, ProfilePage, RepliesPage } from './views.tsx';
import { UUID } from '../../platform/ids.ts';

const FEED = 30;

/** Any id: one that names nothing is a 404 (as a link to a removed page is), checked in the handler. */
const IdParams = Type.Object({ id: Type.String() });
/** A feed's older page starts before this time. */
const FeedQuery = pageQuery({ before: text(200) });

/**
 * The comment pages readers open: a conversation (a comment's permalink, and where deeper
 * replies continue), a discussion page for readers without JavaScript, a reader's profile,
 * and the reader's own feeds. Rendered per request (never in the shared page cache) and kept
 * out of search results: these are readers' words, not the publication's.
 */
export function registerCommentPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { page, state } = kit;
  const db = ctx.database.db;
  const when = async () => {
    const edition = await kit.pages.directory.defaultEdition();
    return (iso: string) => dateline(new Date(iso), edition.locale, edition.timeZone);
  };
  const idOf = (id: string, what: string) => {
    if (!UUID.test(id)) throw notFound(what);
    return id.toLowerCase();
  };
  const before = (value: string | undefined) => {
    if (value === undefined) return undefined;
    const at = new Date(value);
    if (Number.isNaN(at.getTime())) throw invalid('before', 'before must be a date and time.');
    return at;
  };
  const signedIn = async (request: FastifyRequest) => {
    const found = await app.currentSession(request);
    return found?.session.complete ? found.user : null;
  };

  const me = (request: FastifyRequest) => accountOf(request).id;

  async function liveArticle(id: string) {
    const article = await findArticle(db, { id });
    if (!article || article.status !== 'published') throw notFound('The article');
    return { headline: article.headline, url: ctx.urls.article(article.section.slug, article.slug), commentsEnabled: article.commentsEnabled };
  }

  typed.get('/comments/:id', { config: publicPage, schema: { params: IdParams } }, async (request, reply) => {
    const comment = await repo.findComment(db, idOf(request.params.id, 'The comment'));
    if (!comment || (comment.status !== 'published' && comment.status !== 'deleted')) throw notFound('The comment');
    const article = await liveArticle(comment.articleId);
    const [above, below] = await Promise.all([threads.ancestors(db, comment), threads.subtree(db, comment, comment.depth + SHOWN_DEPTH)]);
    const [thread] = assembleThreads([comment], below, comment.depth + SHOWN_DEPTH - 1);
    return page(
      reply,
      `A conversation on ${article.headline}`,
      <ConversationPage article={article} above={above.map(presentComment)} thread={presentThread(thread!)} options={{ when: await when() }} />,
    );
  });

  typed.get('/discussion/:id', { config: publicPage, schema: { params: IdParams, querystring: pageQuery({ cursor: text(2000) }) } }, async (request, reply) => {
    const articleId = idOf(request.params.id, 'The article');
    const article = await liveArticle(articleId);
    if (!article.commentsEnabled) throw notFound('The discussion');
    const found = await threadPage(db, articleId, { sort: 'newest', cursor: request.query.cursor, limit: PAGE, shownDepth: SHOWN_DEPTH });
    return page(
      reply,
      `Comments on ${article.headline}`,
      <DiscussionPage
        article={article}
        articleId={articleId}
        threads={found.threads.map(presentThread)}
        nextCursor={found.nextCursor}
        options={{ when: await when() }}
      />,
    );
  });

  typed.get('/readers/:id', { config: publicPage, schema: { params: IdParams, querystring: FeedQuery } }, async (request, reply) => {
    const profile = await profileOf(ctx.database, idOf(request.params.id, 'The reader'));
    const viewer = await signedIn(request);
    const items = await follows.listCommentsBy(db, { userId: profile.id }, { before: before(request.query.before), limit: FEED });
    const following = viewer ? await follows.isFollowing(db, viewer.id, profile.id) : false;
    return page(
      reply,
      profile.name,
      <ProfilePage
        profile={profile}
        items={items}
        limit={FEED}
        when={await when()}
        viewer={viewer ? { state: state(reply, `/readers/${profile.id}`), following } : null}
        self={viewer?.id === profile.id}
      />,
    );
  });

  for (const [action, on] of [
    ['follow', true],
    ['unfollow', false],
  ] as const) {
    typed.post(
      `/readers/:id/${action}`,
      { config: accountPage, schema: { params: IdParams, body: formBody({ back: text(2000) }) } },
      async (request, reply) => {
        const id = idOf(request.params.id, 'The reader');
        await setFollow({ database: ctx.database, now: ctx.now }, me(request), id, on);
        const back = request.body.back;
        return reply.redirect(back ? safeReturnTo(back) : `/readers/${id}`, 303);
      },
    );
  }

  const SAVED: Record<string, string> = { mail: 'Your choice is saved.' };

  typed.get('/account/replies', { config: accountPage, schema: { querystring: pageQuery({ before: text(200), done: text(100) }) } }, async (request, reply) => {
    const userId = me(request);
    const [list, choice] = await Promise.all([
      notices.listNotices(db, userId, { before: before(request.query.before), limit: FEED }),
      notices.replyMailChoice(db, userId),
    ]);
    // Opening the page is reading them: the unread count clears and no e-mail repeats them.
    await notices.markAllRead(db, userId, ctx.now());
    const done = request.query.done;
    return page(
      reply,
      'Replies to you',
      <RepliesPage
        notices={list}
        when={await when()}
        state={state(reply, '/account/replies')}
        choice={choice}
        notice={done === undefined ? undefined : SAVED[done]}
      />,
    );
  });

  typed.post('/account/replies/mail', { config: accountPage, schema: { body: formBody({ replyMail: text(100) }) } }, async (request, reply) => {
    const choice = request.body.replyMail;
    if (!REPLY_MAIL.includes(choice as ReplyMail)) throw invalid('replyMail', `Choose one of: ${REPLY_MAIL.join(', ')}.`);
    await notices.saveReplyMailChoice(db, me(request), choice as ReplyMail, ctx.now());
    return reply.redirect('/account/replies?done=mail', 303);
  });

  typed.get('/account/following', { config: accountPage, schema: { querystring: FeedQuery } }, async (request, reply) => {
    const userId = me(request);
    const [items, following] = await Promise.all([
      follows.listCommentsBy(db, { followerId: userId }, { before: before(request.query.before), limit: FEED }),
      follows.listFollowing(db, userId),
    ]);
    return page(
      reply,
      'From people you follow',
      <FollowingPage items={items} following={following} when={await when()} limit={FEED} state={state(reply, '/account/following')} />,
    );
  });
}
