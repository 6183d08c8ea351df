import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../test/support/silent-logger.ts';
import { DocumentLog } from './document-log.ts';
import type { GroupCommit } from './group-commit.ts';
import { createMemoryStore } from './memory-store.ts';
import { createUpdateMerger } from './update-merger.ts';

/** A group commit whose durability the test moves by hand. */
function manualCommits(): GroupCommit & { durableTicket: number } {
  let last = 0;
  return {
    durableTicket: 0,
    get lastTicket() {
      return last;
    },
    append() {
      last += 1;
      return last;
    },
    flush: () => Promise.resolve(),
    close: () => Promise.resolve({ unwritten: 0 }),
  };
}

function textUpdates(...pieces: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const piece of pieces) {
    doc.getText('t').insert(doc.getText('t').length, piece);
  }
  return updates;
}

describe('DocumentLog', () => {
  it('publishes what became durable, in order and merged, once, and counts bytes', () => {
    const commits = manualCommits();
    const published: string[] = [];
    const receiver = new Y.Doc();
    const log = new DocumentLog(
      'doc',
      {
        store: createMemoryStore(),
        commits,
        merger: createUpdateMerger({ logger: silentLogger }),
        logger: silentLogger,
        compactAfterRows: 1000,
        compactAfterBytes: 1 << 30,
        publish: (update) => {
          // What another process holds after each message.
          Y.applyUpdate(receiver, update);
          published.push(receiver.getText('t').toJSON());
        },
      },
      { rows: 0, logBytes: 0, snapshotBytes: 10 },
    );
    const [a, b, c] = textUpdates('a', 'b', 'c');
    if (!a || !b || !c) {
      throw new Error('fixtures missing');
    }
    expect([log.append(a), log.append(b), log.append(c)]).toEqual([1, 2, 3]);
    expect(log.storedBytes).toBe(10 + a.byteLength + b.byteLength + c.byteLength);
    expect(log.hasPendingWrites).toBe(true);

    commits.durableTicket = 2;
    expect(log.onDurable(1)).toBe(2);
    expect(published).toEqual(['ab']);
    commits.durableTicket = 3;
    log.onDurable(1);
    log.onDurable(0);
    expect(published).toEqual(['ab', 'abc']);
    expect(log.hasPendingWrites).toBe(false);
    expect(log.lastTicket).toBe(3);
  });

  it('compacts once enough rows are durable, after the work it was told to wait for', async () => {
    const commits = manualCommits();
    const store = createMemoryStore();
    const log = new DocumentLog(
      'doc',
      {
        store,
        commits,
        merger: createUpdateMerger({ logger: silentLogger }),
        logger: silentLogger,
        compactAfterRows: 2,
        compactAfterBytes: 1 << 30,
      },
      { rows: 0, logBytes: 0, snapshotBytes: 0 },
    );
    let release = (): void => undefined;
    log.waitBeforeCompacting(new Promise<void>((resolve) => (release = resolve)));
    for (const update of textUpdates('x', 'y')) {
      await store.appendBatch([{ name: 'doc', update }]);
      log.append(update);
    }
    commits.durableTicket = 2;
    log.onDurable(2);
    const compaction = log.compaction;
    expect(compaction).not.toBeNull();
    expect((await store.load('doc')).updates).toHaveLength(2);
    release();
    await compaction;
    const stored = await store.load('doc');
    expect(stored.updates).toHaveLength(0);
    expect(stored.snapshot).not.toBeNull();
    expect(log.hasLog).toBe(false);
  });
});
