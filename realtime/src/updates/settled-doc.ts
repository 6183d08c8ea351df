import { Limits } from '@crosswalk/shared';
import * as Y from 'yjs';
import { decodeUpdateStrictly } from './update-inspection.ts';

/**
 * Whether every transaction of a document has finished. When anything in Yjs's transaction cleanup throws (a
 * crafted update can make it), the transaction stays queued, and from then on the document applies every update
 * without ever emitting an `update` event: changes would be neither stored nor relayed. Such a document must be
 * discarded.
 */
export function isSettled(doc: Y.Doc): boolean {
  return doc._transaction === null && doc._transactionCleanups.length === 0;
}

/** Whether Yjs holds structs or deletions of the document back, waiting for what they depend on. */
export function hasPending(doc: Y.Doc): boolean {
  return doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
}

/** Whether every client's clock in the document stays within `maxClock` (so its state vector encodes and decodes). */
export function clocksWithin(doc: Y.Doc, maxClock: number): boolean {
  for (const client of doc.store.clients.keys()) {
    if (!(Y.getState(doc.store, client) <= maxClock)) {
      return false;
    }
  }
  return true;
}

/** A stored update left out of a document, and why. */
export interface RejectedUpdate {
  /** Its position in the list given to `loadUpdates`. */
  index: number;
  reason: string;
}

export interface LoadedUpdates {
  doc: Y.Doc;
  /** Updates that could not be applied whole, in the order given; the document holds none of their content. */
  rejected: RejectedUpdate[];
}

/**
 * Builds a garbage-collecting document from stored updates (a snapshot and log rows). Normally they are applied
 * in one transaction. If that fails, or leaves the document unsettled or with clocks out of range, the document is
 * built again one update at a time, each checked first, and any update that is refused or fails to apply is left
 * out; the document is then rebuilt without it, so no half-applied update remains in it.
 */
export function loadUpdates(updates: readonly Uint8Array[], maxClock: number = Limits.collabMaxClock): LoadedUpdates {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.transact(doc, () => {
      for (const update of updates) {
        Y.applyUpdate(doc, update);
      }
    });
    if (isSettled(doc) && clocksWithin(doc, maxClock)) {
      return { doc, rejected: [] };
    }
  } catch {
    // Rebuilt carefully below.
  }
  doc.destroy();
  return loadCarefully(updates, maxClock);
}

function loadCarefully(updates: readonly Uint8Array[], maxClock: number): LoadedUpdates {
  const rejected: RejectedUpdate[] = [];
  const left = new Set<number>();
  for (;;) {
    const doc = new Y.Doc({ gc: true });
    let failed: RejectedUpdate | null = null;
    for (const [index, update] of updates.entries()) {
      if (left.has(index)) {
        continue;
      }
      try {
        decodeUpdateStrictly(update, maxClock);
      } catch (error) {
        rejected.push({ index, reason: error instanceof Error ? error.message : 'does not decode' });
        left.add(index);
        continue;
      }
      try {
        Y.applyUpdate(doc, update);
      } catch (error) {
        failed = { index, reason: `does not apply (${error instanceof Error ? error.name : typeof error})` };
      }
      if (!failed && !(isSettled(doc) && clocksWithin(doc, maxClock))) {
        failed = { index, reason: 'leaves the document unsettled' };
      }
      if (failed) {
        break;
      }
    }
    if (!failed) {
      rejected.sort((a, b) => a.index - b.index);
      return { doc, rejected };
    }
    // The failed update may have changed the document half-way: start again without it.
    doc.destroy();
    rejected.push(failed);
    left.add(failed.index);
  }
}

/**
 * The whole document as one update, for a named version: checked to load again whole before it is handed out,
 * so a version that cannot be read back is never written.
 *
 * @throws Error when the encoded document would not load again
 */
export function encodeWholeDocument(doc: Y.Doc, maxClock: number = Limits.collabMaxClock): Uint8Array {
  const state = Y.encodeStateAsUpdate(doc);
  const { doc: copy, rejected } = loadUpdates([state], maxClock);
  copy.destroy();
  if (rejected.length > 0) {
    throw new Error('the document does not encode into an update that loads again');
  }
  return state;
}
