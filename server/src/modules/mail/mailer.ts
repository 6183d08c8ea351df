import type { Transporter } from 'nodemailer';
import type { Logger } from '../../logger.ts';
import type { OutboxRepository } from './outbox.repository.ts';

/** A calendar invitation sent with a message (an iCalendar REQUEST, or CANCEL when a session is called off). */
export interface CalendarAttachment {
  method: 'REQUEST' | 'CANCEL';
  filename: string;
  content: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  calendar?: CalendarAttachment;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * Every message is kept in the outbox table. With SMTP_URL set it is also sent through that server; without,
 * it stays in the outbox (which administrators can read in the app) and only its recipient and subject are
 * logged, never its body, which may hold a sign-in link. nodemailer is imported with the first message sent over
 * SMTP, not at start: deployments without SMTP never need it.
 */
export function createMailer(options: {
  smtpUrl: string | undefined;
  from: string;
  outbox: OutboxRepository;
  logger: Logger;
}): Mailer {
  const { smtpUrl } = options;
  let transporter: Promise<Transporter> | undefined;
  return {
    async send(message) {
      const id = await options.outbox.add({ ...message, transport: smtpUrl ? 'smtp' : 'log' });
      if (!smtpUrl) {
        options.logger.info(
          { mailId: id, to: message.to, subject: message.subject },
          'mail kept in outbox (no SMTP_URL)',
        );
        return;
      }
      try {
        transporter ??= import('nodemailer').then(({ default: nodemailer }) => nodemailer.createTransport(smtpUrl));
        const transport = await transporter;
        await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          // Sent as the text/calendar part mail clients offer to add to, update in or remove from a calendar.
          ...(message.calendar ? { icalEvent: message.calendar } : {}),
        });
        await options.outbox.markSent(id);
        options.logger.info({ mailId: id, to: message.to, subject: message.subject }, 'mail sent');
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        await options.outbox.markFailed(id, reason);
        options.logger.error({ mailId: id, to: message.to, reason }, 'mail could not be sent');
      }
    },
  };
}
