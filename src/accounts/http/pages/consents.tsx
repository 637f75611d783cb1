import type { ConsentState } from '../../privacy/consent-service.ts';
import { ActionButton, Notices, type FormState } from '../../../web/forms/components.tsx';

/** The reader's consents: each in the words they agreed to, since when, what changed, and the way to change it. */
export interface ConsentView extends Omit<ConsentState, 'since' | 'history'> {
  since: string | null;
  history: { granted: boolean; version: number; wording: string; source: string; at: string }[];
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const SOURCES: Record<string, string> = { registration: 'when you registered', 'consents-page': 'on this page' };

function Change({ state, consent }: { state: FormState; consent: ConsentView }) {
  if (consent.required) {
    return (
      <p class="hint">
        This is what taking part in discussions asks of everyone, not a choice to change here: it ends with your account (
        <a href="/account#delete">delete your account</a>).
      </p>
    );
  }
  if (consent.granted)
    return (
      <ActionButton
        state={state}
        action="/account/consents"
        fields={{ kind: consent.kind, choice: 'withdraw' }}
        label="Withdraw"
        what={`consent: ${consent.wording}`}
      />
    );
  if (consent.offered)
    return (
      <ActionButton
        state={state}
        action="/account/consents"
        fields={{ kind: consent.kind, choice: 'give' }}
        label="Give"
        what={`consent: ${consent.wording}`}
      />
    );
  return <p class="hint">We no longer ask for this.</p>;
}

export function ConsentsPage({ state, consents, notice }: { state: FormState; consents: ConsentView[]; notice?: string | undefined }) {
  return (
    <div class="account">
      <h1>Your consents</h1>
      <p>
        What you agreed to, in the words you saw, and when. Every change is kept on record, and is part of <a href="/account/data">your data</a>.{' '}
        <a href="/account">Back to your account</a>
      </p>
      <Notices notice={notice} error={state.error} />
      {consents.length === 0 && <p>You have given no consents.</p>}
      {consents.map((consent) => (
        <section class="account-panel consent" id={`consent-${consent.kind}`} aria-labelledby={`consent-${consent.kind}-title`} data-kind={consent.kind}>
          <h2 id={`consent-${consent.kind}-title`}>{consent.granted ? 'Given' : consent.since ? 'Withdrawn' : 'Not given'}</h2>
          <blockquote>{consent.wording}</blockquote>
          {consent.since && (
            <p>
              {consent.granted ? 'Given' : 'Withdrawn'} on <time datetime={consent.since}>{when(consent.since)}</time> (wording version {consent.version}).
            </p>
          )}
          <Change state={state} consent={consent} />
          {consent.history.length > 1 && (
            <details>
              <summary>History</summary>
              <ol class="consent-history">
                {consent.history.map((h) => (
                  <li>
                    <time datetime={h.at}>{when(h.at)}</time>: {h.granted ? 'given' : 'withdrawn'} {SOURCES[h.source] ?? ''} (wording version {h.version})
                  </li>
                ))}
              </ol>
            </details>
          )}
        </section>
      ))}
    </div>
  );
}
