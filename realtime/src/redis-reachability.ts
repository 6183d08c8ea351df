import type { Redis } from 'ioredis';
import type { RealtimeLogger } from './types.ts';

/** Reconnect after 100 ms, 200 ms, … and then every 2 s, for as long as Redis is away. */
export const redisRetryStrategy = (attempt: number): number => Math.min(100 * attempt, 2000);

/**
 * Logs once when a connection of `what` loses Redis and once when it is back: ioredis emits an error at every
 * failed reconnection attempt, which would flood the log during an outage.
 */
export function reportRedisReachability(
  connections: { publisher: Redis; subscriber: Redis },
  logger: RealtimeLogger,
  what: string,
  consequence = '',
): void {
  for (const [role, client] of Object.entries(connections)) {
    let reported = false;
    client.on('error', (error: Error) => {
      if (!reported) {
        reported = true;
        logger.warn({ err: error, role }, `${what}: Redis unreachable${consequence}`);
      }
    });
    client.on('ready', () => {
      if (reported) {
        logger.info({ role }, `${what}: Redis reachable again`);
      }
      reported = false;
    });
  }
}
