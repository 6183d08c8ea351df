import { closeRedis, newRedisClient } from '@crosswalk/realtime';
import type { Logger } from '../logger.ts';
import type { EventTransport } from './transport.ts';

/**
 * Events for every process over one Redis pub/sub channel (`<REDIS_KEY_PREFIX>events`), best effort: a process
 * that misses a message is one whose sockets were cut off from Redis anyway, and every socket re-checks its access
 * when it reconnects (and sign-in sessions are re-checked every `REALTIME_SESSION_CHECK_MS`).
 */
export function createRedisTransport(options: { url: string; keyPrefix: string; logger: Logger }): EventTransport {
  const { logger } = options;
  const channel = `${options.keyPrefix}events`;
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);
  const publisher = newRedisClient(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy,
    connectionName: 'crosswalk-events-pub',
  });
  const subscriber = newRedisClient(options.url, { retryStrategy, connectionName: 'crosswalk-events-sub' });
  for (const client of [publisher, subscriber]) {
    client.on('error', () => {
      // Reported by readiness (`redis: unavailable`) and by the other Redis users' logs; ioredis reconnects.
    });
  }
  subscriber.subscribe(channel).catch((error: unknown) => {
    logger.warn({ err: error }, 'event channel: subscribe failed');
  });
  return {
    send(envelope) {
      if (publisher.status !== 'ready') {
        logger.warn({ event: envelope.name }, 'event not sent to the other processes: Redis unreachable');
        return;
      }
      publisher.publish(channel, JSON.stringify(envelope)).catch((error: unknown) => {
        logger.warn({ err: error, event: envelope.name }, 'event not sent to the other processes');
      });
    },
    listen(receive) {
      subscriber.on('message', (from: string, data: string) => {
        if (from === channel) {
          receive(data);
        }
      });
    },
    async close() {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
