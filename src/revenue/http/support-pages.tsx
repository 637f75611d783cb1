import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FormKit } from '../../web/forms/kit.tsx';
import { Csrf, Notices } from '../../web/forms/components.tsx';
import type { AppContext } from '../../context.ts';
import { UUID } from '../../platform/ids.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { Island } from '../../web/islands/island.tsx';
import { CURRENCIES, formatAmount, FREQUENCIES, type Frequency } from '../contributions/amounts.ts';
import { ContributionsNotSetUp, NOT_SET_UP, suggested, SupportForm, type SupportValues } from '../view/support-form.tsx';
import * as repo from '../contributions/repository.ts';
import { sandboxCancelled, sandboxPaid } from '../contributions/sandbox.ts';
import { applyProviderEvent, confirmReturn, startCheckout, type ContributionDeps, type PaymentProvider } from '../contributions/service.ts';

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
export function registerSupportPages(app: FastifyInstance, ctx: AppContext, kit: FormKit, deps: ContributionDeps, payments: Payments | null, country: (request: FastifyRequest) => string | null): void {
  const provider = payments?.provider ?? null;
  const notSetUp = () => new AppError('unavailable', NOT_SET_UP);
  const sandboxOn = provider?.name === 'sandbox';
  const { page, state, query, formPost } = kit;
  const db = ctx.database.db;
  const open = { config: { access: 'public', html: true } } as const;
  const signedIn = async (request: FastifyRequest) => {
    const found = request.headers.cookie ? await app.currentSession(request) : null;
    return found?.session.complete ? found.user : null;
  };

  async function supportPage(request: FastifyRequest, reply: FastifyReply, error?: string) {
    if (!provider) return page(reply, 'Support our journalism', <ContributionsNotSetUp />, 200, { canonical: `${ctx.config.publicUrl}/support`, robots: 'noindex' });
    const q = { ...(query(request) as Record<string, string>), ...(error ? (kit.form(request) as Record<string, string>) : {}) };
    const currency = typeof q.currency === 'string' && CURRENCIES[q.currency.toUpperCase()] ? q.currency.toUpperCase() : 'USD';
    const user = await signedIn(request);
    const values: SupportValues = {
      amount: typeof q.amount === 'string' ? q.amount.slice(0, 12) : String(suggested(currency)[1]),
      other: typeof q.other === 'string' ? q.other.slice(0, 12) : '',
      currency,
      frequency: FREQUENCIES.includes(q.frequency as Frequency) ? q.frequency! : 'one-off',
      email: typeof q.email === 'string' ? q.email.slice(0, 254) : (user?.email ?? ''),
      test: typeof q.test === 'string' ? q.test.slice(0, 36) : '',
      variant: typeof q.variant === 'string' ? q.variant.slice(0, 64) : '',
    };
    const message = error ?? (q.cancelled ? 'The payment was cancelled; nothing was taken.' : undefined);
    return page(reply, 'Support our journalism', <SupportForm state={state(reply, '/support', { error: message })} values={values} sandbox={sandboxOn} />, error ? 422 : 200, { canonical: `${ctx.config.publicUrl}/support`, robots: 'index' });
  }

  app.get('/support', open, (request, reply) => supportPage(request, reply));

  formPost('/support', open, async (request, body) => {
    if (!provider) throw notSetUp();
    const user = await signedIn(request);
    const amount = body.amount === 'other' || !body.amount ? body.other : body.amount;
    return startCheckout(deps, provider, { amount, currency: body.currency, frequency: body.frequency, email: body.email, testId: body.test, variantId: body.variant }, { userId: user?.id ?? null, country: country(request), address: request.network });
  }, supportPage);

  /** A checkout of the sandbox's, while the sandbox is on: switched off, its pages take nothing. */
  async function sandboxCheckout(request: FastifyRequest) {
    if (!provider) throw notSetUp();
    if (!sandboxOn) throw notFound('That checkout');
    const id = (request.params as { id: string }).id;
    const found = UUID.test(id) ? await repo.findCheckout(db, { id }) : null;
    if (!found || found.provider !== 'sandbox') throw notFound('That checkout');
    return found;
  }

  app.get('/support/sandbox/:id', open, async (request, reply) => {
    const checkout = await sandboxCheckout(request);
    const amount = formatAmount({ currency: checkout.currency, minor: checkout.amountMinor });
    const form = state(reply, '/support');
    return page(
      reply,
      'Test checkout',
      <div class="account support">
        <p class="test-mode" role="note">
          Test checkout: this is the sandbox. No card is asked for and no money moves.
        </p>
        <h1>
          {amount} {checkout.frequency === 'one-off' ? 'once' : checkout.frequency === 'monthly' ? 'every month' : 'every year'}
        </h1>
        <p>Receipt to {checkout.email}.</p>
        {checkout.status === 'open' ? (
          <>
            <form method="post" action={`/support/sandbox/${checkout.id}/pay`} class="inline-form">
              <Csrf state={form} />
              <button class="button button--primary" type="submit">
                Pay {amount} (test)
              </button>
            </form>{' '}
            <form method="post" action={`/support/sandbox/${checkout.id}/cancel`} class="inline-form">
              <Csrf state={form} />
              <button class="button" type="submit">
                Cancel
              </button>
            </form>
          </>
        ) : (
          <p>
            This checkout is finished. <a href={`/support/thanks?checkout=${checkout.id}`}>See your receipt</a>.
          </p>
        )}
      </div>,
    );
  });

  app.post('/support/sandbox/:id/pay', open, async (request, reply) => {
    const checkout = await sandboxCheckout(request);
    for (const event of sandboxPaid(checkout, ctx.now())) await applyProviderEvent(deps, event);
    return reply.redirect(`/support/thanks?checkout=${checkout.id}`, 303);
  });

  app.post('/support/sandbox/:id/cancel', open, async (request, reply) => {
    await sandboxCheckout(request);
    return reply.redirect('/support?cancelled=1', 303);
  });

  app.get('/support/thanks', open, async (request, reply) => {
    const id = String(query(request).checkout ?? '');
    const found = UUID.test(id) ? await repo.findCheckout(db, { id }) : null;
    const { checkout, state: standing } = found ? await confirmReturn(deps, provider, found, request.log) : { checkout: null, state: 'waiting' as const };
    const done = checkout !== null && standing === 'given';
    return page(
      reply,
      'Thank you',
      <div class="account support">
        <h1>{standing === 'failed' ? 'Your payment did not go through' : 'Thank you'}</h1>
        {done ? (
          <p>
            Your contribution of {formatAmount({ currency: checkout.currency, minor: checkout.amountMinor })}
            {checkout.frequency === 'one-off' ? '' : checkout.frequency === 'monthly' ? ' every month' : ' every year'} keeps this journalism free for everyone. A receipt is on its way to {checkout.email}.
          </p>
        ) : standing === 'failed' ? (
          <p>
            Your bank did not let the payment through, so nothing was taken. <a href="/support">Try again</a>, perhaps with another card or bank account.
          </p>
        ) : (
          <p>Your payment is on its way; we will e-mail a receipt as soon as it arrives.</p>
        )}
        <p>
          <a href="/">Back to the news</a>
        </p>
        {/* Tells this browser it is a supporter's: it will be asked less. */}
        {done && (
          <Island name="support-thanks" hydrate="now" props={{}}>
            {''}
          </Island>
        )}
      </div>,
    );
  });

  app.get('/account/contributions', { config: { access: 'account', html: true } }, async (request, reply) => {
    const userId = (request.principal as { id: string }).id;
    const [paid, recurring] = await Promise.all([repo.paymentsOf(db, userId), repo.recurringOf(db, userId)]);
    const form = state(reply, '/account/contributions');
    const done = query(request).done;
    return page(
      reply,
      'Your contributions',
      <div class="account">
        <h1>Your contributions</h1>
        <Notices notice={done === 'stopped' ? 'Your recurring contribution is stopped; nothing more will be taken.' : undefined} />
        {recurring.filter((r) => r.status !== 'cancelled').map((r) => (
          <section class="account-panel">
            <h2>
              {formatAmount({ currency: r.currency, minor: r.amountMinor })} {r.frequency === 'monthly' ? 'every month' : 'every year'}
            </h2>
            <p>
              Since {r.createdAt.toISOString().slice(0, 10)}
              {r.status === 'past_due' ? ': the last payment failed; we will try again.' : '.'}
            </p>
            <form method="post" action={`/account/contributions/${r.id}/${r.provider === 'sandbox' ? 'stop' : 'manage'}`} class="inline-form">
              <Csrf state={form} />
              <button class="button" type="submit">
                {r.provider === 'sandbox' ? 'Stop this contribution' : 'Change or stop it (on Stripe)'}
              </button>
            </form>
          </section>
        ))}
        {paid.length ? (
          <table class="newsroom-table">
            <thead>
              <tr>
                <th>Date</th>
                <th>Amount</th>
                <th>Kind</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {paid.map((p) => (
                <tr>
                  <td>{(p.paidAt ?? p.createdAt).toISOString().slice(0, 10)}</td>
                  <td>{formatAmount({ currency: p.currency, minor: p.amountMinor })}</td>
                  <td>{p.frequency === 'one-off' ? 'Once' : p.frequency === 'monthly' ? 'Monthly' : 'Annual'}</td>
                  <td>{p.refundedMinor === 0 ? p.status : p.refundedMinor === p.amountMinor ? 'refunded' : `${formatAmount({ currency: p.currency, minor: p.refundedMinor })} refunded`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>
            No contributions yet. <a href="/support">Support our journalism</a>.
          </p>
        )}
      </div>,
    );
  });

  async function ownRecurring(request: FastifyRequest) {
    const userId = (request.principal as { id: string }).id;
    const id = (request.params as { id: string }).id;
    const found = (await repo.recurringOf(db, userId)).find((r) => r.id === id);
    if (!found) throw notFound('That contribution');
    return found;
  }

  app.post('/account/contributions/:id/stop', { config: { access: 'account', html: true } }, async (request, reply) => {
    const found = await ownRecurring(request);
    if (found.provider !== 'sandbox') throw new AppError('conflict', 'A Stripe contribution is changed or stopped on Stripe’s page: use “Change or stop it”.');
    await applyProviderEvent(deps, sandboxCancelled(found.providerRef, ctx.now()));
    return reply.redirect('/account/contributions?done=stopped', 303);
  });

  app.post('/account/contributions/:id/manage', { config: { access: 'account', html: true } }, async (request, reply) => {
    const found = await ownRecurring(request);
    if (found.provider !== 'stripe' || !found.customerRef || !payments?.manageUrl) throw new AppError('conflict', 'This contribution is not managed on Stripe.');
    return reply.redirect(await payments.manageUrl(found.customerRef, `${ctx.config.publicUrl}/account/contributions`), 303);
  });
}
