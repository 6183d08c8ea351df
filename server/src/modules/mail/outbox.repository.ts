import type { OutboxMessage } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { CalendarAttachment } from './mailer.ts';

interface OutboxRow {
  id: string;
  toAddress: string;
  subject: string;
  bodyText: string;
  transport: 'smtp' | 'log';
  createdAt: Date;
  sentAt: Date | null;
}

export class OutboxRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async add(message: {
    to: string;
    subject: string;
    text: string;
    calendar?: CalendarAttachment;
    transport: 'smtp' | 'log';
  }): Promise<string> {
    const calendar = message.calendar ? this.#sql.json({ ...message.calendar }) : null;
    const [row] = await this.#sql<{ id: string }[]>`
      insert into mail_outbox (to_address, subject, body_text, transport, calendar)
      values (${message.to}, ${message.subject}, ${message.text}, ${message.transport}, ${calendar})
      returning id`;
    if (!row) {
      throw new Error('insert into mail_outbox returned no row');
    }
    return row.id;
  }

  async markSent(id: string): Promise<void> {
    await this.#sql`update mail_outbox set sent_at = now(), error = null where id = ${id}`;
  }

  async markFailed(id: string, error: string): Promise<void> {
    await this.#sql`update mail_outbox set error = ${error.slice(0, 500)} where id = ${id}`;
  }

  async latest(limit: number): Promise<OutboxMessage[]> {
    const rows = await this.#sql<OutboxRow[]>`
      select id, to_address, subject, body_text, transport, created_at, sent_at
      from mail_outbox order by created_at desc limit ${limit}`;
    return rows.map((row) => ({
      id: row.id,
      to: row.toAddress,
      subject: row.subject,
      text: row.bodyText,
      transport: row.transport,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
    }));
  }
}
