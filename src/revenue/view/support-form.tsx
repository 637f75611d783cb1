import { Csrf, Notices, type FormState } from '../../web/forms/components.tsx';
import { PolicyLink, type PolicyPage } from '../../web/forms/policy-link.tsx';
import { CURRENCIES, formatAmount, FREQUENCIES, type Frequency } from '../contributions/amounts.ts';

const FREQUENCY_LABELS: Record<Frequency, string> = { 'one-off': 'Once', monthly: 'Monthly', annual: 'Annually' };
/** Amounts offered on the page when the reader did not come from an ask, per currency. */
const SUGGESTED: Record<string, number[]> = { USD: [5, 10, 25, 50], GBP: [4, 8, 20, 40], EUR: [5, 10, 25, 50], AUD: [8, 15, 40, 80] };
export const suggested = (currency: string) =>
  SUGGESTED[currency] ?? [CURRENCIES[currency]!.min * 5, CURRENCIES[currency]!.min * 10, CURRENCIES[currency]!.min * 25];

export interface SupportValues {
  amount: string;
  other: string;
  currency: string;
  frequency: string;
  email: string;
  test: string;
  variant: string;
}

export function SupportForm({
  state,
  values,
  sandbox,
  privacy,
}: {
  state: FormState;
  values: SupportValues;
  sandbox: boolean;
  privacy?: PolicyPage | undefined;
}) {
  const amounts = suggested(values.currency);
  const custom = values.amount !== '' && !amounts.map(String).includes(values.amount);
  return (
    <div class="account support">
      <h1>Support our journalism</h1>
      <p>
        Everything we publish is free to read, for everyone. Readers who can afford to give pay for it. Choose what suits you: once, every month or every year.
      </p>
      {sandbox && (
        <p class="test-mode" role="note">
          Test mode: payments go through a sandbox of our own and no money moves. The newsroom connects Stripe to take real contributions.
        </p>
      )}
      <Notices error={state.error} />
      <form method="post" action="/support" class="account-form">
        <Csrf state={state} />
        <input type="hidden" name="test" value={values.test} />
        <input type="hidden" name="variant" value={values.variant} />
        <fieldset>
          <legend>How often</legend>
          {FREQUENCIES.map((f) => (
            <label class="check">
              <input type="radio" name="frequency" value={f} checked={values.frequency === f} /> {FREQUENCY_LABELS[f]}
            </label>
          ))}
        </fieldset>
        <label for="currency">Currency</label>
        <select id="currency" name="currency">
          {Object.keys(CURRENCIES).map((c) => (
            <option value={c} selected={values.currency === c}>
              {c}
            </option>
          ))}
        </select>
        <fieldset>
          <legend>Amount</legend>
          {amounts.map((a) => (
            <label class="check">
              <input type="radio" name="amount" value={String(a)} checked={values.amount === String(a)} />{' '}
              {formatAmount({ currency: values.currency, minor: a * 10 ** CURRENCIES[values.currency]!.digits })}
            </label>
          ))}
          <label class="check">
            <input type="radio" name="amount" value="other" checked={custom || values.amount === 'other'} /> Another amount
          </label>
          <label for="other">Another amount, in {values.currency}</label>
          <input id="other" name="other" inputMode="decimal" value={custom ? values.amount : values.other} />
        </fieldset>
        <label for="email">E-mail for your receipt</label>
        <input id="email" name="email" type="email" autoComplete="email" required value={values.email} />
        <PolicyLink page={privacy} lead="How we use your address and payment details: our" />
        <button class="button button--primary" type="submit">
          Continue to payment
        </button>
      </form>
    </div>
  );
}

/** The support page of a site with no way to take contributions: no form that could lead nowhere. */
export function ContributionsNotSetUp() {
  return (
    <div class="account support">
      <h1>Support our journalism</h1>
      <p>Everything we publish is free to read, for everyone, and it will stay that way.</p>
      <p class="notice" role="status">
        {NOT_SET_UP} Thank you for wanting to help: please come back soon.
      </p>
      <p>
        <a href="/">Back to the news</a>
      </p>
    </div>
  );
}

export const NOT_SET_UP = 'Contributions are not set up yet: the newsroom has not connected a way to take them.';
