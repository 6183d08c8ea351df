import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger.ts';
import { EventBus } from './bus.ts';
import type { Envelope } from './events.ts';
import type { EventTransport } from './transport.ts';

function loggedBus(transport?: EventTransport) {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('info', 'test', {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  });
  return { bus: new EventBus({ logger, transport }), lines };
}

/** A transport between buses of one test: what one sends, the others receive (as text, like Redis). */
function wire() {
  const receivers: ((data: string) => void)[] = [];
  const sent: Envelope[] = [];
  const transport = (): EventTransport => {
    let own: ((data: string) => void) | undefined;
    return {
      send(envelope) {
        sent.push(envelope);
        for (const receive of receivers) {
          receive(JSON.stringify(envelope));
        }
      },
      listen(receive) {
        own = receive;
        receivers.push(receive);
      },
      close() {
        receivers.splice(receivers.indexOf(own ?? (() => undefined)), 1);
        return Promise.resolve();
      },
    };
  };
  const inject = (data: string) => {
    for (const receive of receivers) {
      receive(data);
    }
  };
  return { transport, sent, inject };
}

describe('EventBus', () => {
  it('delivers an event to its subscribers in this process, in the order they subscribed', () => {
    const { bus } = loggedBus();
    const seen: string[] = [];
    bus.subscribe('review.member_added', ({ userId }) => {
      seen.push(`first ${userId}`);
    });
    bus.subscribe('review.member_added', ({ userId }) => {
      seen.push(`second ${userId}`);
    });
    bus.subscribe('review.state_changed', () => {
      seen.push('other event');
    });
    bus.publish('review.member_added', { reviewId: 'r', userId: 'u', role: 'peer_reviewer' });
    expect(seen).toEqual(['first u', 'second u']);
  });

  it('stops delivering to a handler once it unsubscribes', () => {
    const { bus } = loggedBus();
    const seen: string[] = [];
    const off = bus.subscribe('review.access_changed', ({ reviewId }) => {
      seen.push(reviewId);
    });
    bus.publish('review.access_changed', { reviewId: 'one' });
    off();
    bus.publish('review.access_changed', { reviewId: 'two' });
    expect(seen).toEqual(['one']);
  });

  it("logs a handler's error, thrown or rejected, and still runs the other handlers", async () => {
    const { bus, lines } = loggedBus();
    const seen: string[] = [];
    bus.subscribe('workshop.changed', () => {
      throw new Error('thrown by a handler');
    });
    bus.subscribe('workshop.changed', () => Promise.reject(new Error('rejected by a handler')));
    bus.subscribe('workshop.changed', ({ sessionId }) => {
      seen.push(sessionId);
    });
    expect(() => {
      bus.publish('workshop.changed', { sessionId: 's', reviewId: 'r' });
    }).not.toThrow();
    expect(seen).toEqual(['s']);
    await expect.poll(() => lines.filter((line) => line.msg === 'event handler failed')).toHaveLength(2);
    const failures = lines.filter((line) => line.msg === 'event handler failed');
    expect(failures.map((line) => (line.err as { message: string }).message).sort()).toEqual([
      'rejected by a handler',
      'thrown by a handler',
    ]);
    expect(failures.every((line) => line.event === 'workshop.changed' && line.level === 50)).toBe(true);
  });

  it("delivers an event published by a handler after the current event's handlers have all run", () => {
    const { bus } = loggedBus();
    const seen: string[] = [];
    bus.subscribe('review.member_removed', ({ reviewId }) => {
      seen.push('removed: announce');
      bus.publish('review.access_changed', { reviewId });
    });
    bus.subscribe('review.member_removed', () => {
      seen.push('removed: evict');
    });
    bus.subscribe('review.access_changed', () => {
      seen.push('access changed');
    });
    bus.publish('review.member_removed', { reviewId: 'r', userId: 'u' });
    expect(seen).toEqual(['removed: announce', 'removed: evict', 'access changed']);
  });

  it('sends only `everywhere` events to the other processes, each delivered once per process', () => {
    const { transport, sent } = wire();
    const a = loggedBus(transport());
    const b = loggedBus(transport());
    const seen: string[] = [];
    for (const [name, { bus }] of [
      ['a', a],
      ['b', b],
    ] as const) {
      bus.subscribe('review.access_changed', ({ reviewId }) => {
        seen.push(`${name} ${reviewId}`);
      });
      bus.subscribe('review.state_changed', ({ reviewId }) => {
        seen.push(`${name} local ${reviewId}`);
      });
    }
    a.bus.publish('review.access_changed', { reviewId: 'r1' });
    a.bus.publish('review.state_changed', { reviewId: 'r2', from: 'scheduled', to: 'preparing' });
    expect(seen.sort()).toEqual(['a local r2', 'a r1', 'b r1']);
    expect(sent.map((envelope) => envelope.name)).toEqual(['review.access_changed']);
  });

  it("runs `this-process` handlers only for this process's own events", () => {
    const { transport } = wire();
    const a = loggedBus(transport());
    const b = loggedBus(transport());
    const once: string[] = [];
    for (const [name, { bus }] of [
      ['a', a],
      ['b', b],
    ] as const) {
      bus.subscribe(
        'review.member_removed',
        ({ userId }) => {
          once.push(`${name} ${userId}`);
        },
        { from: 'this-process' },
      );
    }
    b.bus.publish('review.member_removed', { reviewId: 'r', userId: 'u' });
    expect(once).toEqual(['b u']);
  });

  it('drops and logs an envelope that is not JSON, names no `everywhere` event or carries a wrong payload', () => {
    const { transport, inject } = wire();
    const { bus, lines } = loggedBus(transport());
    const seen: unknown[] = [];
    bus.subscribe('review.access_changed', (payload) => {
      seen.push(payload);
    });
    bus.subscribe('review.member_added', (payload) => {
      seen.push(payload);
    });
    inject('{not json');
    inject(JSON.stringify({ name: 'review.access_changed', payload: { reviewId: 42 } }));
    inject(JSON.stringify({ name: 'review.access_changed', payload: { reviewId: 'r', extra: 'x' } }));
    inject(JSON.stringify({ name: 'review.member_added', payload: { reviewId: 'r', userId: 'u', role: 'x' } }));
    inject(JSON.stringify({ kind: 'review.access_changed', reviewId: 'r' }));
    expect(seen).toEqual([]);
    const dropped = lines.filter((line) => String(line.msg).startsWith('event envelope dropped'));
    expect(dropped).toHaveLength(5);
    expect(dropped.every((line) => line.level === 40)).toBe(true);
    // Where it failed, never what it carried.
    expect(JSON.stringify(dropped)).not.toContain('extra');
    inject(JSON.stringify({ name: 'review.access_changed', payload: { reviewId: 'r' }, origin: 'another' }));
    expect(seen).toEqual([{ reviewId: 'r' }]);
  });
});
