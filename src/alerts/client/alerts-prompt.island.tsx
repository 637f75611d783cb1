import { useEffect, useState } from 'preact/hooks';
import { AlertsBell } from './bell.tsx';
import { afterReading, emptyMemory, shouldPrompt, SNOOZE_MS, type PromptMemory } from './prompt-rules.ts';
import { permission, send, subscribeThisBrowser } from './push-subscribe.ts';

/**
 * The site's own small invitation to alerts. It appears by itself only from a reader's second
 * article (never on a first visit) and not again for 30 days after "Not now"; the bell opens it
 * at any time. Only its "Turn on alerts" asks the browser for permission, after the reader
 * chose what to receive.
 */
interface Props {
  articleId: string;
  edition: { code: string; name: string };
  section: { slug: string; name: string };
  topics: { slug: string; name: string }[];
}

interface Options {
  publicKey: string;
  sections: { id: string; slug: string }[];
  topics: { id: string; slug: string }[];
}

type Stage = 'closed' | 'asking' | 'working' | 'done' | { error: string };

const KEY = 'masthead.alerts';

function recall(): PromptMemory {
  try {
    return { ...emptyMemory(), ...(JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<PromptMemory>) };
  } catch {
    return emptyMemory();
  }
}
const remember = (memory: PromptMemory) => localStorage.setItem(KEY, JSON.stringify(memory));

export default function AlertsPrompt({ articleId, edition, section, topics }: Props) {
  const [stage, setStage] = useState<Stage>('closed');
  const [signedIn, setSignedIn] = useState(false);
  const [choice, setChoice] = useState<Record<string, boolean>>({ breaking: true, section: false, replies: false });

  useEffect(() => {
    const memory = afterReading(recall(), articleId);
    remember(memory);
    if (shouldPrompt(memory, permission(), Date.now())) setStage('asking');
    fetch('/api/me', { credentials: 'same-origin' })
      .then((r) => r.json() as Promise<{ signedIn: boolean }>)
      .then((me) => setSignedIn(me.signedIn))
      .catch(() => undefined);
  }, [articleId]);

  function notNow() {
    remember({ ...recall(), snoozedUntil: Date.now() + SNOOZE_MS });
    setStage('closed');
  }

  async function turnOn(event: Event) {
    event.preventDefault();
    setStage('working');
    try {
      const { subscription, options } = await subscribeThisBrowser<Options>();
      const sectionId = options.sections.find((s) => s.slug === section.slug)?.id;
      const topicIds = topics
        .filter((t) => choice[`topic:${t.slug}`])
        .map((t) => options.topics.find((o) => o.slug === t.slug)?.id)
        .filter((id): id is string => !!id);
      await send('POST', '/api/alerts/subscriptions', {
        subscription: subscription.toJSON(),
        choices: {
          breaking: choice.breaking ? [edition.code] : [],
          sections: choice.section && sectionId ? [sectionId] : [],
          topics: topicIds,
          replies: signedIn && choice.replies,
        },
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      });
      remember({ ...recall(), endpoint: subscription.endpoint });
      setStage('done');
    } catch (error) {
      setStage({ error: (error as Error).message || 'Alerts could not be turned on in this browser.' });
    }
  }

  const toggle = (name: string) => (event: Event) => setChoice({ ...choice, [name]: (event.target as HTMLInputElement).checked });

  if (stage === 'closed') {
    return <AlertsBell onClick={() => setStage('asking')} hidden={permission() === 'unsupported'} />;
  }
  return (
    <div class="alerts-prompt" role="dialog" aria-labelledby="alerts-prompt-title">
      <p id="alerts-prompt-title" class="alerts-prompt__title">
        {stage === 'done' ? 'Alerts are on' : 'Get our alerts?'}
      </p>
      {stage === 'done' ? (
        <p>
          We will alert you as you chose. {signedIn ? 'Change it on your account page.' : 'Change it from this button at any time.'}{' '}
          <button type="button" class="link-button" onClick={() => setStage('closed')}>
            Close
          </button>
        </p>
      ) : (
        <form onSubmit={turnOn}>
          <p>Breaking news in seconds, and only what you choose. You can stop them at any time.</p>
          <label class="check">
            <input type="checkbox" checked={choice.breaking} onChange={toggle('breaking')} /> Breaking news ({edition.name})
          </label>
          <label class="check">
            <input type="checkbox" checked={choice.section} onChange={toggle('section')} /> New in {section.name}
          </label>
          {topics.map((t) => (
            <label class="check">
              <input type="checkbox" checked={choice[`topic:${t.slug}`] ?? false} onChange={toggle(`topic:${t.slug}`)} /> Stories about {t.name}
            </label>
          ))}
          {signedIn && (
            <label class="check">
              <input type="checkbox" checked={choice.replies} onChange={toggle('replies')} /> Replies to my comments
            </label>
          )}
          {typeof stage === 'object' && (
            <p class="form-error" role="alert">
              {stage.error}
            </p>
          )}
          <button class="button button--primary" type="submit" disabled={stage === 'working'}>
            Turn on alerts
          </button>{' '}
          <button class="button" type="button" onClick={notNow}>
            Not now
          </button>
        </form>
      )}
    </div>
  );
}
