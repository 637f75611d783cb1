import { useEffect, useState } from 'preact/hooks';
import type { ChosenAsk } from '../asks/types.ts';
import { AskView, type AskFrequency } from '../view/ask-view.tsx';
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

const report = (ask: ChosenAsk, kind: 'view' | 'click' | 'close') =>
  void fetch('/api/ask/events', {
    method: 'POST',
    keepalive: true,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ testId: ask.testId, variantId: ask.variantId, kind }),
  }).catch(() => undefined);

export default function SupportAsk({ slot, edition, articleId }: Props) {
  const [ask, setAsk] = useState<ChosenAsk | null>(null);
  const [amount, setAmount] = useState(0);
  const [frequency, setFrequency] = useState<AskFrequency>('one-off');

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
    fetch('/api/ask', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(context),
    })
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
  return (
    <AskView
      ask={ask}
      slot={slot}
      amount={amount}
      frequency={frequency}
      onAmount={setAmount}
      onFrequency={setFrequency}
      onClose={close}
      onGive={() => report(ask, 'click')}
    />
  );
}
