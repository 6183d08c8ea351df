import { createThreadRequests } from './thread-requests.ts';
import type { RealtimeLogger } from '../types.ts';
import { mergeUpdatesCollectingGarbage } from '../updates/merge-updates.ts';
import { packUpdates } from '../updates/packed-updates.ts';

/**
 * Merges a document's snapshot and log into one update for compaction (see `merge-updates.ts`). Merging means
 * replaying the whole document: a few milliseconds for a typical one (a 150 KB snapshot and 1,000 updates took
 * 3 ms), but tens or hundreds of milliseconds for a large or heavily edited one. Large merges run on a worker
 * thread, so the editors' updates keep flowing meanwhile; small ones run in place, because a thread costs about
 * 45 MB of memory and 150 ms of CPU to start, and handing the data over costs too.
 */
export interface UpdateMerger {
  merge(updates: Uint8Array[]): Promise<Uint8Array>;
  /** Worker threads started so far (diagnostics and tests). */
  readonly threadsStarted: number;
  /** Stops the worker thread; merges still running are refused. */
  close(): Promise<void>;
}

/**
 * A request to the merge thread: the updates back to back in one buffer of their own (they may be views into a
 * shared pool, which must not be cloned whole or transferred), and the length of each. It answers the merge.
 */
export interface MergeRequest {
  data: Uint8Array<ArrayBuffer>;
  lengths: number[];
}

export interface UpdateMergerOptions {
  logger: RealtimeLogger;
  /** Merges of fewer bytes (snapshot plus log) run on the calling thread. @default 512 KiB */
  inlineBelowBytes?: number;
  /** A worker thread with nothing to do for this long is stopped (and started again when needed). @default 300000 */
  idleMs?: number;
}

/**
 * One worker thread, started on first use and stopped when idle. If the thread dies, the merges waiting on it
 * fail (a compaction that fails is retried later and loses nothing) and the next merge starts a new thread; if
 * threads cannot be started at all, merges run on the calling thread.
 */
export function createUpdateMerger(options: UpdateMergerOptions): UpdateMerger {
  const { logger } = options;
  const inlineBelowBytes = options.inlineBelowBytes ?? 512 * 1024;
  const thread = createThreadRequests<MergeRequest, Uint8Array>({
    url: new URL('./merge-thread.ts', import.meta.url),
    logger,
    name: 'merge',
    idleMs: options.idleMs ?? 300_000,
  });
  let threadsUnavailable = false;
  let closed = false;

  function threadAvailable(): boolean {
    if (threadsUnavailable) {
      return false;
    }
    try {
      thread.start();
      return true;
    } catch (error) {
      threadsUnavailable = true;
      logger.warn({ err: error }, 'collab merge thread unavailable; merging on the main thread');
      return false;
    }
  }

  return {
    get threadsStarted() {
      return thread.threadsStarted;
    },
    merge(updates) {
      if (closed) {
        return Promise.reject(new Error('the update merger is closed'));
      }
      const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      if (bytes < inlineBelowBytes || !threadAvailable()) {
        return Promise.resolve().then(() => mergeUpdatesCollectingGarbage(updates));
      }
      const request = packUpdates(updates);
      return thread.request(request, [request.data.buffer]);
    },
    async close() {
      closed = true;
      await thread.close(0);
    },
  };
}
