import type { BrowserContext, Page } from 'playwright-core';
import { until } from './wait.ts';

/**
 * A push message in Chromium without a push service: delivered to our service worker through
 * the DevTools Protocol (`ServiceWorker.deliverPushMessage`), as the browser would on receipt.
 */
export async function pushDelivery(context: BrowserContext, page: Page, base: string) {
  const cdp = await context.newCDPSession(page);
  const registrationId = await new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', (event: { registrations: { registrationId: string; scopeURL: string }[] }) => {
      const found = event.registrations.find((r) => r.scopeURL === `${base}/`);
      if (found) resolve(found.registrationId);
    });
    void cdp.send('ServiceWorker.enable');
  });
  const deliver = (payload: unknown) => cdp.send('ServiceWorker.deliverPushMessage', { origin: base, registrationId, data: JSON.stringify(payload) });
  // The worker shows it asynchronously: ask until it is there (waitForFunction does not await a promise).
  const notifications = () =>
    page.evaluate(async () =>
      (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({
        title: n.title,
        body: n.body,
        tag: n.tag,
        data: n.data as unknown,
        actions: (n as Notification & { actions: { action: string }[] }).actions.map((a) => a.action),
      })),
    );
  const shown = (ready: (now: Awaited<ReturnType<typeof notifications>>) => boolean) =>
    until(async () => {
      const now = await notifications();
      return ready(now) && now;
    }, 50);
  return { deliver, notifications, shown };
}

/**
 * Headless Chromium has no notification to click: the worker gets the click event as the
 * browser would send it, and opens its page (recorded, as a script may not open windows).
 */
export async function clickFirstNotification(context: BrowserContext, base: string): Promise<{ url: string; left: number }> {
  const worker = context.serviceWorkers().find((w) => w.url() === `${base}/sw.js`)!;
  return worker.evaluate(async () => {
    const scope = self as unknown as {
      registration: ServiceWorkerRegistration;
      clients: { openWindow(url: string): Promise<unknown> };
      dispatchEvent(e: Event): boolean;
    };
    const [notification] = await scope.registration.getNotifications();
    let url = '';
    scope.clients.openWindow = async (target: string) => ((url = target), null);
    const Ctor = (self as unknown as { NotificationEvent: new (type: string, init: { notification: Notification; action: string }) => Event })
      .NotificationEvent;
    scope.dispatchEvent(new Ctor('notificationclick', { notification: notification!, action: 'read' }));
    // Until the click has been handled: the page opened and the notification closed.
    while (!url || (await scope.registration.getNotifications()).length) await new Promise((r) => setTimeout(r, 20));
    return { url, left: (await scope.registration.getNotifications()).length };
  });
}
