import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { accountPage, type FormKit } from '../../web/forms/kit.tsx';
import { formBody, list, pageQuery, text } from '../../web/forms/schema.ts';
import { accountOf } from '../../web/principal.ts';
import { ActionButton, Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { findArticlesById, listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import * as follows from '../live-blogs/repository.ts';
import * as subscriptions from '../subscriptions/repository.ts';
import { readChoices } from '../subscriptions/validate.ts';
import type { AlertChoices } from '../tables.ts';

type Option = { value: string; label: string };
interface Lists {
  breaking: Option[];
  sections: Option[];
  topics: Option[];
  authors: Option[];
}

/** A live blog a browser follows, as the page lists it: linked while readers can see it. */
interface FollowedBlog {
  articleId: string;
  headline: string;
  url: string | null;
}

/** Any id: one that is not among the reader's own subscriptions is a 404. */
const AnyId = Type.Object({ id: Type.String() });
const FollowParams = Type.Object({ id: Type.String(), articleId: Type.String({ format: 'uuid' }) });
/** The checkbox groups (lists, named in the route's `formLists`) and the replies box. */
const ChoicesForm = formBody({ breaking: list(), sections: list(), topics: list(), authors: list(), replies: text(100) });

/** What the page says after a form sent the reader back to it (`?done=`). */
const DONE = new Map([
  ['saved', 'Your choices are saved.'],
  ['stopped', 'Alerts on that browser are stopped.'],
  ['unfollowed', 'That browser no longer follows the live blog.'],
]);

const GROUPS: [keyof Lists, string][] = [
  ['breaking', 'Breaking news'],
  ['sections', 'Sections'],
  ['topics', 'Topics'],
  ['authors', 'Writers'],
];

/** The live blogs one browser follows, each with its own form to stop (no JavaScript needed). */
function FollowedBlogs({ id, blogs, state, n }: { id: string; blogs: FollowedBlog[]; state: FormState; n: number }) {
  if (!blogs.length) return null;
  return (
    <div class="account-follows">
      <h3 id={`browser-${n}-blogs`}>Live blogs this browser follows</h3>
      <ul aria-labelledby={`browser-${n}-blogs`}>
        {blogs.map((blog) => (
          <li>
            {blog.url ? <a href={blog.url}>{blog.headline}</a> : blog.headline}{' '}
            <ActionButton state={state} action={`/account/alerts/${id}/live-blogs/${blog.articleId}/unfollow`} label="Unfollow" what={blog.headline} />
          </li>
        ))}
      </ul>
    </div>
  );
}

interface SubscriptionProps {
  id: string;
  choices: AlertChoices;
  blogs: FollowedBlog[];
  lists: Lists;
  state: FormState;
  n: number;
}

function SubscriptionForm({ id, choices, blogs, lists, state, n }: SubscriptionProps) {
  return (
    <section class="account-panel" aria-labelledby={`browser-${n}`}>
      <h2 id={`browser-${n}`}>Browser {n}</h2>
      <form method="post" action={`/account/alerts/${id}`} class="account-form">
        <Csrf state={state} />
        {GROUPS.map(([group, title]) => (
          <fieldset>
            <legend>{title}</legend>
            {lists[group].map((option) => (
              <label class="check">
                <input type="checkbox" name={group} value={option.value} checked={(choices[group] as string[]).includes(option.value)} /> {option.label}
              </label>
            ))}
          </fieldset>
        ))}
        <label class="check">
          <input type="checkbox" name="replies" value="1" checked={choices.replies} /> Replies to my comments
        </label>
        <button class="button button--primary" type="submit">
          Save
        </button>
      </form>
      <FollowedBlogs id={id} blogs={blogs} state={state} n={n} />
      <form method="post" action={`/account/alerts/${id}/delete`} class="inline-form">
        <Csrf state={state} />
        <button class="button" type="submit">
          Stop alerts on this browser
        </button>
      </form>
    </section>
  );
}

/**
 * A signed-in reader's alerts: every browser they subscribed while signed in, with its choices
 * to change, the live blogs it follows (each to unfollow), and a way to stop each. (A browser
 * subscribed while signed out is managed from the bell on the site.)
 */
export function registerAlertAccountPages(app: FastifyInstance, ctx: AppContext, kit: FormKit): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { page, state } = kit;
  const db = ctx.database.db;
  const me = (request: FastifyRequest) => accountOf(request).id;

  async function mine(request: FastifyRequest, id: string) {
    const found = (await subscriptions.listOfUser(db, me(request))).find((s) => s.id === id);
    if (!found) throw notFound('The subscription');
    return found;
  }

  /** The live blogs each of the reader's browsers follows (by subscription), oldest follow first, in two queries. */
  async function followedBlogs(userId: string): Promise<Map<string, FollowedBlog[]>> {
    const rows = await follows.followsOfUser(db, userId);
    const articles = new Map((await findArticlesById(db, [...new Set(rows.map((r) => r.articleId))])).map((a) => [a.id, a]));
    const bySubscription = new Map<string, FollowedBlog[]>();
    for (const row of rows) {
      const article = articles.get(row.articleId);
      if (!article) continue;
      // An article no longer published keeps its words to the newsroom: its headline may have been rewritten since it came down.
      const shown = article.status === 'published';
      const blog = {
        articleId: article.id,
        headline: shown ? article.headline : 'A live blog no longer on the site',
        url: shown ? ctx.urls.article(article.section.slug, article.slug) : null,
      };
      bySubscription.set(row.subscriptionId, [...(bySubscription.get(row.subscriptionId) ?? []), blog]);
    }
    return bySubscription;
  }

  async function alertsPage(request: FastifyRequest, reply: FastifyReply, shown: { done?: string | undefined; error?: string | undefined; status?: number }) {
    const { done, error, status = error ? 422 : 200 } = shown;
    const [list, followed, editions, sections, topics, authors] = await Promise.all([
      subscriptions.listOfUser(db, me(request)),
      followedBlogs(me(request)),
      listEditions(db),
      listSections(db),
      listTopics(db),
      listAuthors(db),
    ]);
    const lists: Lists = {
      breaking: editions.map((e) => ({ value: e.code, label: e.name })),
      sections: sections.map((s) => ({ value: s.id, label: s.name })),
      topics: topics.map((t) => ({ value: t.id, label: t.name })),
      authors: authors.map((a) => ({ value: a.id, label: a.name })),
    };
    const form = state(reply, '/account/alerts', { error });
    return page(
      reply,
      'Your alerts',
      <div class="account">
        <h1>Your alerts</h1>
        <Notices notice={done ? DONE.get(done) : undefined} error={error} />
        {list.length ? (
          list.map((s, i) => <SubscriptionForm id={s.id} choices={s.choices} blogs={followed.get(s.id) ?? []} lists={lists} state={form} n={i + 1} />)
        ) : (
          <p>No browser of yours receives our alerts. Press the Alerts bell on an article to start.</p>
        )}
      </div>,
      status,
    );
  }

  typed.get('/account/alerts', { config: accountPage, schema: { querystring: pageQuery({ done: text(100) }) } }, (request, reply) =>
    alertsPage(request, reply, { done: request.query.done }),
  );

  typed.post(
    '/account/alerts/:id',
    { config: { ...accountPage, formLists: ['breaking', 'sections', 'topics', 'authors'] }, schema: { params: AnyId, body: ChoicesForm } },
    async (request, reply) => {
      const found = await mine(request, request.params.id);
      const body = request.body;
      try {
        const choices = readChoices(
          {
            breaking: body.breaking ?? [],
            sections: body.sections ?? [],
            topics: body.topics ?? [],
            authors: body.authors ?? [],
            replies: body.replies === '1',
          },
          await subscriptions.knownChoices(db),
          true,
        );
        await subscriptions.saveSubscription(db, {
          endpoint: found.endpoint,
          p256dh: found.p256dh,
          auth: found.auth,
          userId: found.userId,
          choices,
          timeZone: found.timeZone,
          at: ctx.now(),
        });
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid')
          return alertsPage(request, reply, { error: `${error.message} To stop every alert, use "Stop alerts on this browser".` });
        throw error;
      }
      return reply.redirect('/account/alerts?done=saved', 303);
    },
  );

  typed.post(
    '/account/alerts/:id/live-blogs/:articleId/unfollow',
    { config: accountPage, schema: { params: FollowParams, body: formBody({}) } },
    async (request, reply) => {
      const found = await mine(request, request.params.id);
      const stopped = await ctx.database.transaction((tx) => follows.unfollow(tx, found.endpoint, request.params.articleId.toLowerCase()));
      // Stopped meanwhile (another tab, the blog closing), or never followed: say so rather than claim it was done now.
      if (!stopped) return alertsPage(request, reply, { error: 'That browser does not follow that live blog: there was nothing to stop.', status: 404 });
      return reply.redirect('/account/alerts?done=unfollowed', 303);
    },
  );

  typed.post('/account/alerts/:id/delete', { config: accountPage, schema: { params: AnyId, body: formBody({}) } }, async (request, reply) => {
    await subscriptions.deleteById(db, (await mine(request, request.params.id)).id);
    return reply.redirect('/account/alerts?done=stopped', 303);
  });
}
