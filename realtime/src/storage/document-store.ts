/**
 * Where live documents are kept between processes and restarts. A document is a snapshot (one Yjs update that
 * merges everything up to some point) plus a log of later updates, appended as they arrive; loading it means
 * applying the snapshot and every log entry (Yjs updates commute, so order does not matter for the result).
 *
 * Implementations: `memory-store.ts` (tests, single process) and `postgres-store.ts` (the real one). Both pass
 * the contract suite in `realtime/test/document-store.int-spec.ts`.
 */
export interface DocumentStore {
  /** The snapshot and the log of a document, read consistently; a document never stored loads empty. */
  load(name: string): Promise<StoredDocument>;
  /**
   * Appends updates to the logs of one or more documents, all or nothing. The collab server calls this once per
   * group commit with every update received in the last few milliseconds; it acknowledges them only after this
   * resolves, so it must not resolve before the updates are durable.
   */
  appendBatch(entries: readonly UpdateEntry[]): Promise<void>;
  /**
   * Replaces a document's snapshot and log with one new snapshot, atomically: `merge` receives the current
   * snapshot (if any) followed by the log entries and returns (or resolves to) the merged update. Log entries
   * appended while the compaction runs are kept. Never loses an update, even when two processes compact the
   * same document.
   */
  compact(name: string, merge: MergeUpdates): Promise<CompactionResult>;
  /**
   * What was stored for a document since `cursor` (from `load` or an earlier `readSince`), for a process that holds
   * the document while others write to it. May repeat updates the caller already has (applying a Yjs update twice
   * changes nothing) but never misses one that was durable before the call: after a compaction it returns the
   * snapshot too.
   */
  readSince(name: string, cursor: LogCursor): Promise<LogRead>;
  /**
   * Sets stored parts of a document aside that cannot be applied: each log row named (by its id from `load`) moves
   * out of the log, or the snapshot when `row` is 'snapshot' is replaced by an empty one, into a quarantine kept
   * for people to examine, with the reason. Parts already gone (compacted or set aside by another process) are
   * skipped.
   */
  quarantine(name: string, parts: readonly QuarantinedPart[]): Promise<void>;
  /**
   * Rewrites everything stored of a document, so that content deleted from it is gone from storage too (erasure):
   * in one transaction, under the lock compaction takes, `rewrite` receives the snapshot (if any) followed by every
   * log row and returns the new snapshot, which replaces them (a garbage-collected document's state holds no deleted
   * content, while a compaction's merge keeps it); and quarantined parts of the document for which `dropQuarantined`
   * answers true are deleted. Log rows appended meanwhile are kept. Resolves to how many log rows were rewritten.
   */
  rewrite(
    name: string,
    rewrite: (updates: Uint8Array[]) => Uint8Array,
    dropQuarantined: (data: Uint8Array) => boolean,
  ): Promise<number>;
  /** How many parts of all documents are in quarantine (health and diagnostics). */
  quarantinedCount(): Promise<number>;
  /** Deletes a document and its log. */
  destroy(name: string): Promise<void>;
  /** Releases what the store holds of its own (the collab server calls it last when it closes). */
  close?(): Promise<void>;
}

/** A stored part of a document to set aside: a log row's id, or 'snapshot'; and why. */
export interface QuarantinedPart {
  row: string;
  reason: string;
}

/** Merges a snapshot and log entries into one update (`update-merger.ts` in the server). */
export type MergeUpdates = (updates: Uint8Array[]) => Uint8Array | Promise<Uint8Array>;

export interface UpdateEntry {
  /** The document's name. */
  name: string;
  /** A Yjs update (format v1). */
  update: Uint8Array;
}

export interface StoredDocument {
  /** The compacted state, or null if the document was never compacted. */
  snapshot: Uint8Array | null;
  /** Updates appended after the snapshot, oldest first. */
  updates: Uint8Array[];
  /** The id of each update's log row, in the same order (for `quarantine`). */
  rows: string[];
  /** Where `readSince` continues from. */
  cursor: LogCursor;
}

/** A position in a document's log; opaque to callers, meaningful only to the store that made it. */
export type LogCursor = string;

export interface LogRead {
  /** Updates (possibly a snapshot among them) to apply; possibly some the caller has already. */
  updates: Uint8Array[];
  /** Where the next `readSince` continues from. */
  cursor: LogCursor;
}

export interface CompactionResult {
  /** How many log entries were merged into the snapshot (and removed from the log). */
  mergedUpdates: number;
  /** Size of the new snapshot, in bytes (of the old one when nothing was merged). */
  snapshotBytes: number;
}

/** An update that changes nothing: what an empty document encodes to. */
export const EMPTY_UPDATE: Uint8Array = Uint8Array.of(0, 0);
