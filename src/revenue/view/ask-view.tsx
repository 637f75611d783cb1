import type { ChosenAsk } from '../asks/types.ts';

export const ASK_FREQUENCIES = [
  ['one-off', 'Once'],
  ['monthly', 'Monthly'],
  ['annual', 'Annually'],
] as const;
export type AskFrequency = (typeof ASK_FREQUENCIES)[number][0];

const money = (currency: string, amount: number) =>
  new Intl.NumberFormat('en', { style: 'currency', currency, minimumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(amount);

/** Where the ask's button leads: the support form, with the choice made and the ask that led there. */
export const supportHref = (ask: ChosenAsk, amount: number, frequency: AskFrequency) =>
  `/support?${new URLSearchParams({ test: ask.testId, variant: ask.variantId, currency: ask.currency, amount: String(amount), frequency })}`;

/**
 * A support ask as readers see it: the same markup in the reader's browser (the island, with
 * handlers) and in the newsroom's preview (without).
 */
export function AskView(props: {
  ask: ChosenAsk;
  slot: string;
  amount: number;
  frequency: AskFrequency;
  onAmount?: (amount: number) => void;
  onFrequency?: (frequency: AskFrequency) => void;
  onClose?: () => void;
  onGive?: () => void;
}) {
  const { ask, slot, amount, frequency } = props;
  const paragraphs = ask.body.split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <aside class={`support-ask support-ask--${slot}`} aria-labelledby={`support-ask-${slot}-${ask.variantId}`}>
      <button type="button" class="support-ask__close" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
      <h2 id={`support-ask-${slot}-${ask.variantId}`} class="support-ask__heading">
        {ask.heading}
      </h2>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      {ask.amounts.length > 0 && (
        <div class="support-ask__choices">
          <div role="group" aria-label="How often" class="support-ask__frequencies">
            {ASK_FREQUENCIES.map(([value, label]) => (
              <button type="button" aria-pressed={frequency === value} onClick={() => props.onFrequency?.(value)}>
                {label}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Amount" class="support-ask__amounts">
            {ask.amounts.map((a) => (
              <button type="button" aria-pressed={amount === a} onClick={() => props.onAmount?.(a)}>
                {money(ask.currency, a)}
              </button>
            ))}
          </div>
        </div>
      )}
      <a class="button button--primary support-ask__cta" href={supportHref(ask, amount, frequency)} onClick={props.onGive}>
        {ask.buttonText}
      </a>
    </aside>
  );
}
