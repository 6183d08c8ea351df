/**
 * The worker thread behind `update-merger.ts`: merges a document's snapshot and log for compaction, away from
 * the event loop that serves the editors. One request at a time, answered in order.
 */
import { answerRequests } from './thread-requests.ts';
import { mergeUpdatesCollectingGarbage } from '../updates/merge-updates.ts';
import { unpackUpdates } from '../updates/packed-updates.ts';
import type { MergeRequest } from './update-merger.ts';

answerRequests(
  // A fresh copy in a buffer of its own, so it can be handed over without another copy.
  (request: MergeRequest) => mergeUpdatesCollectingGarbage(unpackUpdates(request)).slice(),
  { transfer: (merged) => [merged.buffer] },
);
