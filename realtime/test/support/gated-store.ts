import type { DocumentStore, UpdateEntry } from '../../src/storage/document-store.ts';

/** A store whose appends can be held at the door, to observe what happens before a write is durable. */
export interface GatedStore {
  store: DocumentStore;
  /** Appends called while held and not yet let through. */
  readonly waiting: number;
  /** Entries that reached the inner store. */
  readonly appended: UpdateEntry[];
  /** How many times each method was called. */
  readonly calls: { load: number; appendBatch: number; compact: number };
  hold(): void;
  release(): void;
  /** Loads waiting to be let through. */
  readonly loadsWaiting: number;
  /** Loads wait until `releaseLoads()`. */
  holdLoads(): void;
  releaseLoads(): void;
}

export function createGatedStore(inner: DocumentStore): GatedStore {
  let held = false;
  let queue: (() => void)[] = [];
  let loadsHeld = false;
  let loadQueue: (() => void)[] = [];
  const appended: UpdateEntry[] = [];
  const calls = { load: 0, appendBatch: 0, compact: 0 };
  return {
    store: {
      async load(name) {
        calls.load += 1;
        if (loadsHeld) {
          await new Promise<void>((resolve) => loadQueue.push(resolve));
        }
        return inner.load(name);
      },
      async appendBatch(entries) {
        calls.appendBatch += 1;
        if (held) {
          await new Promise<void>((resolve) => queue.push(resolve));
        }
        await inner.appendBatch(entries);
        appended.push(...entries);
      },
      compact(name, merge) {
        calls.compact += 1;
        return inner.compact(name, merge);
      },
      readSince: (name, cursor) => inner.readSince(name, cursor),
      quarantine: (name, parts) => inner.quarantine(name, parts),
      quarantinedCount: () => inner.quarantinedCount(),
      rewrite: (name, rewrite, drop) => inner.rewrite(name, rewrite, drop),
      destroy: (name) => inner.destroy(name),
    },
    get waiting() {
      return queue.length;
    },
    get loadsWaiting() {
      return loadQueue.length;
    },
    appended,
    calls,
    hold() {
      held = true;
    },
    release() {
      held = false;
      const released = queue;
      queue = [];
      for (const resolve of released) {
        resolve();
      }
    },
    holdLoads() {
      loadsHeld = true;
    },
    releaseLoads() {
      loadsHeld = false;
      const released = loadQueue;
      loadQueue = [];
      for (const resolve of released) {
        resolve();
      }
    },
  };
}
