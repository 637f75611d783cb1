import { renderToString } from 'preact-render-to-string';
import type { MailMessage } from '../../platform/mail/mailer.ts';
import type { ReplyNotice } from './repository.ts';
import { excerpt } from '../format/excerpt.ts';

/**
 * The e-mail telling a reader who replied to them: one reply, or a digest of several. The
 * renderer escapes every value, so a name or reply full of markup arrives as text.
 */
export function replyMail(options: { site: string; publicUrl: string; to: string; name: string; notices: ReplyNotice[] }): MailMessage {
  const { site, publicUrl, notices } = options;
  const link = (n: ReplyNotice) => `${publicUrl}/comments/${n.commentId}`;
  const settings = `${publicUrl}/account/replies`;
  const subject = notices.length === 1 ? `${notices[0]!.fromName} replied to your comment on ${site}` : `${notices.length} replies to your comments on ${site}`;
  const text = [
    `Hello ${options.name},`,
    ...notices.map((n) => `${n.fromName} replied on "${n.headline}":\n${excerpt(n.body)}\n${link(n)}`),
    `Choose how often we write about replies (at once, once a day or never): ${settings}`,
  ];
  const html = renderToString(
    <html>
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5">
        <p style="font-weight: bold; font-size: 1.25rem; border-bottom: 3px solid #052962; padding-bottom: .5rem">{site}</p>
        <p>Hello {options.name},</p>
        {notices.map((n) => (
          <div style="border-left: 3px solid #c70000; padding-left: .75rem; margin: 1rem 0">
            <p style="margin: 0; color: #555">
              <strong style="color: #121212">{n.fromName}</strong> replied on “{n.headline}”
            </p>
            <p style="margin: .25rem 0">{excerpt(n.body)}</p>
            <a href={link(n)}>Read and reply</a>
          </div>
        ))}
        <p style="color: #555; font-size: .875rem; margin-top: 2rem">
          You receive this because someone replied to a comment of yours. <a href={settings}>Choose how often we write</a>: at once, once a day or never.
        </p>
      </body>
    </html>,
  );
  return { to: options.to, subject, text: `${text.join('\n\n')}\n\n-- \n${site}\n`, html: `<!doctype html>${html}`, links: notices.map(link) };
}
