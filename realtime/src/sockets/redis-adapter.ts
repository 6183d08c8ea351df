import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { closeRedis } from '../redis-close.ts';
import { redisRetryStrategy, reportRedisReachability } from '../redis-reachability.ts';
import type { RealtimeLogger } from '../types.ts';

/**
 * socket.io's Redis adapter: `io.to(room).emit(…)` and `fetchSockets()` reach the sockets of every process.
 * Redis pub/sub keeps nothing for a process that is disconnected from it; what the host needs to survive that it
 * keeps in Redis itself (through `commands`) and in the browsers, which re-join after reconnecting.
 */
export function createSocketIoRedisAdapter(options: { url: string; keyPrefix: string; logger: RealtimeLogger }) {
  const publisher = new Redis(options.url, {
    retryStrategy: redisRetryStrategy,
    connectionName: 'crosswalk-socketio-pub',
  });
  const subscriber = new Redis(options.url, {
    retryStrategy: redisRetryStrategy,
    connectionName: 'crosswalk-socketio-sub',
  });
  reportRedisReachability({ publisher, subscriber }, options.logger, 'socket.io adapter');
  return {
    /** A connection for plain commands (the adapter only publishes on it). */
    commands: publisher,
    adapter: createAdapter(publisher, subscriber, { key: `${options.keyPrefix}socket.io` }),
    get connected(): boolean {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    async close(): Promise<void> {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
