import { randomUUID } from 'node:crypto';
import { closeRedis } from '@crosswalk/realtime';
import { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.ts';

/** A message for every process of the deployment: plain strings, validated on arrival. */
export interface ClusterMessage {
  kind: string;
  [field: string]: string;
}

/**
 * Runs handlers on every process of a deployment, this one first: for decisions taken by the process that
 * handled a request (a member removed, a review's state changed) that concern sockets other processes hold.
 * With Redis, over one pub/sub channel (`<prefix>cluster`), best effort: a process that misses a message is one
 * whose sockets were cut off anyway, and every socket re-checks its access when it reconnects. Without Redis,
 * this process only.
 */
export interface Cluster {
  everywhere(message: ClusterMessage): void;
  /** Returns a function that removes the handler. */
  onEverywhere(handler: (message: ClusterMessage) => void): () => void;
  /** Whether the channel is up (always true without Redis). */
  readonly connected: boolean;
  close(): Promise<void>;
}

const Envelope = z.strictObject({
  origin: z.string().max(64),
  message: z.record(z.string().max(100), z.string().max(1000)).refine((value) => typeof value.kind === 'string'),
});

export function createCluster(options: { redisUrl: string | undefined; keyPrefix: string; logger: Logger }): Cluster {
  const { logger } = options;
  const handlers: ((message: ClusterMessage) => void)[] = [];
  const subscribe = (handler: (message: ClusterMessage) => void) => {
    handlers.push(handler);
    return () => {
      const index = handlers.indexOf(handler);
      if (index >= 0) {
        handlers.splice(index, 1);
      }
    };
  };
  const run = (message: ClusterMessage) => {
    for (const handler of handlers) {
      try {
        handler(message);
      } catch (error) {
        logger.error({ err: error, kind: message.kind }, 'cluster message handler failed');
      }
    }
  };
  if (!options.redisUrl) {
    return {
      everywhere: run,
      onEverywhere: subscribe,
      connected: true,
      close: () => Promise.resolve(),
    };
  }
  const channel = `${options.keyPrefix}cluster`;
  const origin = randomUUID();
  const retryStrategy = (attempt: number) => Math.min(100 * attempt, 2000);
  const publisher = new Redis(options.redisUrl, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy,
    connectionName: 'crosswalk-cluster-pub',
  });
  const subscriber = new Redis(options.redisUrl, { retryStrategy, connectionName: 'crosswalk-cluster-sub' });
  for (const client of [publisher, subscriber]) {
    client.on('error', () => {
      // Reported by readiness (`redis: unavailable`) and by the other Redis users' logs; ioredis reconnects.
    });
  }
  subscriber.subscribe(channel).catch((error: unknown) => {
    logger.warn({ err: error }, 'cluster channel: subscribe failed');
  });
  subscriber.on('message', (_channel: string, data: string) => {
    let parsed: z.infer<typeof Envelope>;
    try {
      parsed = Envelope.parse(JSON.parse(data));
    } catch {
      logger.warn({}, 'malformed cluster message dropped');
      return;
    }
    if (parsed.origin !== origin) {
      run(parsed.message as ClusterMessage);
    }
  });
  return {
    everywhere(message) {
      run(message);
      if (publisher.status === 'ready') {
        publisher.publish(channel, JSON.stringify({ origin, message })).catch((error: unknown) => {
          logger.warn({ err: error, kind: message.kind }, 'cluster message not sent');
        });
      } else {
        logger.warn({ kind: message.kind }, 'cluster message not sent: Redis unreachable');
      }
    },
    onEverywhere: subscribe,
    get connected() {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    async close() {
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
