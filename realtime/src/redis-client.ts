import { createRequire } from 'node:module';
import type * as IoRedis from 'ioredis';
import type { Redis, RedisOptions } from 'ioredis';

const load = createRequire(import.meta.url);

/**
 * A new ioredis client. ioredis (with its dependencies) is loaded on the first call rather than imported: only
 * deployments with Redis need it, and importing it was a noticeable part of the embedded default's start-up.
 */
export function newRedisClient(url: string, options: RedisOptions): Redis {
  const { Redis: Client } = load('ioredis') as typeof IoRedis;
  return new Client(url, options);
}
