import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import { eraseAccount, ERASE_JOB } from '../profile/service.ts';
import { accountPart } from '../privacy/account-part.ts';
import { changeConsent, listConsentStates } from '../privacy/consent-service.ts';
import { PersonalDataRegistry } from '../privacy/registry.ts';
import { type AccountKit } from './kit.tsx';
import { accountPage } from '../../web/forms/kit.tsx';
import { accountOf } from '../../web/principal.ts';
import { ConsentForm, DoneQuery } from './forms.ts';
import { ConsentsPage } from './pages/consents.tsx';

/**
 * The reader's rights over their data: the download, the consents page, and the erasure job.
 * The registry is made here and decorated on the app; every other domain registers its part
 * when it is wired (its register function), so the download and the erasure reach them all.
 */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: AppContext, kit: AccountKit): void {
  const { deps, page, state, formPost } = kit;
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const registry = new PersonalDataRegistry();
  registry.register(accountPart);
  app.decorate('personalData', registry);

  app.jobs.register(ERASE_JOB, async (payload: { userId: string }) => {
    await eraseAccount(deps, ctx.storage, ctx.events, payload.userId, registry.erasers());
  });

  app.get('/account/data', { config: accountPage, schema: {} }, async (request, reply) => {
    const parts = await registry.exportFor(ctx.database.db, { id: accountOf(request).id, publicUrl: ctx.config.publicUrl });
    const data = { exportedAt: deps.now().toISOString(), site: ctx.config.publicUrl, ...parts };
    return reply
      .header('cache-control', 'private, no-store')
      .header(
        'content-disposition',
        `attachment; filename="${ctx.config.siteName.replace(/[^A-Za-z0-9]+/g, '-').toLowerCase()}-account-${deps.now().toISOString().slice(0, 10)}.json"`,
      )
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  const NOTICES: Record<string, string> = {
    given: 'Your consent is recorded.',
    withdrawn: 'Your consent is withdrawn.',
    unchanged: 'Nothing changed: that was already your choice.',
  };

  /** The consents page; `error`: why the change just posted was refused; `done`: what the last one did. */
  async function consentsPage(request: FastifyRequest, reply: FastifyReply, error?: string, done?: string) {
    const consents = (await listConsentStates(deps, accountOf(request).id)).map((c) => ({
      ...c,
      since: c.since?.toISOString() ?? null,
      history: c.history.map((h) => ({ ...h, at: h.at.toISOString() })),
    }));
    const notice = NOTICES[String(done)];
    return page(
      reply,
      'Your consents',
      <ConsentsPage state={state(reply, '/account/consents', { error })} consents={consents} notice={notice} />,
      error ? 422 : 200,
    );
  }

  typed.get('/account/consents', { config: accountPage, schema: { querystring: DoneQuery } }, (request, reply) =>
    consentsPage(request, reply, undefined, request.query.done),
  );
  formPost(
    '/account/consents',
    { config: accountPage, schema: { body: ConsentForm } },
    async (request, body) => {
      const changed = await changeConsent(deps, accountOf(request).id, body.kind, body.choice);
      return `/account/consents?done=${!changed ? 'unchanged' : body.choice === 'give' ? 'given' : 'withdrawn'}`;
    },
    (request, reply, message) => consentsPage(request, reply, message),
  );
}
