import { newRedisClient } from '../redis-client.ts';
import { closeRedis } from '../redis-close.ts';
import { redisRetryStrategy, reportRedisReachability } from '../redis-reachability.ts';
import type { RealtimeLogger } from '../types.ts';
import {
  decodeFanoutMessage,
  encodeFanoutMessage,
  FanoutReceiver,
  FanoutSender,
  newProcessId,
  type CollabFanout,
  type FanoutHandlers,
  type FanoutMessage,
} from './fanout.ts';

export interface RedisFanoutOptions {
  /** `redis://…` of the deployment's Redis. */
  url: string;
  /** Prefix of the channel names, so deployments (or tests) can share one Redis. @default 'crosswalk:' */
  keyPrefix?: string;
  logger: RealtimeLogger;
}

/**
 * The `CollabFanout` over Redis pub/sub: one channel per document (`<prefix>collab:<name>`), subscribed while
 * the document is in this process's memory. Pub/sub keeps nothing for a disconnected subscriber, which is why
 * `missed` fires after every (re)subscription and the collab server then reads the store.
 *
 * Publishing never waits for Redis: while it is unreachable, messages are dropped (no offline queue) and the
 * other processes catch up from PostgreSQL.
 */
export function createRedisFanout(options: RedisFanoutOptions): CollabFanout {
  const { logger } = options;
  const prefix = `${options.keyPrefix ?? 'crosswalk:'}collab:`;
  const processId = newProcessId();
  const clientOptions = {
    // A publish while Redis is away fails at once instead of piling up.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: redisRetryStrategy,
  };
  const publisher = newRedisClient(options.url, { ...clientOptions, connectionName: `crosswalk-collab-pub` });
  // The subscriber queues (re)subscriptions made while disconnected; ioredis resubscribes after a reconnect.
  const subscriber = newRedisClient(options.url, {
    ...clientOptions,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    connectionName: `crosswalk-collab-sub`,
  });
  const receivers = new Map<string, Set<FanoutReceiver & { handlers: FanoutHandlers }>>();
  let subscriptions = 0;
  let everReady = false;
  let closed = false;

  reportRedisReachability({ publisher, subscriber }, logger, 'collab fan-out', '; catching up from the database');

  subscriber.on('ready', () => {
    if (!everReady) {
      everReady = true;
      return;
    }
    // ioredis sends the resubscriptions right after 'ready'; once a later PING returns they are in place, and
    // anything published since is delivered. What was published before is in the store.
    subscriber.ping().then(
      () => {
        for (const set of receivers.values()) {
          for (const receiver of set) {
            receiver.handlers.missed();
          }
        }
      },
      (error: unknown) => {
        logger.debug({ err: error }, 'collab fan-out: ping after reconnect failed');
      },
    );
  });

  subscriber.on('messageBuffer', (channel: Buffer, data: Buffer) => {
    const set = receivers.get(channel.toString());
    if (!set) {
      return;
    }
    let message: FanoutMessage;
    try {
      message = decodeFanoutMessage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    } catch (error) {
      logger.warn({ err: error, channel: channel.toString() }, 'collab fan-out: malformed message dropped');
      return;
    }
    for (const receiver of set) {
      try {
        receiver.receive(message);
      } catch (error) {
        logger.error({ err: error }, 'collab fan-out: applying a message failed');
        receiver.handlers.missed();
      }
    }
  });

  return {
    get connected() {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    distributed: true,

    subscribe(name, handlers) {
      const channel = `${prefix}${name}`;
      const receiver = Object.assign(new FanoutReceiver(processId, handlers), { handlers });
      let set = receivers.get(channel);
      if (!set) {
        set = new Set();
        receivers.set(channel, set);
      }
      set.add(receiver);
      subscriber.subscribe(channel).then(
        () => {
          handlers.missed();
        },
        (error: unknown) => {
          logger.warn({ err: error, documentName: name }, 'collab fan-out: subscribe failed');
        },
      );
      subscriptions += 1;
      const sender = new FanoutSender(processId, subscriptions);
      const publish = (kind: FanoutMessage['kind'], payload: Uint8Array) => {
        const message = encodeFanoutMessage(sender.next(kind, payload));
        if (publisher.status !== 'ready') {
          return;
        }
        publisher.publish(channel, Buffer.from(message.buffer, message.byteOffset, message.byteLength)).catch(() => {
          // Lost: the other processes see the skipped sequence number or catch up on their next read.
        });
      };
      return {
        publishUpdate(update) {
          publish('update', update);
        },
        publishAwareness(update) {
          publish('awareness', update);
        },
        unsubscribe() {
          const current = receivers.get(channel);
          current?.delete(receiver);
          if (current?.size === 0) {
            receivers.delete(channel);
            if (!closed) {
              subscriber.unsubscribe(channel).catch(() => undefined);
            }
          }
        },
      };
    },

    async close() {
      closed = true;
      receivers.clear();
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
