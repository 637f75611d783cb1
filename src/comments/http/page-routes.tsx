import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { safeReturnTo } from '../../web/forms/return-to.ts';
import { findArticle } from '../../content/articles/repository.ts';
import type { AppContext } from '../../context.ts';
import { AppError, invalid, notFound } from '../../platform/errors.ts';
import { dateline } from '../../web/time.ts';
import * as follows from '../follows/repository.ts';
import { profileOf, setFollow } from '../follows/service.ts';
import * as notices from '../notifications/repository.ts';
import { presentComment, presentThread, PAGE, SHOWN_DEPTH } from '../present.ts';
import * as repo from '../repository.ts';
import { assembleThreads, threadPage } from '../service.ts';
import { REPLY_MAIL, type ReplyMail } from '../tables.ts';
import { ConversationPage, DiscussionPage, FollowingPage, ProfilePage, RepliesPage } from './views.tsx';
import { UUID } from '../../platform/ids.ts';

const FEED = 30;
const publicPage = { access: 'public', html: true } as const;
const accountPage = { access: 'account', html: true } as const;

/**
 * The comment pages readers open: a conversation (a comment's permalink, and where deeper
 * replies continue), a discussion page for readers without JavaScript, a reader's profile,
 * and the reader's own feeds. Rendered per request (never in the shared page cache) and kept
 * out of search results: these are readers' words, not the publication's.
 */
export function registerCommentPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const { page, state, query, form } = kit;
  const db = ctx.database.db;
  const when = async () => {
    const edition = await kit.pages.directory.defaultEdition();
    return (iso: string) => dateline(new Date(iso), edition.locale, edition.timeZone);
  };
  const idOf = (request: FastifyRequest, what: string) => {
    const id = (request.params as { id: string }).id;
    if (!UUID.test(id)) throw notFound(what);
    return id.toLowerCase();
  };
  const before = (request: FastifyRequest) => {
    const value = query(request).before;
    if (value === undefined) return undefined;
    const at = new Date(String(value));
    if (Number.isNaN(at.getTime())) throw invalid('before', 'before must be a date and time.');
    return at;
  };
  const signedIn = async (request: FastifyRequest) => {
    const found = await app.currentSession(request);
    return found?.session.complete ? found.user : null;
  };

  const me = (request: FastifyRequest) => {
    const principal = request.principal;
    if (principal?.kind !== 'account') throw new AppError('unauthorized', 'Sign in to do this.');
    return principal.id;
  };

  async function liveArticle(id: string) {
    const article = await findArticle(db, { id });
    if (!article || article.status !== 'published') throw notFound('The article');
    return { headline: article.headline, url: ctx.urls.article(article.section.slug, article.slug), commentsEnabled: article.commentsEnabled };
  }

  app.get('/comments/:id', { config: publicPage }, async (request, reply) => {
    const comment = await repo.findComment(db, idOf(request, 'The comment'));
    if (!comment || (comment.status !== 'published' && comment.status !== 'deleted')) throw notFound('The comment');
    const article = await liveArticle(comment.articleId);
    const [above, below] = await Promise.all([repo.ancestors(db, comment), repo.subtree(db, comment, comment.depth + SHOWN_DEPTH)]);
    const [thread] = assembleThreads([comment], below, comment.depth + SHOWN_DEPTH - 1);
    return page(reply, `A conversation on ${article.headline}`, <ConversationPage article={article} above={above.map(presentComment)} thread={presentThread(thread!)} options={{ when: await when() }} />);
  });

  app.get('/discussion/:id', { config: publicPage }, async (request, reply) => {
    const articleId = idOf(request, 'The article');
    const article = await liveArticle(articleId);
    if (!article.commentsEnabled) throw notFound('The discussion');
    const cursor = query(request).cursor;
    const found = await threadPage(db, articleId, { sort: 'newest', cursor: typeof cursor === 'string' ? cursor : undefined, limit: PAGE, shownDepth: SHOWN_DEPTH });
    return page(reply, `Comments on ${article.headline}`, <DiscussionPage article={article} articleId={articleId} threads={found.threads.map(presentThread)} nextCursor={found.nextCursor} options={{ when: await when() }} />);
  });

  app.get('/readers/:id', { config: publicPage }, async (request, reply) => {
    const profile = await profileOf(ctx.database, idOf(request, 'The reader'));
    const viewer = await signedIn(request);
    const items = await follows.listCommentsBy(db, { userId: profile.id }, { before: before(request), limit: FEED });
    const following = viewer ? await follows.isFollowing(db, viewer.id, profile.id) : false;
    return page(
      reply,
      profile.name,
      <ProfilePage profile={profile} items={items} limit={FEED} when={await when()} viewer={viewer ? { state: state(reply, `/readers/${profile.id}`), following } : null} self={viewer?.id === profile.id} />,
    );
  });

  for (const [action, on] of [['follow', true], ['unfollow', false]] as const) {
    app.post(`/readers/:id/${action}`, { config: accountPage }, async (request, reply) => {
      const id = idOf(request, 'The reader');
      await setFollow({ database: ctx.database, now: ctx.now }, me(request), id, on);
      const back = form(request).back;
      return reply.redirect(back ? safeReturnTo(back) : `/readers/${id}`, 303);
    });
  }

  const SAVED: Record<string, string> = { mail: 'Your choice is saved.' };

  app.get('/account/replies', { config: accountPage }, async (request, reply) => {
    const userId = me(request);
    const [list, choice] = await Promise.all([notices.listNotices(db, userId, { before: before(request), limit: FEED }), notices.replyMailChoice(db, userId)]);
    // Opening the page is reading them: the unread count clears and no e-mail repeats them.
    await notices.markAllRead(db, userId, ctx.now());
    const done = query(request).done;
    return page(reply, 'Replies to you', <RepliesPage notices={list} when={await when()} state={state(reply, '/account/replies')} choice={choice} notice={typeof done === 'string' ? SAVED[done] : undefined} />);
  });

  app.post('/account/replies/mail', { config: accountPage }, async (request, reply) => {
    const choice = form(request).replyMail;
    if (!REPLY_MAIL.includes(choice as ReplyMail)) throw invalid('replyMail', `Choose one of: ${REPLY_MAIL.join(', ')}.`);
    await notices.saveReplyMailChoice(db, me(request), choice as ReplyMail, ctx.now());
    return reply.redirect('/account/replies?done=mail', 303);
  });

  app.get('/account/following', { config: accountPage }, async (request, reply) => {
    const userId = me(request);
    const [items, following] = await Promise.all([follows.listCommentsBy(db, { followerId: userId }, { before: before(request), limit: FEED }), follows.listFollowing(db, userId)]);
    return page(reply, 'From people you follow', <FollowingPage items={items} following={following} when={await when()} limit={FEED} state={state(reply, '/account/following')} />);
  });
}
