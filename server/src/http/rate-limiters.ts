import { closeRedis, newRedisClient } from '@crosswalk/realtime';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../logger.ts';

export interface RateLimiterSpec {
  keyPrefix: string;
  points: number;
  /** Window, in seconds. */
  duration: number;
}

/** Makes the rate limiters of one process: in memory alone, or shared by every process through Redis. */
export interface RateLimiters {
  create(spec: RateLimiterSpec): RateLimiterAbstract;
  /** Whether the shared counters are reachable (always true without Redis). */
  readonly connected: boolean;
  close(): Promise<void>;
}

/**
 * Without Redis, counters live in this process. With Redis, every process counts in the same keys (so a limit
 * holds for the deployment, not per process); while Redis is unreachable each process falls back to counting
 * in its own memory (rate-limiter-flexible's insurance limiter) instead of refusing or waving everything through.
 */
export function createRateLimiters(options: {
  redisUrl: string | undefined;
  keyPrefix: string;
  logger: Logger;
}): RateLimiters {
  const { redisUrl, keyPrefix, logger } = options;
  if (!redisUrl) {
    return {
      create: (spec: RateLimiterSpec) => new RateLimiterMemory(spec),
      connected: true,
      close: () => Promise.resolve(),
    } satisfies RateLimiters;
  }
  const client = newRedisClient(redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: (attempt: number) => Math.min(100 * attempt, 2000),
    connectionName: 'crosswalk-rate-limits',
  });
  let reported = false;
  client.on('error', (error: Error) => {
    if (!reported) {
      reported = true;
      logger.warn({ err: error }, 'rate limits: Redis unreachable; counting in this process meanwhile');
    }
  });
  client.on('ready', () => {
    reported = false;
  });
  return {
    create: (spec: RateLimiterSpec) =>
      new RateLimiterRedis({
        ...spec,
        keyPrefix: `${keyPrefix}${spec.keyPrefix}`,
        storeClient: client,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(spec),
      }),
    get connected() {
      return client.status === 'ready';
    },
    close: () => closeRedis(client),
  } satisfies RateLimiters;
}
