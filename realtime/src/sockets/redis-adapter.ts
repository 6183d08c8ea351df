import { createRequire } from 'node:module';
import type * as SocketIoRedisAdapter from '@socket.io/redis-adapter';
import { newRedisClient } from '../redis-client.ts';
import { closeRedis } from '../redis-close.ts';
import { redisRetryStrategy, reportRedisReachability } from '../redis-reachability.ts';
import type { RealtimeLogger } from '../types.ts';

/** The adapter is loaded when first needed, as ioredis is (see redis-client.ts): only deployments with Redis use it. */
const load = createRequire(import.meta.url);

/**
 * socket.io's Redis adapter: `io.to(room).emit(…)` and `fetchSockets()` reach the sockets of every process.
 * Redis pub/sub keeps nothing for a process that is disconnected from it; what the host needs to survive that it
 * keeps in Redis itself (through `commands`) and in the browsers, which re-join after reconnecting.
 */
export function createSocketIoRedisAdapter(options: { url: string; keyPrefix: string; logger: RealtimeLogger }) {
  const publisher = newRedisClient(options.url, {
    retryStrategy: redisRetryStrategy,
    connectionName: 'crosswalk-socketio-pub',
  });
  const subscriber = newRedisClient(options.url, {
    retryStrategy: redisRetryStrategy,
    connectionName: 'crosswalk-socketio-sub',
  });
  reportRedisReachability({ publisher, subscriber }, options.logger, 'socket.io adapter');
  return {
    /** A connection for plain commands (the adapter only publishes on it). */
    commands: publisher,
    adapter: (load('@socket.io/redis-adapter') as typeof SocketIoRedisAdapter).createAdapter(publisher, subscriber, {
      key: `${options.keyPrefix}socket.io`,
    }),
    get connected(): boolean {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    async close(): Promise<void> {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
