import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { Value } from 'typebox/value';
import type { FormKit } from '../../web/forms/kit.tsx';
import { policyPage } from '../../web/forms/policy-link.tsx';
import { PRIVACY_SLUG } from '../../content/index.ts';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { accountOf } from '../../web/principal.ts';
import type { AppContext } from '../../context.ts';
import { UUID } from '../../platform/ids.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { CURRENCIES, FREQUENCIES } from '../contributions/amounts.ts';
import { ContributionsNotSetUp, NOT_SET_UP, suggested, SupportForm, type SupportValues } from '../view/support-form.tsx';
import { MyContributions, SandboxCheckout, Thanks } from '../view/contribution-pages.tsx';
import * as repo from '../contributions/repository.ts';
import { sandboxCancelled, sandboxPaid } from '../contributions/sandbox.ts';
import { applyProviderEvent, confirmReturn, startCheckout, type ContributionDeps, type PaymentProvider } from '../contributions/service.ts';

/** The support form's fields: what an ask's link fills in, and what the reader chose. */
const supportFields = { amount: text(), other: text(), currency: text(), frequency: text(), email: text(), test: text(), variant: text() };
const SupportQuery = pageQuery({ ...supportFields, cancelled: text() });
const SupportBody = formBody(supportFields);
type SupportInput = Static<typeof SupportQuery>;

/** A checkout's or contribution's address; a wrong id is a 404 like a missing one. */
const IdParams = Type.Object({ id: Type.String() });
/** A form of one button: only its CSRF token. */
const ButtonBody = formBody({});

/**
 * The reader's side of contributing: the form an ask leads to (it works without JavaScript),
 * the sandbox's checkout page, the thanks, and the reader's contributions on their account.
 */
export interface Payments {
  provider: PaymentProvider;
  /** Where a reader changes or stops a recurring contribution at the provider (Stripe's customer portal). */
  manageUrl?: (customerRef: string, returnUrl: string) => Promise<string>;
}

/**
 * `payments` is null when the site has no way to take contributions (no Stripe, sandbox off):
 * the support page says so, and every route that would make a checkout or a payment refuses.
 */
export function registerSupportPages(
  app: FastifyInstance,
  ctx: AppContext,
  kit: FormKit,
  deps: ContributionDeps,
  payments: Payments | null,
  country: (request: FastifyRequest) => string | null,
): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const provider = payments?.provider ?? null;
  const notSetUp = () => new AppError('unavailable', NOT_SET_UP);
  const sandboxOn = provider?.name === 'sandbox';
  const { page, state, formPost, pages } = kit;
  const db = ctx.database.db;
  const open = { config: { access: 'public', html: true } } as const;
  const mine = { config: { access: 'account', html: true } } as const;
  const signedIn = async (request: FastifyRequest) => {
    const found = request.headers.cookie ? await app.currentSession(request) : null;
    return found?.session.complete ? found.user : null;
  };

  /** The form, filled from an ask's link or (after a refusal, with the reason) from what the reader sent. */
  async function supportPage(request: FastifyRequest, reply: FastifyReply, q: SupportInput, error?: string) {
    if (!provider)
      return page(reply, 'Support our journalism', <ContributionsNotSetUp />, 200, { canonical: `${ctx.config.publicUrl}/support`, robots: 'noindex' });
    const currency = q.currency && CURRENCIES[q.currency.toUpperCase()] ? q.currency.toUpperCase() : 'USD';
    const user = await signedIn(request);
    const values: SupportValues = {
      amount: q.amount?.slice(0, 12) ?? String(suggested(currency)[1]),
      other: q.other?.slice(0, 12) ?? '',
      currency,
      frequency: FREQUENCIES.find((f) => f === q.frequency) ?? 'one-off',
      email: q.email?.slice(0, 254) ?? user?.email ?? '',
      test: q.test?.slice(0, 36) ?? '',
      variant: q.variant?.slice(0, 64) ?? '',
    };
    const message = error ?? (q.cancelled ? 'The payment was cancelled; nothing was taken.' : undefined);
    return page(
      reply,
      'Support our journalism',
      <SupportForm
        state={state(reply, '/support', { error: message })}
        values={values}
        sandbox={sandboxOn}
        privacy={policyPage((await pages.directory.site()).pages, PRIVACY_SLUG)}
      />,
      error ? 422 : 200,
      { canonical: `${ctx.config.publicUrl}/support`, robots: 'index' },
    );
  }

  typed.get('/support', { ...open, schema: { hide: true, querystring: SupportQuery } }, (request, reply) => supportPage(request, reply, request.query));

  formPost(
    '/support',
    { ...open, schema: { hide: true, body: SupportBody } },
    async (request, body) => {
      if (!provider) throw notSetUp();
      const user = await signedIn(request);
      const amount = body.amount === 'other' || !body.amount ? body.other : body.amount;
      return startCheckout(
        deps,
        provider,
        { amount, currency: body.currency, frequency: body.frequency, email: body.email, testId: body.test, variantId: body.variant },
        { userId: user?.id ?? null, country: country(request), address: request.network },
      );
    },
    // The body passed the route's schema before the refusal; checked again here only for its type.
    (request, reply, message) => supportPage(request, reply, Value.Check(SupportBody, request.body) ? request.body : {}, message),
  );

  /** A checkout of the sandbox's, while the sandbox is on: switched off, its pages take nothing. */
  async function sandboxCheckout(id: string) {
    if (!provider) throw notSetUp();
    if (!sandboxOn) throw notFound('That checkout');
    const found = UUID.test(id) ? await repo.findCheckout(db, { id }) : null;
    if (!found || found.provider !== 'sandbox') throw notFound('That checkout');
    return found;
  }

  typed.get('/support/sandbox/:id', { ...open, schema: { hide: true, params: IdParams } }, async (request, reply) => {
    const checkout = await sandboxCheckout(request.params.id);
    return page(reply, 'Test checkout', <SandboxCheckout checkout={checkout} state={state(reply, '/support')} />);
  });

  typed.post('/support/sandbox/:id/pay', { ...open, schema: { hide: true, params: IdParams, body: ButtonBody } }, async (request, reply) => {
    const checkout = await sandboxCheckout(request.params.id);
    for (const event of sandboxPaid(checkout, ctx.now())) await applyProviderEvent(deps, event);
    return reply.redirect(`/support/thanks?checkout=${checkout.id}`, 303);
  });

  typed.post('/support/sandbox/:id/cancel', { ...open, schema: { hide: true, params: IdParams, body: ButtonBody } }, async (request, reply) => {
    await sandboxCheckout(request.params.id);
    return reply.redirect('/support?cancelled=1', 303);
  });

  typed.get('/support/thanks', { ...open, schema: { hide: true, querystring: pageQuery({ checkout: text() }) } }, async (request, reply) => {
    const id = request.query.checkout ?? '';
    const found = UUID.test(id) ? await repo.findCheckout(db, { id }) : null;
    const { checkout, state: standing } = found ? await confirmReturn(deps, provider, found, request.log) : { checkout: null, state: 'waiting' as const };
    return page(reply, 'Thank you', <Thanks checkout={checkout} standing={standing} />);
  });

  typed.get('/account/contributions', { ...mine, schema: { hide: true, querystring: pageQuery({ done: text() }) } }, async (request, reply) => {
    const userId = accountOf(request).id;
    const [paid, recurring] = await Promise.all([repo.paymentsOf(db, userId), repo.recurringOf(db, userId)]);
    const notice = request.query.done === 'stopped' ? 'Your recurring contribution is stopped; nothing more will be taken.' : undefined;
    return page(
      reply,
      'Your contributions',
      <MyContributions paid={paid} recurring={recurring} state={state(reply, '/account/contributions')} notice={notice} />,
    );
  });

  /** One of the signed-in reader's recurring contributions; anyone else's is not found. */
  async function ownRecurring(request: FastifyRequest, id: string) {
    const found = (await repo.recurringOf(db, accountOf(request).id)).find((r) => r.id === id);
    if (!found) throw notFound('That contribution');
    return found;
  }

  typed.post('/account/contributions/:id/stop', { ...mine, schema: { hide: true, params: IdParams, body: ButtonBody } }, async (request, reply) => {
    const found = await ownRecurring(request, request.params.id);
    if (found.provider !== 'sandbox') throw new AppError('conflict', 'A Stripe contribution is changed or stopped on Stripe’s page: use “Change or stop it”.');
    await applyProviderEvent(deps, sandboxCancelled(found.providerRef, ctx.now()));
    return reply.redirect('/account/contributions?done=stopped', 303);
  });

  typed.post('/account/contributions/:id/manage', { ...mine, schema: { hide: true, params: IdParams, body: ButtonBody } }, async (request, reply) => {
    const found = await ownRecurring(request, request.params.id);
    if (found.provider !== 'stripe' || !found.customerRef || !payments?.manageUrl)
      throw new AppError('conflict', 'This contribution is not managed on Stripe.');
    return reply.redirect(await payments.manageUrl(found.customerRef, `${ctx.config.publicUrl}/account/contributions`), 303);
  });
}
