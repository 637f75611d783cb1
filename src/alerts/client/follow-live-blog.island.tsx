import { useEffect, useState } from 'preact/hooks';
import { ApiError, currentSubscription, permission, send, subscribeThisBrowser } from './push-subscribe.ts';

/**
 * "Follow this live blog": the blog's key events come to this browser as alerts while the blog
 * is open. The live blog page mounts it (open blogs only) as
 * `<Island name="follow-live-blog" hydrate="visible" props={{ articleId }}>`. Only the reader's
 * click asks the browser for permission; a browser without push shows nothing.
 */
interface Props {
  articleId: string;
}

type Stage = 'unsupported' | 'checking' | 'idle' | 'working' | 'following' | 'closed' | { error: string };

export default function FollowLiveBlog({ articleId }: Props) {
  const [stage, setStage] = useState<Stage>('checking');
  const path = `/api/alerts/live-blogs/${articleId}/follow`;

  useEffect(() => {
    if (permission() === 'unsupported') return setStage('unsupported');
    currentSubscription()
      .then(async (subscription) =>
        subscription ? (await send<{ following: boolean }>('POST', `${path}/lookup`, { endpoint: subscription.endpoint })).following : false,
      )
      .then((following) => setStage(following ? 'following' : 'idle'))
      .catch(() => setStage('idle'));
  }, [path]);

  async function follow() {
    setStage('working');
    try {
      const subscription = (await currentSubscription()) ?? (await subscribeThisBrowser()).subscription;
      await send('POST', path, { subscription: subscription.toJSON(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone });
      setStage('following');
    } catch (error) {
      const message = (error as Error).message || 'This browser could not follow the live blog.';
      setStage(/closed/.test(message) ? 'closed' : { error: message });
    }
  }

  async function stop() {
    setStage('working');
    try {
      const subscription = await currentSubscription();
      if (subscription) await send('DELETE', path, { endpoint: subscription.endpoint });
      setStage('idle');
    } catch (error) {
      // Not followed any more (another tab stopped it, or the blog's closing forgot it): what the reader wanted.
      if (error instanceof ApiError && error.status === 404) return setStage('idle');
      setStage({ error: (error as Error).message || 'Try again in a moment.' });
    }
  }

  if (stage === 'unsupported' || stage === 'checking') return null;
  if (stage === 'closed') return <p class="follow-live">This live blog has ended.</p>;
  return (
    <div class="follow-live">
      {stage === 'following' ? (
        <p>
          You will get this live blog’s key events as alerts.{' '}
          <button type="button" class="link-button" onClick={stop}>
            Stop following
          </button>
        </p>
      ) : (
        <button type="button" class="button" onClick={follow} disabled={stage === 'working'} aria-describedby={`follow-live-${articleId}`}>
          Follow this live blog
        </button>
      )}
      <p id={`follow-live-${articleId}`} class="follow-live__hint" hidden={stage === 'following'}>
        Key events as alerts, until the blog ends.
      </p>
      {typeof stage === 'object' && (
        <p class="form-error" role="alert">
          {stage.error}
        </p>
      )}
    </div>
  );
}
