import { Worker } from 'node:worker_threads';
import type { RealtimeLogger } from '../types.ts';
import { mergeUpdatesCollectingGarbage } from './merge-updates.ts';
import { packUpdates } from './packed-updates.ts';

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
 * A message to the merge thread: the updates back to back in one buffer of their own (they may be views into a
 * shared pool, which must not be cloned whole or transferred), and the length of each.
 */
export interface MergeRequest {
  id: number;
  data: Uint8Array<ArrayBuffer>;
  lengths: number[];
}

export type MergeResponse = { id: number; merged: Uint8Array } | { id: number; error: string };

export interface UpdateMergerOptions {
  logger: RealtimeLogger;
  /** Merges of fewer bytes (snapshot plus log) run on the calling thread. @default 512 KiB */
  inlineBelowBytes?: number;
  /** A worker thread with nothing to do for this long is stopped (and started again when needed). @default 300000 */
  idleMs?: number;
}

interface Pending {
  resolve(merged: Uint8Array): void;
  reject(error: Error): void;
}

/**
 * One worker thread, started on first use and stopped when idle. If the thread cannot start, or dies, the merges
 * waiting on it fail (a compaction that fails is retried later and loses nothing) and the next merge starts a new
 * thread; if threads cannot be started at all, merges run on the calling thread.
 */
export function createUpdateMerger(options: UpdateMergerOptions): UpdateMerger {
  const { logger } = options;
  const idleMs = options.idleMs ?? 300_000;
  const inlineBelowBytes = options.inlineBelowBytes ?? 512 * 1024;
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;
  let threadsUnavailable = false;
  let threadsStarted = 0;
  let closed = false;

  function failAll(error: Error): void {
    for (const waiting of pending.values()) {
      waiting.reject(error);
    }
    pending.clear();
  }

  function start(): Worker | null {
    if (worker) {
      return worker;
    }
    if (threadsUnavailable) {
      return null;
    }
    let started: Worker;
    try {
      started = new Worker(new URL('./merge-thread.ts', import.meta.url));
    } catch (error) {
      threadsUnavailable = true;
      logger.warn({ err: error }, 'collab merge thread unavailable; merging on the main thread');
      return null;
    }
    started.on('message', (response: MergeResponse) => {
      const waiting = pending.get(response.id);
      if (!waiting) {
        return;
      }
      pending.delete(response.id);
      if ('merged' in response) {
        waiting.resolve(response.merged);
      } else {
        waiting.reject(new Error(`merge failed: ${response.error}`));
      }
      settle();
    });
    started.on('error', (error: Error) => {
      logger.error({ err: error }, 'collab merge thread failed');
    });
    started.on('exit', (code) => {
      if (worker === started) {
        worker = null;
      }
      if (pending.size > 0) {
        failAll(new Error(`merge thread stopped (exit code ${code})`));
      }
    });
    worker = started;
    threadsStarted += 1;
    return started;
  }

  /** Lets the process exit while the thread waits for work, and stops it after a while. */
  function settle(): void {
    if (pending.size > 0 || !worker) {
      return;
    }
    worker.unref();
    clearTimeout(idleTimer);
    const idle = worker;
    idleTimer = setTimeout(() => {
      if (worker === idle && pending.size === 0) {
        worker = null;
        void idle.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  }

  return {
    get threadsStarted() {
      return threadsStarted;
    },
    merge(updates) {
      if (closed) {
        return Promise.reject(new Error('the update merger is closed'));
      }
      const bytes = updates.reduce((sum, update) => sum + update.byteLength, 0);
      const thread = bytes < inlineBelowBytes ? null : start();
      if (!thread) {
        return Promise.resolve().then(() => mergeUpdatesCollectingGarbage(updates));
      }
      clearTimeout(idleTimer);
      thread.ref();
      const id = nextId++;
      return new Promise<Uint8Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        const request: MergeRequest = { id, ...packUpdates(updates) };
        thread.postMessage(request, [request.data.buffer]);
      });
    },
    async close() {
      closed = true;
      clearTimeout(idleTimer);
      const thread = worker;
      worker = null;
      failAll(new Error('the update merger is closed'));
      await thread?.terminate();
    },
  };
}
