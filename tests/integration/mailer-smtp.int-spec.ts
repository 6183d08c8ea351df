import { once } from 'node:events';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';
import { createMailer } from '../../server/src/modules/mail/mailer.ts';
import { OutboxRepository } from '../../server/src/modules/mail/outbox.repository.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * The smallest SMTP server nodemailer talks to (no TLS, no authentication offered): it accepts every message and
 * keeps what each carried.
 */
async function smtpSink(): Promise<{ server: Server; url: string; received: string[] }> {
  const received: string[] = [];
  const server = createServer((socket) => {
    let data: string | null = null;
    let buffered = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let end = buffered.indexOf('\r\n'); end !== -1; end = buffered.indexOf('\r\n')) {
        const line = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (data !== null) {
          if (line === '.') {
            received.push(data);
            data = null;
            socket.write('250 queued\r\n');
          } else {
            data += `${line}\n`;
          }
        } else if (/^DATA$/i.test(line)) {
          data = '';
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT$/i.test(line)) {
          socket.end('221 bye\r\n');
        } else {
          socket.write('250 ok\r\n');
        }
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { server, url: `smtp://127.0.0.1:${String(port)}`, received };
}

// nodemailer is imported with the first message sent over SMTP, not at start (see mailer.ts): these check that
// the deferred import sends, and that a failure is still kept in the outbox.
describe('mail over SMTP', () => {
  let app: TestServer;
  let outbox: OutboxRepository;
  const logger = createLogger('silent');

  beforeAll(async () => {
    app = await startTestServer();
    outbox = new OutboxRepository(app.crosswalk.db.sql);
  });
  afterAll(() => app.close());

  async function stateOf(subject: string) {
    const [row] = await app.crosswalk.db.sql<{ transport: string; sentAt: Date | null; error: string | null }[]>`
      select transport, sent_at, error from mail_outbox where subject = ${subject}`;
    return row;
  }

  it('sends through the SMTP server and marks the message sent', async () => {
    const sink = await smtpSink();
    try {
      const mailer = createMailer({ smtpUrl: sink.url, from: 'crosswalk@example.org', outbox, logger });
      await mailer.send({ to: 'head@example.org', subject: 'Review day plan', text: 'See you at 8:30.' });
      await mailer.send({ to: 'link@example.org', subject: 'Review day plan again', text: 'Room 4.' });
      expect(sink.received).toHaveLength(2);
      expect(sink.received[0]).toContain('Subject: Review day plan');
      expect(await stateOf('Review day plan')).toMatchObject({ transport: 'smtp', error: null });
      expect((await stateOf('Review day plan'))?.sentAt).toBeInstanceOf(Date);
    } finally {
      sink.server.close();
    }
  });

  it('keeps the message with the reason when the SMTP server cannot be reached', async () => {
    const sink = await smtpSink();
    const { url } = sink;
    sink.server.close();
    await once(sink.server, 'close');
    const mailer = createMailer({ smtpUrl: url, from: 'crosswalk@example.org', outbox, logger });
    await mailer.send({ to: 'head@example.org', subject: 'Unreachable', text: 'Never sent.' });
    const state = await stateOf('Unreachable');
    expect(state).toMatchObject({ transport: 'smtp', sentAt: null });
    expect(state?.error).toMatch(/ECONNREFUSED|connect/i);
  });
});
