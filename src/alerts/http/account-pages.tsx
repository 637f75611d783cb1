import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { accountPage, type FormKit } from '../../web/forms/kit.tsx';
import { formBody, list, pageQuery, text } from '../../web/forms/schema.ts';
import { accountOf } from '../../web/principal.ts';
import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError, notFound } from '../../platform/errors.ts';
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

/** Any id: one that is not among the reader's own subscriptions is a 404. */
const AnyId = Type.Object({ id: Type.String() });
/** The checkbox groups (lists, named in the route's `formLists`) and the replies box. */
const ChoicesForm = formBody({ breaking: list(), sections: list(), topics: list(), authors: list(), replies: text(100) });

const GROUPS: [keyof Lists, string][] = [
  ['breaking', 'Breaking news'],
  ['sections', 'Sections'],
  ['topics', 'Topics'],
  ['authors', 'Writers'],
];

function SubscriptionForm({ id, choices, lists, state, n }: { id: string; choices: AlertChoices; lists: Lists; state: FormState; n: number }) {
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
 * to change, and a way to stop each. (A browser subscribed while signed out is managed from
 * the bell on the site.)
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

  async function alertsPage(request: FastifyRequest, reply: FastifyReply, shown: { done?: string | undefined; error?: string | undefined }) {
    const { done, error } = shown;
    const [list, editions, sections, topics, authors] = await Promise.all([
      subscriptions.listOfUser(db, me(request)),
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
        <Notices notice={done === 'saved' ? 'Your choices are saved.' : done === 'stopped' ? 'Alerts on that browser are stopped.' : undefined} error={error} />
        {list.length ? (
          list.map((s, i) => <SubscriptionForm id={s.id} choices={s.choices} lists={lists} state={form} n={i + 1} />)
        ) : (
          <p>No browser of yours receives our alerts. Press the Alerts bell on an article to start.</p>
        )}
      </div>,
      error ? 422 : 200,
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

  typed.post('/account/alerts/:id/delete', { config: accountPage, schema: { params: AnyId, body: formBody({}) } }, async (request, reply) => {
    await subscriptions.deleteById(db, (await mine(request, request.params.id)).id);
    return reply.redirect('/account/alerts?done=stopped', 303);
  });
}
