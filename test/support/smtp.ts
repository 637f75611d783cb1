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
  const bytes = Buffer.from(value.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  return bytes.toString('utf8');
}

function part(raw: string, type: 'plain' | 'html'): string {
  const match = new RegExp(`Content-Type: text/${type}[^\\r\\n]*\\r?\\n((?:[^\\r\\n]+\\r?\\n)*?)\\r?\\n([\\s\\S]*?)\\r?\\n--`, 'i').exec(raw);
  if (!match) return '';
  if (/quoted-printable/i.test(match[1]!)) return decodeQuotedPrintable(match[2]!);
  if (/base64/i.test(match[1]!)) return Buffer.from(match[2]!.replace(/\s+/g, ''), 'base64').toString('utf8');
  return match[2]!;
}

function decodeSubject(raw: string): string {
  const line = /^Subject: ([^\r\n]*(?:\r?\n[ \t][^\r\n]*)*)/im.exec(raw)?.[1] ?? '';
  return line.replace(/\r?\n[ \t]/g, ' ').replace(/=\?utf-8\?Q\?([^?]*)\?=/gi, (_m, q: string) => decodeQuotedPrintable(q.replace(/_/g, ' '))).replace(/\?= =\?/g, '');
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
export async function startSmtp(): Promise<{ url: string; inbox: ReceivedMail[]; for(address: string): ReceivedMail[]; stop(): Promise<void> }> {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const text = part(raw, 'plain');
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw, text, html: part(raw, 'html'), subject: decodeSubject(raw), links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    inbox,
    for: (address) => inbox.filter((m) => m.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
