import { useEffect, useState } from 'preact/hooks';
import type { ChosenAsk } from '../../revenue/asks/types.ts';
import { afterClose, afterRead, afterView, deviceOf } from './memory.ts';
import { keep, recall } from './store.ts';

/**
 * A support ask: the epic at the end of an article or the banner at the foot of the window.
 * Chosen per reader by `/api/ask` from what this browser remembers (reading history, views,
 * closes), so the cached page is the same for everyone and carries none of it.
 */
interface Props {
  slot: 'epic' | 'banner';
  edition: string;
  articleId?: string;
}

const FREQUENCIES = [
  ['one-off', 'Once'],
  ['monthly', 'Monthly'],
  ['annual', 'Annually'],
] as const;

const report = (ask: ChosenAsk, kind: 'view' | 'click' | 'close') =>
  void fetch('/api/ask/events', { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ testId: ask.testId, variantId: ask.variantId, kind }) }).catch(() => undefined);

const money = (currency: string, amount: number) => new Intl.NumberFormat(undefined, { style: 'currency', currency, minimumFractionDigits: Number.isInteger(amount) ? 0 : 2 }).format(amount);

export default function SupportAsk({ slot, edition, articleId }: Props) {
  const [ask, setAsk] = useState<ChosenAsk | null>(null);
  const [amount, setAmount] = useState(0);
  const [frequency, setFrequency] = useState<(typeof FREQUENCIES)[number][0]>('one-off');

  useEffect(() => {
    const now = Date.now();
    let memory = recall();
    if (articleId) memory = afterRead(memory, articleId, now);
    keep(memory);
    const context = {
      slot,
      browserId: memory.browserId,
      edition,
      ...(articleId ? { articleId } : {}),
      device: deviceOf(window.innerWidth),
      reads: memory.reads,
      views: memory.views,
      closed: memory.closed,
      supporter: memory.supporterUntil > now,
    };
    fetch('/api/ask', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(context) })
      .then((response) => (response.status === 200 ? (response.json() as Promise<{ ask: ChosenAsk }>) : null))
      .then((answer) => {
        if (!answer) return;
        setAsk(answer.ask);
        setAmount(answer.ask.highlighted);
        keep(afterView(recall(), answer.ask.testId, Date.now()));
        report(answer.ask, 'view');
      })
      .catch(() => undefined);
  }, [slot, edition, articleId]);

  if (!ask) return null;
  const close = () => {
    keep(afterClose(recall(), ask.testId, Date.now()));
    report(ask, 'close');
    setAsk(null);
  };
  const href = `/support?${new URLSearchParams({ test: ask.testId, variant: ask.variantId, currency: ask.currency, amount: String(amount), frequency })}`;
  const paragraphs = ask.body.split(/\n\s*\n/).filter((p) => p.trim());
  return (
    <aside class={`support-ask support-ask--${slot}`} aria-labelledby={`support-ask-${slot}`}>
      <button type="button" class="support-ask__close" aria-label="Close" onClick={close}>
        ×
      </button>
      <h2 id={`support-ask-${slot}`} class="support-ask__heading">
        {ask.heading}
      </h2>
      {paragraphs.map((p) => (
        <p>{p}</p>
      ))}
      {ask.amounts.length > 0 && (
        <div class="support-ask__choices">
          <div role="group" aria-label="How often" class="support-ask__frequencies">
            {FREQUENCIES.map(([value, label]) => (
              <button type="button" aria-pressed={frequency === value} onClick={() => setFrequency(value)}>
                {label}
              </button>
            ))}
          </div>
          <div role="group" aria-label="Amount" class="support-ask__amounts">
            {ask.amounts.map((a) => (
              <button type="button" aria-pressed={amount === a} onClick={() => setAmount(a)}>
                {money(ask.currency, a)}
              </button>
            ))}
          </div>
        </div>
      )}
      <a class="button button--primary support-ask__cta" href={href} onClick={() => report(ask, 'click')}>
        {ask.buttonText}
      </a>
    </aside>
  );
}
