import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { FormKit } from '../../web/forms/kit.tsx';
import { formBody, pageQuery, text } from '../../web/forms/schema.ts';
import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { AppError, HTTP_STATUS } from '../../platform/errors.ts';
import { CURRENCIES, formatAmount } from '../contributions/amounts.ts';
import { changeRecurring, recurringOfLink, sendFreshLink, stopRecurring, type RecurringControls } from '../contributions/manage.ts';
import type { RecurringRow } from '../contributions/repository.ts';
import type { ContributionDeps } from '../contributions/service.ts';

/** Long enough for any token we sign; anything longer is refused before it is read. */
const Token = Type.String({ maxLength: 200 });
const TokenQuery = pageQuery({ token: Type.Optional(Token), done: text(20) });
const TokenForm = formBody({ token: Token });
const ChangeForm = formBody({ token: Token, amount: text(20), frequency: text(20) });

const DONE: Record<string, string> = {
  stopped: 'Your contribution is stopped. Nothing more will be taken.',
  changed: 'Your contribution is changed. We have e-mailed you what it is now.',
  unchanged: 'That is what your contribution already is: nothing changed.',
};

const every = (frequency: string) => (frequency === 'annual' ? 'every year' : 'every month');
const amountOf = (r: RecurringRow) => formatAmount({ currency: r.currency, minor: r.amountMinor });
const major = (r: RecurringRow) => String(r.amountMinor / 10 ** (CURRENCIES[r.currency]?.digits ?? 2));

function ContributionPage({ recurring, token, state, notice }: { recurring: RecurringRow; token: string; state: FormState; notice?: string | undefined }) {
  const stopped = recurring.status === 'cancelled';
  return (
    <div class="account support">
      <h1>Your contribution</h1>
      <Notices error={state.error} notice={notice} />
      <p>
        {amountOf(recurring)} {every(recurring.frequency)}, since {recurring.createdAt.toISOString().slice(0, 10)}
        {stopped
          ? `; stopped on ${(recurring.cancelledAt ?? recurring.createdAt).toISOString().slice(0, 10)}.`
          : recurring.status === 'past_due'
            ? ': the last payment did not go through; it will be tried again.'
            : '.'}
      </p>
      {recurring.provider === 'sandbox' && (
        <p class="test-mode" role="note">
          A test contribution through the sandbox: no money moves.
        </p>
      )}
      {stopped ? (
        <p>
          This contribution is stopped and nothing more will be taken. To give again, <a href="/support">start a new contribution</a>.
        </p>
      ) : (
        <>
          <section class="account-panel">
            <h2>Change it</h2>
            <form method="post" action="/support/contribution/change" class="account-form">
              <Csrf state={state} />
              <input type="hidden" name="token" value={token} />
              <label for="amount">Amount, in {recurring.currency}</label>
              <input id="amount" name="amount" inputMode="decimal" required value={state.values?.amount ?? major(recurring)} />
              <fieldset>
                <legend>How often</legend>
                {(['monthly', 'annual'] as const).map((f) => (
                  <label class="check">
                    <input type="radio" name="frequency" value={f} checked={(state.values?.frequency ?? recurring.frequency) === f} />{' '}
                    {f === 'monthly' ? 'Every month' : 'Every year'}
                  </label>
                ))}
              </fieldset>
              <p class="hint">A new amount applies from the next payment. A new frequency begins a new period today, with its first payment.</p>
              <button class="button button--primary" type="submit">
                Change my contribution
              </button>
            </form>
          </section>
          <section class="account-panel">
            <h2>Stop it</h2>
            <p>Nothing more will be taken. What you have given stays given.</p>
            <form method="post" action="/support/contribution/stop" class="inline-form">
              <Csrf state={state} />
              <input type="hidden" name="token" value={token} />
              <button class="button" type="submit">
                Stop my contribution
              </button>
            </form>
          </section>
        </>
      )}
    </div>
  );
}

function LinkProblem({ error, token, state }: { error: AppError; token: string; state: FormState }) {
  return (
    <div class="account support">
      <h1>{error.code === 'gone' ? 'This link has expired' : error.code === 'not_found' ? 'Contribution not found' : 'This link does not work'}</h1>
      <p role="alert">{error.message}</p>
      {error.details?.renewable === true ? (
        <form method="post" action="/support/contribution/link" class="inline-form">
          <Csrf state={state} />
          <input type="hidden" name="token" value={token} />
          <button class="button button--primary" type="submit">
            E-mail me a fresh link
          </button>
        </form>
      ) : (
        <p>
          <a href="/support">Support our journalism</a>
        </p>
      )}
    </div>
  );
}

/**
 * The page a receipt's signed link opens: a donor who gave without an account sees their
 * recurring contribution and changes or stops it. Looking never changes anything; every
 * change is a form post with the site's CSRF token and the link's token in its body.
 */
export function registerManagePages(app: FastifyInstance, kit: FormKit, deps: ContributionDeps, controls: RecurringControls | null): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const { page, state } = kit;
  const here = (token: string, done?: string) => `/support/contribution?token=${encodeURIComponent(token)}${done ? `&done=${done}` : ''}`;

  const problem = (reply: FastifyReply, error: AppError, token: string) =>
    page(reply, 'Your contribution', <LinkProblem error={error} token={token} state={state(reply, '/support')} />, HTTP_STATUS[error.code]);

  /** Runs `work` on the link's contribution; a link that does not work gets its own page and status. */
  async function withLink(reply: FastifyReply, token: string, work: (recurring: RecurringRow) => Promise<unknown>) {
    let recurring: RecurringRow;
    try {
      recurring = await recurringOfLink(deps, token);
    } catch (error) {
      if (error instanceof AppError) return problem(reply, error, token);
      throw error;
    }
    return work(recurring);
  }

  const show = (reply: FastifyReply, recurring: RecurringRow, token: string, extra: Partial<FormState> = {}, status = 200, notice?: string) =>
    page(reply, 'Your contribution', <ContributionPage recurring={recurring} token={token} state={state(reply, '/support', extra)} notice={notice} />, status);

  const options = { config: { access: 'public', html: true } } as const;

  typed.get('/support/contribution', { ...options, schema: { hide: true, querystring: TokenQuery } }, async (request, reply) => {
    const { token = '', done } = request.query;
    return withLink(reply, token, (recurring) => show(reply, recurring, token, {}, 200, done ? DONE[done] : undefined));
  });

  typed.post('/support/contribution/stop', { ...options, schema: { hide: true, body: TokenForm } }, async (request, reply) => {
    const { token } = request.body;
    return withLink(reply, token, async (recurring) => {
      await stopRecurring(deps, controls, recurring, 'donor');
      return reply.redirect(here(token, 'stopped'), 303);
    });
  });

  typed.post('/support/contribution/change', { ...options, schema: { hide: true, body: ChangeForm } }, async (request, reply) => {
    const body = request.body;
    return withLink(reply, body.token, async (recurring) => {
      try {
        return reply.redirect(here(body.token, await changeRecurring(deps, controls, recurring, body)), 303);
      } catch (error) {
        if (!(error instanceof AppError) || !['invalid', 'conflict'].includes(error.code)) throw error;
        return show(
          reply,
          recurring,
          body.token,
          { error: error.message, values: { amount: body.amount ?? '', frequency: body.frequency ?? '' } },
          HTTP_STATUS[error.code],
        );
      }
    });
  });

  typed.post('/support/contribution/link', { ...options, schema: { hide: true, body: TokenForm } }, async (request, reply) => {
    const { token } = request.body;
    let recurring: RecurringRow;
    try {
      recurring = await recurringOfLink(deps, token, { expiredToo: true });
    } catch (error) {
      if (error instanceof AppError) return problem(reply, error, token);
      throw error;
    }
    await sendFreshLink(deps, recurring);
    return page(
      reply,
      'Your contribution',
      <div class="account support">
        <h1>Check your e-mail</h1>
        <p role="status">We have sent a fresh link to the address this contribution was given with.</p>
      </div>,
    );
  });
}
