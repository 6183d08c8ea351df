import { randomUUID } from 'node:crypto';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/**
 * Fan-out of live-document changes between processes that hold the same document (scale-out).
 *
 * How it fits: every process that has a document in memory subscribes to that document's channel. Each update it
 * applies (from its own clients or from the server itself) is published once; updates received from the channel
 * are applied with `REMOTE_ORIGIN`, sent to local clients, and neither published again nor stored (the process
 * that accepted them stores them). Delivery is best effort: the store is the truth, and a process catches up from
 * it (`DocumentStore.readSince`) whenever `missed` says messages may have been lost: once subscribed, after a
 * reconnect, or when a sender's sequence numbers skip. Durability acknowledgements stay local to the process
 * that holds the writer's connection.
 *
 * Implementations: `createLocalFanout()` (one process: nothing to send) and `createLocalFanoutHub()` (several
 * servers in one process, for tests) here; `createRedisFanout` in `redis-fanout.ts`.
 */
export interface CollabFanout {
  /** Whether messages can flow now; false while the broker is unreachable, so callers catch up more often. */
  readonly connected: boolean;
  /** Whether other processes may change documents at all (false: catching up is never needed). */
  readonly distributed: boolean;
  /** Starts receiving a document's messages from other processes. */
  subscribe(name: string, handlers: FanoutHandlers): FanoutChannel;
  close(): Promise<void>;
}

export interface FanoutHandlers {
  /** A Yjs update another process applied to the document. */
  update(update: Uint8Array): void;
  /** An awareness update (y-protocols encoding) from another process's clients. */
  awareness(update: Uint8Array): void;
  /** Messages may have been lost until now: read the store from the last cursor. */
  missed(): void;
}

export interface FanoutChannel {
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  unsubscribe(): void;
}

/** What one message on a document channel says. */
export interface FanoutMessage {
  /** The sending channel: process id plus a per-subscription number, so a reload restarts the sequence. */
  sender: string;
  /** 1, 2, 3 … per sender; a skip means messages were lost. */
  seq: number;
  kind: 'update' | 'awareness';
  payload: Uint8Array;
}

const KIND_UPDATE = 0;
const KIND_AWARENESS = 1;

export function encodeFanoutMessage(message: FanoutMessage): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, message.sender);
  encoding.writeVarUint(encoder, message.seq);
  encoding.writeVarUint(encoder, message.kind === 'update' ? KIND_UPDATE : KIND_AWARENESS);
  encoding.writeVarUint8Array(encoder, message.payload);
  return encoding.toUint8Array(encoder);
}

/** @throws Error when the bytes are not a fan-out message */
export function decodeFanoutMessage(bytes: Uint8Array): FanoutMessage {
  const decoder = decoding.createDecoder(bytes);
  const sender = decoding.readVarString(decoder);
  const seq = decoding.readVarUint(decoder);
  const kind = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if ((kind !== KIND_UPDATE && kind !== KIND_AWARENESS) || decoding.hasContent(decoder)) {
    throw new Error('not a fan-out message');
  }
  return { sender, seq, kind: kind === KIND_UPDATE ? 'update' : 'awareness', payload };
}

/**
 * The receiving half shared by implementations: drops our own messages, routes the rest, and reports a skip in
 * any sender's sequence as `missed`.
 */
export class FanoutReceiver {
  readonly #processId: string;
  readonly #handlers: FanoutHandlers;
  readonly #lastSeq = new Map<string, number>();

  constructor(processId: string, handlers: FanoutHandlers) {
    this.#processId = processId;
    this.#handlers = handlers;
  }

  receive(message: FanoutMessage): void {
    if (message.sender.startsWith(`${this.#processId}/`)) {
      return;
    }
    // Senders count from 1: a first message numbered higher means we missed some (or subscribed late, when a
    // needless catch-up costs one read).
    const last = this.#lastSeq.get(message.sender) ?? 0;
    this.#lastSeq.set(message.sender, message.seq);
    if (message.seq !== last + 1) {
      this.#handlers.missed();
    }
    if (message.kind === 'update') {
      this.#handlers.update(message.payload);
    } else {
      this.#handlers.awareness(message.payload);
    }
  }
}

/** The sending half: numbers one subscription's messages. */
export class FanoutSender {
  readonly sender: string;
  #seq = 0;

  constructor(processId: string, subscription: number) {
    this.sender = `${processId}/${subscription}`;
  }

  next(kind: FanoutMessage['kind'], payload: Uint8Array): FanoutMessage {
    this.#seq += 1;
    return { sender: this.sender, seq: this.#seq, kind, payload };
  }
}

/** A new id for this process's fan-out messages. */
export function newProcessId(): string {
  return randomUUID();
}

/** One process alone: nothing to send or receive. */
export function createLocalFanout(): CollabFanout {
  return {
    connected: true,
    distributed: false,
    subscribe: () => ({
      publishUpdate: () => undefined,
      publishAwareness: () => undefined,
      unsubscribe: () => undefined,
    }),
    close: () => Promise.resolve(),
  };
}

/**
 * Several collab servers in one process, connected as if through a broker that delivers every message
 * (asynchronously, like a real one). For tests of the fan-out logic without Redis; `drop` loses messages on
 * purpose.
 */
export function createLocalFanoutHub(): { fanout(): CollabFanout; drop(enabled: boolean): void } {
  const channels = new Map<string, Set<{ processId: string; receiver: FanoutReceiver }>>();
  let dropping = false;
  return {
    drop(enabled) {
      dropping = enabled;
    },
    fanout() {
      const processId = newProcessId();
      let subscriptions = 0;
      return {
        connected: true,
        distributed: true,
        subscribe(name, handlers) {
          const receiver = new FanoutReceiver(processId, handlers);
          const entry = { processId, receiver };
          const members = channels.get(name) ?? new Set();
          channels.set(name, members);
          members.add(entry);
          subscriptions += 1;
          const sender = new FanoutSender(processId, subscriptions);
          queueMicrotask(() => {
            handlers.missed();
          });
          const publish = (kind: FanoutMessage['kind'], payload: Uint8Array) => {
            const message = sender.next(kind, payload);
            if (dropping) {
              return;
            }
            const bytes = encodeFanoutMessage(message);
            setImmediate(() => {
              for (const member of channels.get(name) ?? []) {
                member.receiver.receive(decodeFanoutMessage(bytes));
              }
            });
          };
          return {
            publishUpdate: (update) => {
              publish('update', update);
            },
            publishAwareness: (update) => {
              publish('awareness', update);
            },
            unsubscribe() {
              members.delete(entry);
              if (members.size === 0) {
                channels.delete(name);
              }
            },
          };
        },
        close: () => Promise.resolve(),
      };
    },
  };
}
