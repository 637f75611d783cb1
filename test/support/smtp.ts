import { domainToASCII } from 'node:url';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface ReceivedMail {
  to: string[];
  raw: string;
  /** The plain-text part, quoted-printable decoded. */
  text: string;
  subject: string;
  /** The HTML part, quoted-printable decoded. */
  html: string;
  /** Every http(s) link in the text part. */
  links: string[];
}

/** Pure: quoted-printable (RFC 2045) to text, enough for our own messages. */
function decodeQuotedPrintable(value: string): string {
  const bytes = Buffer.from(
    value.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
  return bytes.toString('utf8');
}

/** One text part of a MIME message, split on the message's own boundary and decoded. */
function part(raw: string, type: 'plain' | 'html'): string {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  const sections = boundary ? raw.split(`--${boundary}`) : [raw];
  for (const section of sections) {
    const split = section.search(/\r?\n\r?\n/);
    if (split < 0) continue;
    const head = section.slice(0, split);
    if (!new RegExp(`Content-Type: text/${type}`, 'i').test(head)) continue;
    const body = section
      .slice(split)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n$/, '');
    if (/quoted-printable/i.test(head)) return decodeQuotedPrintable(body);
    if (/base64/i.test(head)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    return body;
  }
  return '';
}

function decodeSubject(raw: string): string {
  const line = /^Subject: ([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(raw)?.[1] ?? '';
  return line
    .replace(/\r?\n[ \t]/g, ' ')
    .replace(/=\?utf-8\?Q\?([^?]*)\?=/gi, (_m, q: string) => decodeQuotedPrintable(q.replace(/_/g, ' ')))
    .replace(/\?= =\?/g, '');
}

/** smtp-server gives IDN domains back in Unicode; compare domains in their ASCII form. */
function sameAddress(a: string, b: string): boolean {
  const norm = (address: string) => {
    const at = address.lastIndexOf('@');
    return `${address.slice(0, at)}@${domainToASCII(address.slice(at + 1))}`.toLowerCase();
  };
  return norm(a) === norm(b);
}

/**
 * A real SMTP server on 127.0.0.1 that keeps what it receives. Its `url` asks nodemailer for a
 * pool (`?pool=true`, a documented SMTP_URL option): smtp-server holds its greeting 100 ms on
 * every new connection (its check for clients that talk too soon), and a test sending hundreds
 * of messages, one connection each, spent most of its time waiting for that.
 */
export async function startSmtp(): Promise<{ url: string; inbox: ReceivedMail[]; for(address: string): ReceivedMail[]; stop(): Promise<void> }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    // A pooled connection the site left open does not hold up the end of a test for 30 s.
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const text = part(raw, 'plain');
        inbox.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          text,
          html: part(raw, 'html'),
          subject: decodeSubject(raw),
          links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}/?pool=true`,
    inbox,
    for: (address) => inbox.filter((m) => m.to.some((t) => sameAddress(t, address))),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
