import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger.ts';
import { Envelope, Events, type EventName, type EventPayload } from './events.ts';
import { createRedisTransport } from './redis-transport.ts';
import type { EventTransport } from './transport.ts';

export type { EventName, EventPayload, SignInEndReason } from './events.ts';

/** What a subscriber runs; a returned promise that rejects is logged like a thrown error. */
export type EventHandler<K extends EventName> = (payload: EventPayload<K>) => void | Promise<void>;

export interface SubscribeOptions {
  /**
   * `this-process`: only events this process published, for work done once per deployment (a write, a call to
   * another service, announcing another event). `any-process` (the default): every delivery.
   */
  from?: 'this-process' | 'any-process';
}

interface Subscription {
  handler: (payload: unknown) => void | Promise<void>;
  thisProcessOnly: boolean;
}

interface Delivery {
  name: EventName;
  payload: unknown;
  fromThisProcess: boolean;
}

/**
 * The one event bus: services publish domain events, transports (sockets) and other services subscribe. The
 * event map (`events.ts`) says which events stay in this process and which go to every process (over the
 * transport, each process once, this one included). Handlers run one after another, in the order they subscribed;
 * an event published by a handler is delivered once the current event's handlers have all run. A handler's error
 * is logged and never reaches the publisher or the other handlers.
 */
export class EventBus {
  readonly #logger: Logger;
  readonly #transport: EventTransport | undefined;
  readonly #origin = randomUUID();
  readonly #subscriptions = new Map<EventName, Subscription[]>();
  readonly #queue: Delivery[] = [];
  #delivering = false;

  constructor(options: { logger: Logger; transport?: EventTransport }) {
    this.#logger = options.logger;
    this.#transport = options.transport;
    this.#transport?.listen((data) => {
      this.#receive(data);
    });
  }

  publish<K extends EventName>(name: K, payload: EventPayload<K>): void {
    if (this.#transport && Events[name].scope === 'everywhere') {
      this.#transport.send({ name, payload, origin: this.#origin } as Envelope);
    }
    this.#deliver({ name, payload, fromThisProcess: true });
  }

  /** Returns a function that removes the handler. */
  subscribe<K extends EventName>(name: K, handler: EventHandler<K>, options: SubscribeOptions = {}): () => void {
    const subscription: Subscription = {
      handler: handler as Subscription['handler'],
      thisProcessOnly: options.from === 'this-process',
    };
    const list = this.#subscriptions.get(name) ?? [];
    this.#subscriptions.set(name, [...list, subscription]);
    return () => {
      this.#subscriptions.set(
        name,
        (this.#subscriptions.get(name) ?? []).filter((s) => s !== subscription),
      );
    };
  }

  async close(): Promise<void> {
    await this.#transport?.close();
  }

  /** An envelope from the transport: validated once; one that is not valid is logged and dropped. */
  #receive(data: string): void {
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      this.#logger.warn({}, 'event envelope dropped: not JSON');
      return;
    }
    const parsed = Envelope.safeParse(json);
    if (!parsed.success) {
      // Where it failed, never the values (which could be anything).
      const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`);
      this.#logger.warn({ issues }, 'event envelope dropped: invalid');
      return;
    }
    if (parsed.data.origin === this.#origin) {
      return;
    }
    this.#deliver({ name: parsed.data.name, payload: parsed.data.payload, fromThisProcess: false });
  }

  #deliver(delivery: Delivery): void {
    this.#queue.push(delivery);
    if (this.#delivering) {
      return;
    }
    this.#delivering = true;
    try {
      for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
        for (const subscription of this.#subscriptions.get(next.name) ?? []) {
          if (next.fromThisProcess || !subscription.thisProcessOnly) {
            this.#run(subscription, next);
          }
        }
      }
    } finally {
      this.#delivering = false;
    }
  }

  #run(subscription: Subscription, { name, payload }: Delivery): void {
    const failed = (error: unknown) => {
      this.#logger.error({ err: error, event: name }, 'event handler failed');
    };
    try {
      const result = subscription.handler(payload);
      if (result instanceof Promise) {
        result.catch(failed);
      }
    } catch (error) {
      failed(error);
    }
  }
}

/** The bus of this process: in-process alone, or with every process of the deployment over Redis (`REDIS_URL`). */
export function createEventBus(options: { redisUrl: string | undefined; keyPrefix: string; logger: Logger }): EventBus {
  const { redisUrl, keyPrefix, logger } = options;
  return new EventBus({
    logger,
    transport: redisUrl ? createRedisTransport({ url: redisUrl, keyPrefix, logger }) : undefined,
  });
}
