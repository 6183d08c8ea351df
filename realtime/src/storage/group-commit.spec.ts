import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DocumentStore, UpdateEntry } from './document-store.ts';
import { createMemoryStore } from './memory-store.ts';
import { createGroupCommit, type GroupCommitOptions } from './group-commit.ts';

const logger = { info: vi.fn(), warn: vi.fn(), error: vi.fn(), debug: vi.fn() };

function recordingStore(fail: () => boolean = () => false) {
  const batches: UpdateEntry[][] = [];
  const calls = { appendBatch: 0 };
  let release: (() => void) | undefined;
  let holding = false;
  const store: DocumentStore = {
    ...createMemoryStore(),
    async appendBatch(entries) {
      calls.appendBatch += 1;
      if (holding) {
        await new Promise<void>((resolve) => (release = resolve));
      }
      if (fail()) {
        throw new Error('database down');
      }
      batches.push([...entries]);
    },
  };
  return {
    store,
    batches,
    calls,
    hold() {
      holding = true;
    },
    release() {
      holding = false;
      release?.();
    },
  };
}

function options(store: DocumentStore, overrides: Partial<GroupCommitOptions> = {}): GroupCommitOptions {
  return { store, logger, delayMs: 2, maxUpdates: 100, onDurable: () => undefined, retryDelayMs: 1, ...overrides };
}

const update = (byte: number) => Uint8Array.of(byte);

afterEach(() => {
  vi.useRealTimers();
});

describe('group commit', () => {
  it('writes updates from several documents in one batch after the delay', async () => {
    vi.useFakeTimers();
    const recorder = recordingStore();
    const durable: [string, number][][] = [];
    const commits = createGroupCommit(options(recorder.store, { onDurable: (rows) => durable.push([...rows]) }));
    expect([commits.append('a', update(1)), commits.append('b', update(2)), commits.append('a', update(3))]).toEqual([
      1, 2, 3,
    ]);
    expect(recorder.batches).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2);
    expect(recorder.batches.map((batch) => batch.map((entry) => entry.name))).toEqual([['a', 'b', 'a']]);
    expect(commits.durableTicket).toBe(3);
    // The store writes each document's updates of a batch as one row.
    expect(durable).toEqual([
      [
        ['a', 1],
        ['b', 1],
      ],
    ]);
  });

  it('keeps one batch in flight and writes what arrived meanwhile right after it', async () => {
    const recorder = recordingStore();
    const commits = createGroupCommit(options(recorder.store));
    recorder.hold();
    commits.append('a', update(1));
    await vi.waitFor(() => {
      expect(recorder.calls.appendBatch).toBe(1);
    });
    commits.append('a', update(2));
    commits.append('a', update(3));
    const flushed = commits.flush();
    recorder.release();
    await flushed;
    expect(recorder.batches.map((batch) => batch.length)).toEqual([1, 2]);
    expect(commits.durableTicket).toBe(3);
  });

  it('writes a full batch without waiting for the delay', async () => {
    const recorder = recordingStore();
    const commits = createGroupCommit(options(recorder.store, { delayMs: 60_000, maxUpdates: 3 }));
    for (let index = 0; index < 3; index++) {
      commits.append('a', update(index));
    }
    await vi.waitFor(() => {
      expect(commits.durableTicket).toBe(3);
    });
  });

  it('under load, starts writes no more often than the interval; a full batch or a flush goes at once', async () => {
    vi.useFakeTimers();
    const recorder = recordingStore();
    const commits = createGroupCommit(options(recorder.store, { minIntervalMs: 20, maxUpdates: 3 }));
    // A lone update waits only for the gathering window.
    commits.append('a', update(1));
    await vi.advanceTimersByTimeAsync(2);
    expect(recorder.batches).toHaveLength(1);
    // The next ones gather until 20 ms after the first write started (at 2 ms).
    commits.append('a', update(2));
    await vi.advanceTimersByTimeAsync(10);
    commits.append('a', update(3));
    await vi.advanceTimersByTimeAsync(9);
    expect(recorder.batches).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(recorder.batches.map((batch) => batch.length)).toEqual([1, 2]);
    // A full batch does not wait for the interval.
    for (let index = 4; index <= 6; index++) {
      commits.append('a', update(index));
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(recorder.batches.map((batch) => batch.length)).toEqual([1, 2, 3]);
    // Nor does a flush.
    commits.append('a', update(7));
    await commits.flush();
    expect(recorder.batches.map((batch) => batch.length)).toEqual([1, 2, 3, 1]);
    expect(commits.durableTicket).toBe(7);
  });

  it('retries a failed write, keeping order, and only then reports it durable', async () => {
    let failures = 2;
    const recorder = recordingStore(() => failures-- > 0);
    const commits = createGroupCommit(options(recorder.store));
    commits.append('a', update(1));
    commits.append('a', update(2));
    await commits.flush();
    expect(recorder.batches.flat().map((entry) => entry.update[0])).toEqual([1, 2]);
    expect(logger.error).toHaveBeenCalledTimes(2);
  });

  it('flush resolves at once when nothing is pending', async () => {
    const commits = createGroupCommit(options(recordingStore().store));
    await expect(commits.flush()).resolves.toBeUndefined();
  });

  it('close gives up after its timeout and reports what was not written', async () => {
    const recorder = recordingStore(() => true);
    const commits = createGroupCommit(options(recorder.store, { retryDelayMs: 1000 }));
    commits.append('a', update(1));
    await expect(commits.close(20)).resolves.toEqual({ unwritten: 1 });
  });

  it('hands the store every update in order, and counts one row per document (the store merges them)', async () => {
    vi.useFakeTimers();
    const recorder = recordingStore();
    const durable: [string, number][][] = [];
    const commits = createGroupCommit(options(recorder.store, { onDurable: (rows) => durable.push([...rows]) }));
    commits.append('a', update(1));
    commits.append('b', update(2));
    commits.append('a', update(3));
    await vi.advanceTimersByTimeAsync(2);
    // The store gets every update (it merges them, perhaps on a thread of its own), in order.
    expect(recorder.batches.map((batch) => batch.map(({ name, update }) => ({ name, update })))).toEqual([
      [
        { name: 'a', update: update(1) },
        { name: 'b', update: update(2) },
        { name: 'a', update: update(3) },
      ],
    ]);
    // The rows written, not the updates, are what a document's log holds.
    expect(durable).toEqual([
      [
        ['a', 1],
        ['b', 1],
      ],
    ]);
    expect(commits.durableTicket).toBe(3);
  });
  it('tells an observer, per batch, how many updates it wrote and how long the oldest waited to be durable', async () => {
    vi.useFakeTimers();
    let failures = 1;
    const recorder = recordingStore(() => failures-- > 0);
    const batches: { updates: number; waitedMs: number }[] = [];
    const commits = createGroupCommit(
      options(recorder.store, { retryDelayMs: 5, onBatchCommitted: (batch) => batches.push(batch) }),
    );
    commits.append('a', update(1));
    await vi.advanceTimersByTimeAsync(1);
    commits.append('b', update(2));
    // The first write fails at 2 ms; the retry 5 ms later succeeds: the oldest update waited 7 ms.
    await vi.advanceTimersByTimeAsync(6);
    expect(batches).toEqual([{ updates: 2, waitedMs: 7 }]);
    commits.append('a', update(3));
    await vi.advanceTimersByTimeAsync(2);
    expect(batches).toEqual([
      { updates: 2, waitedMs: 7 },
      { updates: 1, waitedMs: 2 },
    ]);
  });

  it('keeps committing when the observer throws', async () => {
    const recorder = recordingStore();
    const commits = createGroupCommit(
      options(recorder.store, {
        onBatchCommitted: () => {
          throw new Error('observer broke');
        },
      }),
    );
    commits.append('a', update(1));
    await commits.flush();
    commits.append('a', update(2));
    await commits.flush();
    expect(commits.durableTicket).toBe(2);
  });
});
