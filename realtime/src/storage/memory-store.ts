import type { CompactionResult, DocumentStore, StoredDocument, UpdateEntry } from './document-store.ts';

interface MemoryDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
}

/**
 * A `DocumentStore` that keeps everything in this process's memory: for tests and for running realtime alone
 * without a database. Stores copies, so callers may reuse their buffers.
 */
export function createMemoryStore(): DocumentStore {
  const documents = new Map<string, MemoryDocument>();
  return {
    load(name: string): Promise<StoredDocument> {
      const stored = documents.get(name);
      return Promise.resolve({ snapshot: stored?.snapshot ?? null, updates: [...(stored?.updates ?? [])] });
    },
    appendBatch(entries: readonly UpdateEntry[]): Promise<void> {
      for (const { name, update } of entries) {
        let stored = documents.get(name);
        if (!stored) {
          stored = { snapshot: null, updates: [] };
          documents.set(name, stored);
        }
        stored.updates.push(update.slice());
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
      return Promise.resolve({ mergedUpdates: merged.length, snapshotBytes: snapshot.byteLength });
    },
    destroy(name: string): Promise<void> {
      documents.delete(name);
      return Promise.resolve();
    },
  };
}
