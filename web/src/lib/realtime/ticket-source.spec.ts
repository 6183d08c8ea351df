import { describe, expect, it } from 'vitest';
import { TICKET_MARGIN_MS, TicketSource, type TicketAnswer } from './ticket-source.ts';

/** A server that answers each ticket request when the test says so. */
function server() {
  const pending: { resolve: (a: TicketAnswer) => void; reject: (e: unknown) => void }[] = [];
  let issued = 0;
  return {
    asked: () => pending.length,
    fetch: () =>
      new Promise<TicketAnswer>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
    answer(expiresIn = 60) {
      issued += 1;
      pending.shift()?.resolve({ url: 'ws://example.test/collab', ticket: `t${String(issued)}`, expiresIn });
    },
    refuse(status: number) {
      pending.shift()?.reject(Object.assign(new Error('refused'), { status }));
    },
  };
}

describe('TicketSource', () => {
  it('says a fresh ticket is needed once the old one is within the margin of its expiry', async () => {
    let now = 1_000_000;
    const api = server();
    const tickets = new TicketSource(api.fetch, () => now);
    expect(tickets.expiresSoon).toBe(true);
    const opening = tickets.open();
    api.answer(60);
    expect((await opening).ticket).toBe('t1');
    expect(tickets.expiresSoon).toBe(false);
    now += 60_000 - TICKET_MARGIN_MS + 1;
    expect(tickets.expiresSoon).toBe(true);
  });

  it('asks the server once however many documents want a fresh ticket at the same time', async () => {
    const api = server();
    const tickets = new TicketSource(api.fetch, () => 0);
    const first = tickets.refresh();
    const second = tickets.refresh();
    expect(api.asked()).toBe(1);
    api.answer();
    expect(await first).toEqual({ kind: 'fresh', answer: expect.objectContaining({ ticket: 't1' }) as unknown });
    expect(await second).toBe(await first);
    expect(tickets.answer?.ticket).toBe('t1');
    // Once answered, the next request asks again.
    const third = tickets.refresh();
    api.answer();
    expect(await third).toMatchObject({ kind: 'fresh', answer: { ticket: 't2' } });
  });

  it('tells an ended session (401) and removed access (404) from a server it cannot reach', async () => {
    const api = server();
    const tickets = new TicketSource(api.fetch, () => 0);
    const outcomes = [];
    for (const status of [401, 404, 0, 503]) {
      const outcome = tickets.refresh();
      api.refuse(status);
      outcomes.push(await outcome);
    }
    expect(outcomes).toEqual([
      { kind: 'signedOut' },
      { kind: 'gone' },
      { kind: 'unreachable' },
      { kind: 'unreachable' },
    ]);
    expect(tickets.answer).toBeNull();
  });
});
