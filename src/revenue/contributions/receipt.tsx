import { renderToString } from 'preact-render-to-string';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import { formatAmount, type Frequency } from './amounts.ts';

const EVERY: Record<Frequency, string> = { 'one-off': '', monthly: ' every month', annual: ' every year' };

/**
 * The receipt for a payment: what, when, how often, and where to see or change it. A charge of
 * a recurring contribution carries a signed link (`manage`) with which the donor can change or
 * stop it without an account, as many who give never make one.
 */
export function receiptMail(options: {
  site: string;
  publicUrl: string;
  to: string;
  amountMinor: number;
  currency: string;
  frequency: Frequency;
  paidAt: Date;
  reference: string;
  test: boolean;
  manage?: { url: string; expiresAt: Date } | undefined;
}): MailMessage {
  const amount = formatAmount({ currency: options.currency, minor: options.amountMinor });
  const when = options.paidAt.toISOString().slice(0, 10);
  const account = `${options.publicUrl}/account/contributions`;
  const subject = `${options.test ? '[TEST] ' : ''}Your contribution to ${options.site}: ${amount}${EVERY[options.frequency]}`;
  const lines = [
    'Thank you.',
    `We received ${amount} on ${when}${options.frequency === 'one-off' ? '' : `, your contribution${EVERY[options.frequency]}`}. Reference: ${options.reference}.`,
    ...(options.test ? ['This was a test payment through the sandbox: no money moved.'] : []),
    `Everything we publish stays free to read because readers like you pay for it.${options.manage ? '' : ` Your contributions are listed at ${account}${options.frequency === 'one-off' ? '' : ', where you can also change or stop the recurring one'}.`}`,
    ...(options.manage
      ? [
          `To change or stop your contribution, with or without an account, use this link until ${options.manage.expiresAt.toISOString().slice(0, 10)} (each receipt brings a new one):`,
          options.manage.url,
        ]
      : []),
  ];
  const html = renderToString(
    <html>
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5">
        <p style="font-weight: bold; font-size: 1.25rem; border-bottom: 3px solid #052962; padding-bottom: .5rem">{options.site}</p>
        {lines.map((line) => (
          <p>{line}</p>
        ))}
        <p>{options.manage ? <a href={options.manage.url}>Change or stop your contribution</a> : <a href={account}>Your contributions</a>}</p>
      </body>
    </html>,
  );
  // The signed link stays out of `links` (kept only for the one-time links of account mail): it is a key to the contribution.
  return { to: options.to, subject, text: `${lines.join('\n\n')}\n\n-- \n${options.site}\n`, html: `<!doctype html>${html}`, links: [account] };
}
