import assert from 'node:assert/strict';
import type { ReceivedMail } from '../../test/support/smtp.ts';

// What the tests of the receipt's link share (manage.int.test.ts with the sandbox, manage-stripe.int.test.ts with Stripe).

/** The CSRF token of the form on a page. */
export const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)![1]!;
/** The page a receipt's link opens, as a path on the test app, and its token. */
export function linkIn(mail: ReceivedMail): { path: string; token: string } {
  const found = mail.links.find((l) => l.includes('/support/contribution?token='));
  assert.ok(found, `the receipt carries a link to the contribution:\n${mail.text}`);
  const url = new URL(found);
  assert.match(mail.html, new RegExp(`href="${found.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&amp;')}"`), 'the HTML part links there too');
  return { path: `${url.pathname}${url.search}`, token: url.searchParams.get('token')! };
}
