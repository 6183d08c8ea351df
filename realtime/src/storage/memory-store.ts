import type {
  CompactionResult,
  DocumentStore,
  LogCursor,
  LogRead,
  StoredDocument,
  UpdateEntry,
} from './document-store.ts';

interface MemoryDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Compactions that merged something; a cursor from an older generation reads the snapshot again. */
  generation: number;
  /** Updates ever appended; the log holds the last `updates.length` of them. */
  appended: number;
}

/**
 * A `DocumentStore` that keeps everything in this process's memory: for tests and for running realtime alone
 * without a database. Stores copies, so callers may reuse their buffers.
 */
export function createMemoryStore(): DocumentStore {
  const documents = new Map<string, MemoryDocument>();
  const cursorOf = (stored: MemoryDocument | undefined): LogCursor =>
    `${stored?.generation ?? 0}:${stored?.appended ?? 0}`;
  return {
    load(name: string): Promise<StoredDocument> {
      const stored = documents.get(name);
      return Promise.resolve({
        snapshot: stored?.snapshot ?? null,
        updates: [...(stored?.updates ?? [])],
        cursor: cursorOf(stored),
      });
    },
    readSince(name: string, cursor: LogCursor): Promise<LogRead> {
      const stored = documents.get(name);
      const [generation = 0, appended = 0] = cursor.split(':').map(Number);
      if (!stored) {
        return Promise.resolve({ updates: [], cursor: cursorOf(stored) });
      }
      const firstInLog = stored.appended - stored.updates.length;
      const updates =
        generation !== stored.generation || appended < firstInLog
          ? [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]
          : stored.updates.slice(appended - firstInLog);
      return Promise.resolve({ updates, cursor: cursorOf(stored) });
    },
    appendBatch(entries: readonly UpdateEntry[]): Promise<void> {
      for (const { name, update } of entries) {
        let stored = documents.get(name);
        if (!stored) {
          stored = { snapshot: null, updates: [], generation: 0, appended: 0 };
          documents.set(name, stored);
        }
        stored.updates.push(update.slice());
        stored.appended += 1;
      }
      return Promise.resolve();
    },
    compact(name: string, merge: (updates: Uint8Array[]) => Uint8Array): Promise<CompactionResult> {
      const stored = documents.get(name);
      if (!stored || stored.updates.length === 0) {
        return Promise.resolve({ mergedUpdates: 0, snapshotBytes: stored?.snapshot?.byteLength ?? 0 });
      }
      // Take the log out first, so anything appended while `merge` runs stays in the log.
      const merged = stored.updates;
      stored.updates = [];
      let snapshot: Uint8Array;
      try {
        snapshot = merge(stored.snapshot ? [stored.snapshot, ...merged] : merged).slice();
      } catch (error) {
        stored.updates = [...merged, ...stored.updates];
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      stored.snapshot = snapshot;
      stored.generation += 1;
      return Promise.resolve({ mergedUpdates: merged.length, snapshotBytes: snapshot.byteLength });
    },
    destroy(name: string): Promise<void> {
      documents.delete(name);
      return Promise.resolve();
    },
  };
}
