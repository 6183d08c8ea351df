/**
 * The worker thread behind `update-merger.ts`: merges a document's snapshot and log for compaction, away from
 * the event loop that serves the editors. One request at a time, answered in order.
 */
import { parentPort } from 'node:worker_threads';
import { mergeUpdatesCollectingGarbage } from './merge-updates.ts';
import { unpackUpdates } from './packed-updates.ts';
import type { MergeRequest, MergeResponse } from './update-merger.ts';

const port = parentPort;
if (!port) {
  throw new Error('merge-thread.ts runs as a worker thread');
}
port.on('message', (request: MergeRequest) => {
  let response: MergeResponse;
  try {
    // A fresh copy in a buffer of its own, so it can be handed over without another copy.
    const merged = mergeUpdatesCollectingGarbage(unpackUpdates(request)).slice();
    response = { id: request.id, merged };
    port.postMessage(response, [merged.buffer]);
  } catch (error) {
    response = { id: request.id, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(response);
  }
});
