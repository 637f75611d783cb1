/**
 * The site's service worker, for alerts only (no caching of pages: the site's own cache rules
 * stay in charge). It shows a pushed alert, opens or focuses its article when clicked and tells
 * the server of the click, and re-subscribes when the browser replaces the subscription.
 */
import type { AlertPayload } from '../payload.ts';

interface PushEvent extends ExtendableEvent {
  data: { json(): unknown } | null;
}
interface NotificationEvent extends ExtendableEvent {
  notification: Notification & { data: { url: string; alertId: string } };
  action: string;
}
interface SubscriptionChangeEvent extends ExtendableEvent {
  oldSubscription: PushSubscription | null;
  newSubscription: PushSubscription | null;
}
interface ExtendableEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface WindowClient {
  url: string;
  focus(): Promise<WindowClient>;
}
interface Worker {
  registration: ServiceWorkerRegistration;
  clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<WindowClient[]>;
    openWindow(url: string): Promise<WindowClient | null>;
    claim(): Promise<void>;
  };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'push', listener: (event: PushEvent) => void): void;
  addEventListener(type: 'notificationclick', listener: (event: NotificationEvent) => void): void;
  addEventListener(type: 'pushsubscriptionchange', listener: (event: SubscriptionChangeEvent) => void): void;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
}

const worker = self as unknown as Worker;

/** Keeps the worker alive for `work`. An event a script dispatched (not the browser) cannot be kept alive; its work still runs. */
function keepAlive(event: ExtendableEvent, work: Promise<unknown>): void {
  try {
    event.waitUntil(work);
  } catch {
    // Untrusted event: nothing to extend.
  }
}

worker.addEventListener('install', () => void worker.skipWaiting());
worker.addEventListener('activate', (event) => keepAlive(event, worker.clients.claim()));

worker.addEventListener('push', (event) => {
  const alert = (event.data?.json() ?? null) as AlertPayload | null;
  if (!alert?.title) return;
  const options: NotificationOptions & { image?: string; actions?: { action: string; title: string }[] } = {
    body: alert.body,
    icon: alert.icon,
    badge: alert.icon,
    tag: alert.tag,
    data: { url: alert.url, alertId: alert.alertId },
    actions: [
      { action: 'read', title: 'Read' },
      { action: 'dismiss', title: 'Dismiss' },
    ],
    ...(alert.image ? { image: alert.image } : {}),
  };
  keepAlive(event, worker.registration.showNotification(alert.title, options));
});

worker.addEventListener('notificationclick', (event) => {
  event.notification.close();
  if (event.action === 'dismiss') return;
  const { url, alertId } = event.notification.data;
  keepAlive(
    event,
    (async () => {
      const subscription = await worker.registration.pushManager.getSubscription();
      const report = subscription
        ? fetch('/api/alerts/clicks', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ alertId, endpoint: subscription.endpoint }),
          }).catch(() => undefined)
        : Promise.resolve();
      const open = (await worker.clients.matchAll({ type: 'window', includeUncontrolled: true })).find((client) => client.url === url);
      await Promise.all([report, open ? open.focus() : worker.clients.openWindow(url)]);
    })(),
  );
});

worker.addEventListener('pushsubscriptionchange', (event) => {
  keepAlive(
    event,
    (async () => {
      const old = event.oldSubscription;
      const key = old?.options.applicationServerKey;
      const fresh =
        event.newSubscription ?? (key ? await worker.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key }) : null);
      if (!old || !fresh) return;
      await fetch('/api/alerts/subscriptions/renew', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ oldEndpoint: old.endpoint, subscription: fresh.toJSON() }),
      });
    })(),
  );
});
