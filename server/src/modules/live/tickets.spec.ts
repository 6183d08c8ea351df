import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TICKET_TTL_SECONDS, Tickets } from './tickets.ts';

const tickets = new Tickets(randomBytes(32));

describe('realtime tickets', () => {
  it('verify what they issued', () => {
    const ticket = tickets.issue('user-1', 'review-1', 'session-1');
    expect(tickets.verify(ticket)).toMatchObject({ userId: 'user-1', reviewId: 'review-1', signInId: 'session-1' });
  });

  it('expire', () => {
    const ticket = tickets.issue('user-1', 'review-1', 'session-1', Date.now() - (TICKET_TTL_SECONDS + 1) * 1000);
    expect(tickets.verify(ticket)).toBeNull();
  });

  it('refuse tampering, other keys and junk', () => {
    const ticket = tickets.issue('user-1', 'review-1', 'session-1');
    const [payload, signature] = ticket.split('.');
    const forged = Buffer.from(
      JSON.stringify({ userId: 'user-2', reviewId: 'review-1', signInId: 'session-1', exp: 9_999_999_999 }),
    ).toString('base64url');
    expect(tickets.verify(`${forged}.${signature ?? ''}`)).toBeNull();
    expect(new Tickets(randomBytes(32)).verify(ticket)).toBeNull();
    for (const junk of ['', '.', 'a.b', `${payload ?? ''}.`, `${ticket}.x`, 'x'.repeat(5000), null, undefined]) {
      expect(tickets.verify(junk)).toBeNull();
    }
  });
});
