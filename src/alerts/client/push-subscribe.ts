/**
 * What the alerts islands share in the browser: whether this browser can take alerts, JSON
 * calls to our API, and subscribing this browser with the site's key (registering our service
 * worker first).
 */

export const permission = (): 'default' | 'granted' | 'denied' | 'unsupported' =>
  'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window ? Notification.permission : 'unsupported';

const SUBSCRIBE_TIMEOUT_MS = 20_000;

/** What our API answered when it was not a success: its message, and its status for callers that tell them apart. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function json<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json', 'content-type': 'application/json' }, ...init });
  const data = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!response.ok) throw new ApiError(data.error?.message ?? `The server answered ${response.status}.`, response.status);
  return data;
}

/** A JSON write with this session's CSRF token. */
export async function send<T>(method: 'POST' | 'DELETE', url: string, body: unknown): Promise<T> {
  const me = await json<{ csrfToken: string }>('/api/me?csrf=1');
  return json<T>(url, { method, headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken }, body: JSON.stringify(body) });
}

/** The subscription this browser already has with us, if any (no permission asked). */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (permission() === 'unsupported') return null;
  const registration = await navigator.serviceWorker.getRegistration('/');
  return (await registration?.pushManager.getSubscription()) ?? null;
}

/**
 * Asks the browser for permission (call it only from the reader's click), registers our
 * worker and subscribes with the site's key; `options` is what /api/alerts/options gave.
 */
export async function subscribeThisBrowser<O extends { publicKey: string }>(): Promise<{ subscription: PushSubscription; options: O }> {
  if ((await Notification.requestPermission()) !== 'granted')
    throw new Error('Notifications are blocked for this site; you can allow them in the browser’s site settings.');
  const [options, registration] = await Promise.all([
    json<O>('/api/alerts/options'),
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).then(() => navigator.serviceWorker.ready),
  ]);
  // A browser that cannot reach its push service may never answer: give up after a while.
  const subscription = await Promise.race([
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: options.publicKey }),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error('Your browser did not reach its notification service; try again later.')), SUBSCRIBE_TIMEOUT_MS),
    ),
  ]);
  return { subscription, options };
}
