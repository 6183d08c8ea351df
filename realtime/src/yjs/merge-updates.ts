import * as Y from 'yjs';

/**
 * Merges a snapshot and log entries into one update for compaction. Goes through a garbage-collecting `Y.Doc`
 * (not `Y.mergeUpdates`) so deleted text is dropped from the snapshot instead of being carried forever.
 * The stored history is not needed: versions will be kept separately.
 */
export function mergeUpdatesCollectingGarbage(updates: Uint8Array[]): Uint8Array {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const update of updates) {
        Y.applyUpdate(doc, update);
      }
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
