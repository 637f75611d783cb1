import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Executor } from '../db/database.ts';
import { enqueue } from '../jobs/queue.ts';
import type { Metrics } from '../metrics/metrics.ts';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /**
   * The links the message carries, for whoever reads the message in the outbox folder or a test
   * inbox. Never logged: many are one-time keys (confirmation, sign-in, reset, invitation).
   */
  links?: string[];
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

export const MAIL_JOB = 'mail.send';

/**
 * SMTP through nodemailer when SMTP_URL is set; otherwise each message is written to
 * DATA_DIR/outbox as an .eml file (readable by its owner only), so the embedded site works end
 * to end with nothing configured. The log names the file, recipient and subject, never the
 * links: logs are kept longer and read by more people than a one-time link should be.
 */
export function createMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string; log: Pick<Logger, 'info'>; metrics?: Metrics }): Mailer {
  const mailer = transportMailer(options);
  const metrics = options.metrics;
  if (!metrics) return mailer;
  const sent = metrics.counter({
    name: 'masthead_mail_messages_total',
    help: 'E-mail messages by outcome: sent (or written to the outbox), failed (an attempt; the job retries).',
    labels: ['outcome'],
  });
  return {
    send: async (message) => {
      try {
        await mailer.send(message);
        sent.inc({ outcome: 'sent' });
      } catch (error) {
        sent.inc({ outcome: 'failed' });
        throw error;
      }
    },
    close: () => mailer.close(),
  };
}

function transportMailer(options: { smtpUrl: string | undefined; from: string; dataDir: string; log: Pick<Logger, 'info'> }): Mailer {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return {
      send: async (message) => {
        await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      },
      close: () => transport.close(),
    };
  }
  const outbox = path.join(options.dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    send: async (message) => {
      const built = await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
      fs.mkdirSync(outbox, { recursive: true });
      const file = path.join(outbox, `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}.eml`);
      fs.writeFileSync(file, built.message as Buffer, { mode: 0o600 });
      options.log.info({ to: message.to, subject: message.subject, file }, 'mail written to the outbox (SMTP_URL is not set)');
    },
    close: () => transport.close(),
  };
}

/** Sends `message` once `executor`'s transaction commits, with retries (the job queue). */
export async function queueMail(executor: Executor, message: MailMessage): Promise<void> {
  await enqueue(executor, MAIL_JOB, message, { maxAttempts: 8 });
}
