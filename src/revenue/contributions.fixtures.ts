import { createTestApp, seedBasics, type TestApp } from '../../test/support/app.ts';
import { startSmtp } from '../../test/support/smtp.ts';

/**
 * The setup the sandbox contribution tests share: the app with the sandbox provider on
 * (PAYMENTS_SANDBOX=1), the reader's country read from Cloudflare's header, and mail sent to a
 * real SMTP server.
 */
export async function openSandboxApp(now: () => Date) {
  const smtp = await startSmtp();
  const t = await createTestApp({ now, env: { SMTP_URL: smtp.url, COUNTRY_HEADER: 'cf-ipcountry', PAYMENTS_SANDBOX: '1' } });
  await seedBasics(t);
  return {
    t,
    smtp,
    close: async () => {
      await t.close();
      await smtp.stop();
    },
  };
}

/** What the contribution services are given, as the app gives it, with the clock fixed at `now`. */
export const serviceDeps = (t: TestApp, now: Date) => ({ database: t.db.database, now: () => now, site: 'The Masthead', publicUrl: 'https://news.example' });
