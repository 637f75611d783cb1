import { renderToString } from 'preact-render-to-string';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import { formatAmount } from './amounts.ts';
import type { RecurringRow } from './repository.ts';

const every = (frequency: string) => (frequency === 'annual' ? 'every year' : 'every month');
const day = (at: Date) => at.toISOString().slice(0, 10);

function mail(site: string, to: string, subject: string, lines: string[], link?: { href: string; label: string }): MailMessage {
  const html = renderToString(
    <html>
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5">
        <p style="font-weight: bold; font-size: 1.25rem; border-bottom: 3px solid #052962; padding-bottom: .5rem">{site}</p>
        {lines.map((line) => (
          <p>{line}</p>
        ))}
        {link && (
          <p>
            <a href={link.href}>{link.label}</a>
          </p>
        )}
      </body>
    </html>,
  );
  // No `links`: this link is a key to the contribution, kept in the message alone.
  return { to, subject, text: `${lines.join('\n\n')}\n\n-- \n${site}\n`, html: `<!doctype html>${html}` };
}

/** A fresh link to see, change or stop a recurring contribution, asked for from an expired one. */
export function freshLinkMail(options: { site: string; to: string; recurring: RecurringRow; url: string; expiresAt: Date }): MailMessage {
  const amount = formatAmount({ currency: options.recurring.currency, minor: options.recurring.amountMinor });
  return mail(
    options.site,
    options.to,
    `Your link to your contribution to ${options.site}`,
    [
      `Here is a fresh link to your contribution of ${amount} ${every(options.recurring.frequency)}. You can see it, change it or stop it there, without an account, until ${day(options.expiresAt)}:`,
      options.url,
      'If you did not ask for this link, you can ignore this message: nothing has changed.',
    ],
    { href: options.url, label: 'Your contribution' },
  );
}

/** Tells a donor their recurring contribution was stopped (change null) or changed, whoever used the link. */
export function changedMail(options: {
  site: string;
  supportUrl: string;
  to: string;
  recurring: RecurringRow;
  change: { amountMinor: number; frequency: string } | null;
}): MailMessage {
  const before = `${formatAmount({ currency: options.recurring.currency, minor: options.recurring.amountMinor })} ${every(options.recurring.frequency)}`;
  if (!options.change) {
    return mail(
      options.site,
      options.to,
      `Your contribution to ${options.site} is stopped`,
      [
        `Your contribution of ${before} is stopped. Nothing more will be taken. Thank you for all you gave.`,
        `If you did not stop it, or change your mind, you can start again at ${options.supportUrl}.`,
      ],
      { href: options.supportUrl, label: 'Support our journalism' },
    );
  }
  const after = `${formatAmount({ currency: options.recurring.currency, minor: options.change.amountMinor })} ${every(options.change.frequency)}`;
  return mail(options.site, options.to, `Your contribution to ${options.site} is now ${after}`, [
    `Your contribution is now ${after}, instead of ${before}.`,
    options.change.frequency === options.recurring.frequency
      ? 'The new amount applies from the next payment; nothing is taken now for the change.'
      : 'As it now comes at another frequency, a new period begins today, with its first payment.',
    'If you did not make this change, use the link in your latest receipt to set it back or stop it, or write to us.',
  ]);
}
