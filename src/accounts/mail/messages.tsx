import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { MailMessage } from '../../platform/mail/mailer.ts';

/**
 * Every e-mail the accounts send, in plain text and HTML, in our own words. Values are escaped
 * by the renderer: a display name full of markup arrives as text.
 */
interface Frame {
  site: string;
  to: string;
}

function Html({ site, children }: { site: string; children: ComponentChildren }) {
  return (
    <html>
      <body style="font-family: Georgia, serif; color: #121212; max-width: 36rem; margin: 0 auto; padding: 1.5rem; line-height: 1.5">
        <p style="font-weight: bold; font-size: 1.25rem; border-bottom: 3px solid #052962; padding-bottom: .5rem">{site}</p>
        {children}
        <p style="color: #555; font-size: .875rem; margin-top: 2rem">
          You received this because someone used this address on {site}. If it was not you, you can ignore it: nothing changes unless the link is used.
        </p>
      </body>
    </html>
  );
}

const button = (href: string, label: string) => (
  <p>
    <a href={href} style="display: inline-block; background: #052962; color: #fff; padding: .625rem 1rem; text-decoration: none; border-radius: 4px">
      {label}
    </a>
  </p>
);

function message(frame: Frame, subject: string, text: string[], body: ComponentChildren, links: string[]): MailMessage {
  return {
    to: frame.to,
    subject,
    text: `${text.join('\n\n')}\n\n-- \n${frame.site}\n`,
    html: `<!doctype html>${renderToString(<Html site={frame.site}>{body}</Html>)}`,
    links,
  };
}

export function confirmRegistration(frame: Frame & { name: string; link: string }): MailMessage {
  return message(
    frame,
    `Confirm your account with ${frame.site}`,
    [`Hello ${frame.name},`, `Confirm this address to finish creating your account. The link works for 24 hours:`, frame.link],
    <>
      <p>Hello {frame.name},</p>
      <p>Confirm this address to finish creating your account. The link works for 24 hours.</p>
      {button(frame.link, 'Confirm my address')}
    </>,
    [frame.link],
  );
}

/** Sent when someone registers with an address that already has an account: no enumeration, and a way in. */
export function alreadyRegistered(frame: Frame & { link: string }): MailMessage {
  return message(
    frame,
    `You already have an account with ${frame.site}`,
    [`Someone, probably you, tried to create an account with this address, which already has one.`, `To sign in, use this link within 15 minutes:`, frame.link],
    <>
      <p>Someone, probably you, tried to create an account with this address, which already has one.</p>
      <p>To sign in, use this link within 15 minutes.</p>
      {button(frame.link, 'Sign in')}
    </>,
    [frame.link],
  );
}

export function signInLink(frame: Frame & { link: string }): MailMessage {
  return message(
    frame,
    `Your sign-in link for ${frame.site}`,
    [`Use this link to sign in. It works once, within 15 minutes:`, frame.link],
    <>
      <p>Use this link to sign in. It works once, within 15 minutes.</p>
      {button(frame.link, 'Sign in')}
    </>,
    [frame.link],
  );
}

export function resetPassword(frame: Frame & { link: string }): MailMessage {
  return message(
    frame,
    `Choose a new password for ${frame.site}`,
    [`Use this link within an hour to choose a new password. Choosing one signs you out everywhere else.`, frame.link],
    <>
      <p>Use this link within an hour to choose a new password. Choosing one signs you out everywhere else.</p>
      {button(frame.link, 'Choose a new password')}
    </>,
    [frame.link],
  );
}

export function confirmEmailChange(frame: Frame & { link: string; oldAddress: string; newAddress: string; side: 'old' | 'new' }): MailMessage {
  const ask =
    frame.side === 'old'
      ? `Your account's address is about to change from ${frame.oldAddress} to ${frame.newAddress}.`
      : `This address is about to become the one for your account, instead of ${frame.oldAddress}.`;
  return message(
    frame,
    `Confirm your new address for ${frame.site}`,
    [ask, `The change happens once it is confirmed from both addresses. Confirm it from this one within 24 hours:`, frame.link],
    <>
      <p>{ask}</p>
      <p>The change happens once it is confirmed from both addresses. Confirm it from this one within 24 hours.</p>
      {button(frame.link, 'Confirm the change')}
    </>,
    [frame.link],
  );
}

export function accountDeletionScheduled(frame: Frame & { when: string; cancel: string }): MailMessage {
  return message(
    frame,
    `Your account with ${frame.site} will be deleted`,
    [
      `As you asked, your account and its personal data will be erased on ${frame.when}.`,
      `Changed your mind? Sign in before then and cancel it on your account page:`,
      frame.cancel,
    ],
    <>
      <p>As you asked, your account and its personal data will be erased on {frame.when}.</p>
      <p>Changed your mind? Sign in before then and cancel it on your account page.</p>
      {button(frame.cancel, 'Keep my account')}
    </>,
    [frame.cancel],
  );
}

export function staffInvitation(frame: Frame & { link: string; role: string; invitedBy: string }): MailMessage {
  return message(
    frame,
    `Join the newsroom of ${frame.site}`,
    [`${frame.invitedBy} has invited you to join the newsroom of ${frame.site} as ${frame.role}.`, `Accept within 7 days:`, frame.link],
    <>
      <p>
        {frame.invitedBy} has invited you to join the newsroom of {frame.site} as {frame.role}.
      </p>
      <p>Accept within 7 days.</p>
      {button(frame.link, 'Accept the invitation')}
    </>,
    [frame.link],
  );
}

/**
 * Sent whenever a way of signing in is added, replaced or removed, so an owner learns at once of
 * a change they did not make. Every other browser was signed out by the change.
 */
export function factorChanged(frame: Frame & { what: string; account: string }): MailMessage {
  const advice =
    'Every other browser signed in to your account was signed out. If you did not make this change, reset your password and check the sign-in settings on your account page:';
  return message(
    frame,
    `${frame.what} on your ${frame.site} account`,
    [`${frame.what} on your account, just now.`, advice, frame.account],
    <>
      <p>{frame.what} on your account, just now.</p>
      <p>{advice}</p>
      {button(frame.account, 'Your account')}
    </>,
    [frame.account],
  );
}

/**
 * Sent to a member of staff when an admin makes an enrolment link for their account. The link
 * itself goes only to the admin; this tells the member it exists, so that nobody, an admin
 * included, can add a way into their account without their knowing.
 */
export function enrolmentLinkIssued(frame: Frame & { by: string; account: string }): MailMessage {
  const what = `${frame.by}, an admin of ${frame.site}, made an enrolment link for your account just now. Whoever opens it while signed in to your account can add a passkey or an authenticator app to it within the next 24 hours.`;
  const advice =
    'If you asked for it, there is nothing to do: the admin will hand it to you. If you did not, tell another admin, change your password and check the sign-in settings on your account page:';
  return message(
    frame,
    `An enrolment link was made for your ${frame.site} account`,
    [what, advice, frame.account],
    <>
      <p>{what}</p>
      <p>{advice}</p>
      {button(frame.account, 'Your account')}
    </>,
    [frame.account],
  );
}
