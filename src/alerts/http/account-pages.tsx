import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { listAuthors, listEditions, listSections, listTopics } from '../../content/taxonomy/repository.ts';
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
  const { page, state, query } = kit;
  const db = ctx.database.db;
  const accountPage = { access: 'account', html: true } as const;
  const me = (request: FastifyRequest) => (request.principal as { id: string }).id;

  async function mine(request: FastifyRequest) {
    const id = (request.params as { id: string }).id;
    const found = (await subscriptions.listOfUser(db, me(request))).find((s) => s.id === id);
    if (!found) throw notFound('The subscription');
    return found;
  }

  async function alertsPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    const [list, editions, sections, topics, authors] = await Promise.all([subscriptions.listOfUser(db, me(request)), listEditions(db), listSections(db), listTopics(db), listAuthors(db)]);
    const lists: Lists = {
      breaking: editions.map((e) => ({ value: e.code, label: e.name })),
      sections: sections.map((s) => ({ value: s.id, label: s.name })),
      topics: topics.map((t) => ({ value: t.id, label: t.name })),
      authors: authors.map((a) => ({ value: a.id, label: a.name })),
    };
    const form = state(reply, '/account/alerts', { error });
    const done = query(request).done;
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

  app.get('/account/alerts', { config: accountPage }, (request, reply) => alertsPage(request, reply));

  app.post('/account/alerts/:id', { config: { ...accountPage, formLists: ['breaking', 'sections', 'topics', 'authors'] } }, async (request, reply) => {
    const found = await mine(request);
    const body = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const list = (name: string) => [body[name] ?? []].flat();
    try {
      const choices = readChoices({ breaking: list('breaking'), sections: list('sections'), topics: list('topics'), authors: list('authors'), replies: body.replies === '1' }, await subscriptions.knownChoices(db), true);
      await subscriptions.saveSubscription(db, { endpoint: found.endpoint, p256dh: found.p256dh, auth: found.auth, userId: found.userId, choices, timeZone: found.timeZone, at: ctx.now() });
    } catch (error) {
      if (error instanceof AppError && error.code === 'invalid') return alertsPage(request, reply, `${error.message} To stop every alert, use "Stop alerts on this browser".`);
      throw error;
    }
    return reply.redirect('/account/alerts?done=saved', 303);
  });

  app.post('/account/alerts/:id/delete', { config: accountPage }, async (request, reply) => {
    await subscriptions.deleteById(db, (await mine(request)).id);
    return reply.redirect('/account/alerts?done=stopped', 303);
  });
}
