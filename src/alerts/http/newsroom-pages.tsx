import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { staffOf } from '../../web/principal.ts';
import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { listArticles, listAuthors, listEditions, listSections, listTopics } from '../../content/index.ts';
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/errors.ts';
import { listRecent, type AlertRow, type AlertReport } from '../repository.ts';
import { cancelAlert, createAlert, type AlertDeps } from '../service.ts';
import { EDITOR_ROLES } from '../../web/roles.ts';

interface Choice {
  value: string;
  label: string;
}

/** The newsroom's alerts page: send or schedule one for a published article, and each one's report. */
function AlertsPage(props: {
  state: FormState;
  articles: Choice[];
  audiences: Choice[];
  recent: { alert: AlertRow; report: AlertReport; audience: string }[];
  notice?: string | undefined;
}) {
  const v = props.state.values ?? {};
  return (
    <div class="newsroom">
      <p class="breadcrumb">
        <a href="/newsroom">Newsroom</a> › Alerts
      </p>
      <h1>Alerts</h1>
      <Notices notice={props.notice} error={props.state.error} />
      <form method="post" action="/newsroom/alerts" class="account-form">
        <Csrf state={props.state} />
        <label for="articleId">Article</label>
        <select id="articleId" name="articleId" required>
          {props.articles.map((a) => (
            <option value={a.value} selected={v.articleId === a.value}>
              {a.label}
            </option>
          ))}
        </select>
        <label for="audience">To</label>
        <select id="audience" name="audience" required>
          {props.audiences.map((a) => (
            <option value={a.value} selected={v.audience === a.value}>
              {a.label}
            </option>
          ))}
        </select>
        <label for="title">Title (the headline if empty; 120 characters at most)</label>
        <input id="title" name="title" maxLength={120} value={v.title ?? ''} />
        <label for="body">Text (the standfirst if empty; 240 characters at most)</label>
        <input id="body" name="body" maxLength={240} value={v.body ?? ''} />
        <label class="check">
          <input type="checkbox" name="breaking" value="1" checked={v.breaking === '1'} /> Breaking news: sent at once with high urgency, through quiet hours
          and the daily limit
        </label>
        <label for="sendAt">Send at (empty: now; your browser's time zone is not known here, so give UTC)</label>
        <input id="sendAt" name="sendAt" type="datetime-local" value={v.sendAt ?? ''} />
        <button class="button button--primary" type="submit">
          Send alert
        </button>
      </form>
      <p class="muted">
        A topic can alert its followers by itself whenever a new article in it is first published: tick it under{' '}
        <a href="/newsroom/taxonomy#topic">Sections, topics and authors</a>.
      </p>
      <h2>Sent and scheduled</h2>
      <table class="newsroom-table">
        <thead>
          <tr>
            <th>Alert</th>
            <th>To</th>
            <th>Status</th>
            <th>Targeted</th>
            <th>Sent</th>
            <th>Failed</th>
            <th>Expired</th>
            <th>Skipped</th>
            <th>Clicked</th>
          </tr>
        </thead>
        <tbody>
          {props.recent.map(({ alert, report, audience }) => (
            <tr>
              <td>
                {alert.breaking && <strong>Breaking: </strong>}
                <a href={alert.url}>{alert.title}</a>
                {alert.automatic && <span class="muted"> (automatic: the topic alerts on publish)</span>}
              </td>
              <td>{audience}</td>
              <td>
                {alert.status}
                {alert.status === 'scheduled' && (
                  <>
                    {' '}
                    for {alert.sendAt.toISOString().slice(0, 16).replace('T', ' ')} UTC
                    <form method="post" action={`/newsroom/alerts/${alert.id}/cancel`} class="inline-form">
                      <Csrf state={props.state} />
                      <button class="link-button" type="submit">
                        Cancel
                      </button>
                    </form>
                  </>
                )}
              </td>
              <td>{report.targeted}</td>
              <td>{report.sent}</td>
              <td>{report.failed}</td>
              <td>{report.expired}</td>
              <td>{report.skipped}</td>
              <td>{report.clicked}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const NOTICES: Record<string, string> = { sent: 'The alert is on its way.', scheduled: 'The alert is scheduled.', cancelled: 'The alert is cancelled.' };

/** The send form; the service checks every field and explains what is wrong, on the form again. */
const AlertForm = formBody({ articleId: text(200), audience: text(200), title: text(), body: text(), breaking: text(100), sendAt: text(200) });
/** Any id: one that names no alert is a 404, as the service says. */
const AnyId = Type.Object({ id: Type.String() });

export function registerAlertPages(app: FastifyInstance, ctx: AppContext, kit: FormKit, deps: AlertDeps): void {
  const page = kit.newsroomPage;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { state } = kit;
  const db = ctx.database.db;
  const editors = { config: { access: 'account', html: true, roles: EDITOR_ROLES, strong: true } } as const;

  async function alertsPage(
    reply: FastifyReply,
    shown: { notice?: string | undefined; error?: string | undefined; values?: Record<string, string> | undefined },
  ) {
    const { error, values } = shown;
    const [list, editions, sections, topics, authors, recent] = await Promise.all([
      listArticles(db, { status: 'published', limit: 50 }),
      listEditions(db),
      listSections(db),
      listTopics(db),
      listAuthors(db),
      listRecent(db, 50),
    ]);
    const audiences: Choice[] = [
      ...editions.map((e) => ({ value: `breaking:${e.code}`, label: `Breaking news, ${e.name}` })),
      ...sections.map((s) => ({ value: `section:${s.id}`, label: `Followers of ${s.name}` })),
      ...topics.map((x) => ({ value: `topic:${x.id}`, label: `Followers of the topic ${x.name}` })),
      ...authors.map((a) => ({ value: `author:${a.id}`, label: `Followers of ${a.name}` })),
    ];
    const label = new Map(audiences.map((a) => [a.value, a.label]));
    return page(
      reply,
      'Alerts',
      <AlertsPage
        state={state(reply, '/newsroom/alerts', { error, ...(values ? { values } : {}) })}
        articles={list.items.map((a) => ({ value: a.id, label: a.headline }))}
        audiences={audiences}
        recent={recent.map((r) => ({
          ...r,
          audience:
            label.get(r.alert.audience.kind === 'breaking' ? `breaking:${r.alert.audience.edition}` : `${r.alert.audience.kind}:${r.alert.audience.id}`) ??
            (r.alert.audience.kind === 'live-blog' ? 'Followers of the live blog (a key event)' : r.alert.audience.kind),
        }))}
        notice={shown.notice}
      />,
      error ? 422 : 200,
    );
  }

  typed.get('/newsroom/alerts', { ...editors, schema: { querystring: pageQuery({ done: text(100) }) } }, (request, reply) =>
    alertsPage(reply, { notice: NOTICES[request.query.done ?? ''] }),
  );

  typed.post('/newsroom/alerts', { ...editors, schema: { body: AlertForm } }, async (request, reply) => {
    const body = request.body;
    const [kind, target] = (body.audience ?? '').split(':');
    try {
      const alert = await createAlert(deps, staffOf(request).id, {
        articleId: body.articleId,
        ...(body.title ? { title: body.title } : {}),
        ...(body.body ? { body: body.body } : {}),
        audience: kind === 'breaking' ? { kind, edition: target } : { kind, id: target },
        breaking: body.breaking === '1',
        ...(body.sendAt ? { sendAt: `${body.sendAt}Z` } : {}),
      });
      return reply.redirect(`/newsroom/alerts?done=${alert.sendAt.getTime() > ctx.now().getTime() + 1000 ? 'scheduled' : 'sent'}`, 303);
    } catch (error) {
      if (!(error instanceof AppError) || !['invalid', 'conflict', 'not_found', 'payload_too_large'].includes(error.code)) throw error;
      // What was typed is given back, as it was sent.
      const values = Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => entry[1] !== undefined));
      return alertsPage(reply, { error: error.message, values });
    }
  });

  typed.post('/newsroom/alerts/:id/cancel', { ...editors, schema: { params: AnyId, body: formBody({}) } }, async (request, reply) => {
    try {
      await cancelAlert(deps, request.params.id);
    } catch (error) {
      if (error instanceof AppError && error.code === 'conflict') return alertsPage(reply, { error: error.message });
      throw error;
    }
    return reply.redirect('/newsroom/alerts?done=cancelled', 303);
  });
}
