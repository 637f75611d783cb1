import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { Island } from '../../web/islands/island.tsx';
import { formatAmount } from '../contributions/amounts.ts';
import type { CheckoutRow, PaymentRow, RecurringRow } from '../contributions/repository.ts';

/** The sandbox's checkout page: pay or cancel without a card, and no money moves. */
export function SandboxCheckout({ checkout, state }: { checkout: CheckoutRow; state: FormState }) {
  const amount = formatAmount({ currency: checkout.currency, minor: checkout.amountMinor });
  return (
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
            <Csrf state={state} />
            <button class="button button--primary" type="submit">
              Pay {amount} (test)
            </button>
          </form>{' '}
          <form method="post" action={`/support/sandbox/${checkout.id}/cancel`} class="inline-form">
            <Csrf state={state} />
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
    </div>
  );
}

/** Where a reader lands back from paying: thanks once the money is in, or what happened to it. */
export function Thanks({ checkout, standing }: { checkout: CheckoutRow | null; standing: 'given' | 'failed' | 'waiting' }) {
  const done = checkout !== null && standing === 'given';
  return (
    <div class="account support">
      <h1>{standing === 'failed' ? 'Your payment did not go through' : 'Thank you'}</h1>
      {done ? (
        <p>
          Your contribution of {formatAmount({ currency: checkout.currency, minor: checkout.amountMinor })}
          {checkout.frequency === 'one-off' ? '' : checkout.frequency === 'monthly' ? ' every month' : ' every year'} keeps this journalism free for everyone. A
          receipt is on its way to {checkout.email}.
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
    </div>
  );
}

/** A signed-in reader's contributions: recurring ones to change or stop, and every payment. */
export function MyContributions({
  paid,
  recurring,
  state,
  notice,
}: {
  paid: PaymentRow[];
  recurring: RecurringRow[];
  state: FormState;
  notice?: string | undefined;
}) {
  return (
    <div class="account">
      <h1>Your contributions</h1>
      <Notices notice={notice} />
      {recurring
        .filter((r) => r.status !== 'cancelled')
        .map((r) => (
          <section class="account-panel">
            <h2>
              {formatAmount({ currency: r.currency, minor: r.amountMinor })} {r.frequency === 'monthly' ? 'every month' : 'every year'}
            </h2>
            <p>
              Since {r.createdAt.toISOString().slice(0, 10)}
              {r.status === 'past_due' ? ': the last payment failed; we will try again.' : '.'}
            </p>
            <form method="post" action={`/account/contributions/${r.id}/${r.provider === 'sandbox' ? 'stop' : 'manage'}`} class="inline-form">
              <Csrf state={state} />
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
                <td>
                  {p.refundedMinor === 0
                    ? p.status
                    : p.refundedMinor === p.amountMinor
                      ? 'refunded'
                      : `${formatAmount({ currency: p.currency, minor: p.refundedMinor })} refunded`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>
          No contributions yet. <a href="/support">Support our journalism</a>.
        </p>
      )}
    </div>
  );
}
