import * as Y from 'yjs';
import { loadUpdates } from './settled-doc.ts';

/**
 * Merges a snapshot and log entries into one update for compaction. Goes through a garbage-collecting `Y.Doc`
 * (not `Y.mergeUpdates`) so deleted text is dropped from the snapshot instead of being carried forever.
 * The stored history is not needed: versions will be kept separately.
 *
 * @throws Error when one of the updates cannot be applied whole: a snapshot must never silently lose a row (the
 *   live document sets such rows aside when it loads; see `CollabDocument`), so the compaction fails instead.
 */
export function mergeUpdatesCollectingGarbage(updates: Uint8Array[]): Uint8Array {
  const { doc, rejected } = loadUpdates(updates);
  try {
    if (rejected.length > 0) {
      throw new Error(`${rejected.length} of the updates to merge cannot be applied`);
    }
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
