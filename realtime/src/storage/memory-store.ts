import {
  EMPTY_UPDATE,
  type CompactionResult,
  type DocumentStore,
  type LogCursor,
  type QuarantinedPart,
  type LogRead,
  type MergeUpdates,
  type StoredDocument,
  type UpdateEntry,
} from './document-store.ts';
import { mergePerDocument } from './merge-per-document.ts';

interface MemoryDocument {
  snapshot: Uint8Array | null;
  updates: Uint8Array[];
  /** Each update's row id: its position among all updates ever appended to the document. */
  rows: string[];
  /** Compactions that merged something; a cursor from an older generation reads the snapshot again. */
  generation: number;
  /** Updates ever appended; the log holds the last `updates.length` of them. */
  appended: number;
  /** The compaction running, if any. */
  compacting: Promise<void> | null;
}

/**
 * A `DocumentStore` that keeps everything in this process's memory: for tests and for running realtime alone
 * without a database. Stores copies, so callers may reuse their buffers.
 */
export function createMemoryStore(): DocumentStore {
  const documents = new Map<string, MemoryDocument>();
  const quarantined: { name: string; part: QuarantinedPart; data: Uint8Array }[] = [];
  const cursorOf = (stored: MemoryDocument | undefined): LogCursor =>
    `${stored?.generation ?? 0}:${stored?.appended ?? 0}`;
  return {
    load(name: string): Promise<StoredDocument> {
      const stored = documents.get(name);
      return Promise.resolve({
        snapshot: stored?.snapshot ?? null,
        updates: [...(stored?.updates ?? [])],
        rows: [...(stored?.rows ?? [])],
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
      for (const { name, update } of mergePerDocument(entries)) {
        let stored = documents.get(name);
        if (!stored) {
          stored = { snapshot: null, updates: [], rows: [], generation: 0, appended: 0, compacting: null };
          documents.set(name, stored);
        }
        stored.updates.push(update.slice());
        stored.rows.push(String(stored.appended));
        stored.appended += 1;
      }
      return Promise.resolve();
    },
    async compact(name: string, merge: MergeUpdates): Promise<CompactionResult> {
      let stored = documents.get(name);
      // One compaction at a time per document, as the database's row lock makes it.
      while (stored?.compacting) {
        await stored.compacting;
        stored = documents.get(name);
      }
      if (!stored || stored.updates.length === 0) {
        return { mergedUpdates: 0, snapshotBytes: stored?.snapshot?.byteLength ?? 0 };
      }
      const document = stored;
      // The log stays readable while `merge` runs; what is appended meanwhile comes after these and stays.
      const merged = document.updates.slice();
      let done = (): void => undefined;
      document.compacting = new Promise<void>((resolve) => (done = resolve));
      try {
        const snapshot = (await merge(document.snapshot ? [document.snapshot, ...merged] : merged)).slice();
        document.updates.splice(0, merged.length);
        document.rows.splice(0, merged.length);
        document.snapshot = snapshot;
        document.generation += 1;
        return { mergedUpdates: merged.length, snapshotBytes: snapshot.byteLength };
      } catch (error) {
        throw error instanceof Error ? error : new Error(String(error));
      } finally {
        document.compacting = null;
        done();
      }
    },
    quarantine(name: string, parts: readonly QuarantinedPart[]): Promise<void> {
      const stored = documents.get(name);
      for (const part of parts) {
        if (!stored) {
          break;
        }
        if (part.row === 'snapshot') {
          if (stored.snapshot) {
            quarantined.push({ name, part, data: stored.snapshot });
            stored.snapshot = EMPTY_UPDATE;
            stored.generation += 1;
          }
          continue;
        }
        const index = stored.rows.indexOf(part.row);
        const data = stored.updates[index];
        if (index >= 0 && data) {
          quarantined.push({ name, part, data });
          stored.updates.splice(index, 1);
          stored.rows.splice(index, 1);
        }
      }
      return Promise.resolve();
    },
    async rewrite(name, rewrite, dropQuarantined): Promise<number> {
      let stored = documents.get(name);
      while (stored?.compacting) {
        await stored.compacting;
        stored = documents.get(name);
      }
      let rewritten = 0;
      if (stored) {
        rewritten = stored.updates.length;
        stored.snapshot = rewrite(stored.snapshot ? [stored.snapshot, ...stored.updates] : [...stored.updates]).slice();
        stored.updates = [];
        stored.rows = [];
        stored.generation += 1;
      }
      for (let index = quarantined.length - 1; index >= 0; index -= 1) {
        const part = quarantined[index];
        if (part?.name === name && dropQuarantined(part.data)) {
          quarantined.splice(index, 1);
        }
      }
      return rewritten;
    },
    quarantinedCount(): Promise<number> {
      return Promise.resolve(quarantined.length);
    },
    destroy(name: string): Promise<void> {
      documents.delete(name);
      return Promise.resolve();
    },
  };
}
