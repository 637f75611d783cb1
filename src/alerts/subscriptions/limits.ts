import type { Executor } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { hit } from '../../platform/rate-limit/service.ts';
import { countUpTo } from './repository.ts';

/** How many new subscriptions the site takes (PUSH_SUBSCRIBE_PER_BROWSER, _PER_NETWORK, PUSH_SUBSCRIPTIONS_MAX). */
export interface SubscriptionLimits {
  perBrowserPerDay: number;
  perNetworkPerHour: number;
  max: number;
}

/**
 * Before a new subscription is stored (changing one's choices is not new): each is a message
 * our server encrypts and sends for every alert it chose, so a script must not be able to make
 * thousands. A browser has one subscription (a few over time, as it renews or the reader turns
 * alerts off and on); a network, the browsers behind it; and the site, what its alerts can be
 * sent to in time. `browser` is what tells this browser apart (a hash of its CSRF cookie).
 */
export async function admitNewSubscription(
  executor: Executor,
  limits: SubscriptionLimits,
  who: { browser: string; network: string },
  now: Date,
): Promise<void> {
  await hit(
    executor,
    `alerts:subscribe:browser:${who.browser}`,
    { max: limits.perBrowserPerDay, windowSeconds: 86_400 },
    now,
    'This browser has subscribed to alerts too often today.',
  );
  await hit(
    executor,
    `alerts:subscribe:network:${who.network}`,
    { max: limits.perNetworkPerHour, windowSeconds: 3_600 },
    now,
    'Too many alert subscriptions from your network.',
  );
  if ((await countUpTo(executor, limits.max)) >= limits.max)
    throw new AppError('unavailable', 'This site takes no more alert subscriptions for now. Try again another day.');
}
