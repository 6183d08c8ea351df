import type { DocumentStore, UpdateEntry } from './document-store.ts';
import type { RealtimeLogger } from '../types.ts';

/**
 * Writes updates from every document in batches: one `appendBatch` every few milliseconds (or as soon as a
 * batch is full), one batch in flight at a time. Each update gets a ticket, a number that grows by one per
 * update across all documents; because batches commit in order, "ticket N is durable" means every update up to
 * N is. Callers remember the ticket of the last update a client's message produced and acknowledge the message
 * once `durableTicket` reaches it.
 */
export interface GroupCommit {
  /** Queues an update for its document's log and returns its ticket. */
  append(name: string, update: Uint8Array): number;
  /** The highest ticket that is durable together with every ticket below it. */
  readonly durableTicket: number;
  /** The ticket of the last update appended. */
  readonly lastTicket: number;
  /** Resolves once everything appended before the call is durable. Retries failed writes; never rejects. */
  flush(): Promise<void>;
  /** Flushes, then stops its timers; gives up after `timeoutMs` and reports how many updates were not written. */
  close(timeoutMs: number): Promise<{ unwritten: number }>;
}

export interface GroupCommitOptions {
  store: DocumentStore;
  logger: RealtimeLogger;
  /** Gathering window before a batch is written. */
  delayMs: number;
  /**
   * Least time from the start of one write to the start of the next, unless a batch is full. A lone editor's
   * update is still written `delayMs` after it arrives; under load, updates gather into fewer, larger writes
   * (fewer round trips and flushes to disk), so the database competes less with the editing for the CPU.
   * @default 0
   */
  minIntervalMs?: number;
  /** A batch this large is written without waiting. */
  maxUpdates: number;
  /**
   * Called after each batch commits with the log rows it wrote per document: one each, as the stores write each
   * document's updates of a batch as one merged row (a document whose updates do not merge has a few rows more
   * than counted, which only puts its compaction off a little). Must not throw.
   */
  onDurable(rows: ReadonlyMap<string, number>): void;
  /**
   * Observes each batch once it is durable: how many updates it held and how long the oldest of them waited from
   * being queued to being durable (retries included), in milliseconds. For the host's metrics; a throw is logged.
   */
  onBatchCommitted?: ((batch: { updates: number; waitedMs: number }) => void) | undefined;
  /** First retry delay after a failed write; doubles up to 5 s. @default 50 */
  retryDelayMs?: number;
}

interface Pending extends UpdateEntry {
  ticket: number;
  /** When it was queued (performance.now()). */
  queuedAt: number;
}

const MAX_RETRY_DELAY_MS = 5000;

/** Creates the group commit described on `GroupCommit`. */
export function createGroupCommit(options: GroupCommitOptions): GroupCommit {
  let queue: Pending[] = [];
  let lastTicket = 0;
  let durableTicket = 0;
  let inFlight = false;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closed = false;
  /** When the last write started (performance.now()); -Infinity before the first. */
  let lastStart = Number.NEGATIVE_INFINITY;
  const minIntervalMs = options.minIntervalMs ?? 0;
  const waiters: { ticket: number; resolve: () => void }[] = [];

  /** Arms the timer for the next write: after the gathering window, and no sooner than the interval allows. */
  function schedule(delayMs: number): void {
    if (inFlight || timer !== undefined || queue.length === 0 || closed) {
      return;
    }
    const wait = Math.max(delayMs, lastStart + minIntervalMs - performance.now());
    timer = setTimeout(() => {
      timer = undefined;
      void commit();
    }, wait);
  }

  async function commit(): Promise<void> {
    if (inFlight || queue.length === 0) {
      return;
    }
    inFlight = true;
    lastStart = performance.now();
    const batch = queue.length > options.maxUpdates ? queue.slice(0, options.maxUpdates) : queue;
    queue = batch === queue ? [] : queue.slice(batch.length);
    try {
      await options.store.appendBatch(batch);
      failures = 0;
    } catch (error) {
      failures += 1;
      queue = [...batch, ...queue];
      const retryMs = Math.min((options.retryDelayMs ?? 50) * 2 ** (failures - 1), MAX_RETRY_DELAY_MS);
      options.logger.error({ err: error, updates: batch.length, failures, retryMs }, 'collab append failed');
      inFlight = false;
      if (timer === undefined && !closed) {
        timer = setTimeout(() => {
          timer = undefined;
          void commit();
        }, retryMs);
      }
      return;
    }
    const last = batch[batch.length - 1];
    durableTicket = last?.ticket ?? durableTicket;
    inFlight = false;
    try {
      options.onDurable(rowsByName(batch));
    } catch (error) {
      options.logger.error({ err: error }, 'collab durability callback failed');
    }
    const oldest = batch[0];
    if (options.onBatchCommitted && oldest) {
      try {
        options.onBatchCommitted({ updates: batch.length, waitedMs: performance.now() - oldest.queuedAt });
      } catch (error) {
        options.logger.error({ err: error }, 'collab commit observer failed');
      }
    }
    for (let index = waiters.length - 1; index >= 0; index--) {
      const waiter = waiters[index];
      if (waiter && waiter.ticket <= durableTicket) {
        waiters.splice(index, 1);
        waiter.resolve();
      }
    }
    // Whatever arrived meanwhile has already waited for this commit: write it as soon as the interval allows, or
    // at once if the batch is full or someone is waiting for it (a flush before unloading or closing).
    if (queue.length > 0 && (queue.length >= options.maxUpdates || waiters.length > 0)) {
      void commit();
    } else {
      schedule(0);
    }
  }

  function flush(): Promise<void> {
    const ticket = lastTicket;
    if (ticket <= durableTicket) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      waiters.push({ ticket, resolve });
      if (failures === 0) {
        clearTimeout(timer);
        timer = undefined;
        void commit();
      }
    });
  }

  return {
    append(name: string, update: Uint8Array): number {
      lastTicket += 1;
      queue.push({ name, update, ticket: lastTicket, queuedAt: performance.now() });
      if (queue.length >= options.maxUpdates && !inFlight && failures === 0) {
        clearTimeout(timer);
        timer = undefined;
        void commit();
      } else {
        schedule(options.delayMs);
      }
      return lastTicket;
    },
    get durableTicket() {
      return durableTicket;
    },
    get lastTicket() {
      return lastTicket;
    },
    flush,
    async close(timeoutMs: number): Promise<{ unwritten: number }> {
      let deadline: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        deadline = setTimeout(() => {
          resolve('timeout');
        }, timeoutMs);
      });
      await Promise.race([flush(), timedOut]);
      clearTimeout(deadline);
      closed = true;
      clearTimeout(timer);
      timer = undefined;
      return { unwritten: lastTicket - durableTicket };
    },
  };
}

/** Log rows per document name that a batch wrote: one per update, or one per document when merged. */
function rowsByName(batch: readonly UpdateEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { name } of batch) {
    counts.set(name, 1);
  }
  return counts;
}
