import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBus, type EventBus } from '../../server/src/events/bus.ts';
import { createLogger } from '../../server/src/logger.ts';
import { testRedisUrl, uniqueRedisPrefix } from '../support/redis.ts';

const run = promisify(execFile);

/** Two processes' buses on the real Redis, each with its own log lines. */
function twoProcesses(keyPrefix: string) {
  return ['a', 'b'].map((name) => {
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('info', name, {
      write: (line: string) => {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    });
    return { bus: createEventBus({ redisUrl: testRedisUrl(), keyPrefix, logger }), lines };
  }) as [{ bus: EventBus; lines: Record<string, unknown>[] }, { bus: EventBus; lines: Record<string, unknown>[] }];
}

/** Publishes probes from `from` until `to` hears one: both are then subscribed to the channel. */
async function connected(from: EventBus, to: EventBus): Promise<void> {
  let heard = false;
  const off = to.subscribe('review.access_changed', ({ reviewId }) => {
    heard ||= reviewId === 'probe';
  });
  await expect
    .poll(() => {
      from.publish('review.access_changed', { reviewId: 'probe' });
      return heard;
    })
    .toBe(true);
  off();
}

describe('the event bus over Redis', () => {
  let buses: EventBus[] = [];
  afterEach(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    buses = [];
  });

  it('delivers a published event to every process once, the publishing one included', async () => {
    const [a, b] = twoProcesses(uniqueRedisPrefix());
    buses = [a.bus, b.bus];
    await connected(a.bus, b.bus);
    await connected(b.bus, a.bus);
    const seen = { a: [] as string[], b: [] as string[] };
    const once = { a: [] as string[], b: [] as string[] };
    for (const [name, { bus }] of [
      ['a', a],
      ['b', b],
    ] as const) {
      bus.subscribe('review.member_removed', ({ userId }) => {
        seen[name].push(userId);
      });
      bus.subscribe('auth.sign_in_ended', ({ signInId, reason }) => {
        seen[name].push(`${signInId} ${reason}`);
      });
      bus.subscribe(
        'review.member_removed',
        ({ userId }) => {
          once[name].push(userId);
        },
        { from: 'this-process' },
      );
    }
    a.bus.publish('review.member_removed', { reviewId: 'r', userId: 'removed' });
    // Redis keeps one publisher's messages in order: once the marker is in, so is everything before it.
    a.bus.publish('auth.sign_in_ended', { signInId: 'marker', reason: 'signed_out' });
    await expect.poll(() => seen.b.includes('marker signed_out')).toBe(true);
    expect(seen).toEqual({ a: ['removed', 'marker signed_out'], b: ['removed', 'marker signed_out'] });
    expect(once).toEqual({ a: ['removed'], b: [] });
  });

  it('drops and logs an invalid envelope on the channel; the handlers never see it', async () => {
    const keyPrefix = uniqueRedisPrefix();
    const [a, b] = twoProcesses(keyPrefix);
    buses = [a.bus, b.bus];
    await connected(a.bus, b.bus);
    const seen: unknown[] = [];
    b.bus.subscribe('review.access_changed', (payload) => {
      // (Probes still on their way are not what this test is about.)
      if (payload.reviewId !== 'probe') {
        seen.push(payload);
      }
    });
    const publish = (data: string) => run('redis-cli', ['-u', testRedisUrl(), 'publish', `${keyPrefix}events`, data]);
    await publish('{"name":"review.access_changed","payload":{"reviewId":["not","a","string"]}}');
    await publish('{"kind":"review.access_changed","reviewId":"old format"}');
    await publish('{"name":"review.access_changed","payload":{"reviewId":"marker"}}');
    await expect.poll(() => seen).toEqual([{ reviewId: 'marker' }]);
    const dropped = b.lines.filter((line) => line.msg === 'event envelope dropped: invalid');
    expect(dropped).toHaveLength(2);
    expect(dropped.every((line) => line.level === 40)).toBe(true);
    expect(b.lines.some((line) => line.msg === 'event handler failed')).toBe(false);
  });
});
