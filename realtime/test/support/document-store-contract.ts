import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocumentStore, StoredDocument } from '../../src/storage/document-store.ts';
import { mergeUpdatesCollectingGarbage } from '../../src/updates/merge-updates.ts';
import { uniqueDocumentName } from './document-names.ts';
import { textOf, textUpdate } from './stored-text.ts';

/** Appends one text update per word (each in a batch of its own), continuing `history`, which it extends. */
async function appendWords(store: DocumentStore, name: string, history: Uint8Array[], words: readonly string[]) {
  for (const word of words) {
    const update = textUpdate(history, word);
    history.push(update);
    await store.appendBatch([{ name, update }]);
  }
}

/**
 * Stores 'first ', then compacts the document with `merge`, appending 'second' from inside the merge (as another
 * writer would while it runs). Returns the document's name once both are done.
 */
async function appendDuringCompaction(
  store: DocumentStore,
  merge: (updates: Uint8Array[]) => Uint8Array | Promise<Uint8Array>,
): Promise<string> {
  const name = uniqueDocumentName();
  const first = textUpdate([], 'first ');
  const second = textUpdate([first], 'second');
  await store.appendBatch([{ name, update: first }]);
  let appending: Promise<void> = Promise.resolve();
  await store.compact(name, (updates) => {
    appending = store.appendBatch([{ name, update: second }]);
    return merge(updates);
  });
  await appending;
  return name;
}

function bytes(values: readonly Uint8Array[]): number[][] {
  return values.map((value) => Array.from(value));
}

/**
 * The behaviour every `DocumentStore` must have. `open()` is called once per test and returns the store under
 * test; the same database may be shared, so every test uses its own document names.
 */
export function describeDocumentStoreContract(kind: string, open: () => DocumentStore): void {
  describe(`DocumentStore contract: ${kind}`, () => {
    it('loads a document that was never stored as empty', async () => {
      expect(await open().load(uniqueDocumentName())).toMatchObject({ snapshot: null, updates: [] });
    });

    it('sets named log rows and the snapshot aside, keeping the rest, and counts them', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const first = textUpdate([], 'kept');
      const second = textUpdate([first], ' aside');
      await store.appendBatch([{ name, update: first }]);
      await store.appendBatch([{ name, update: second }]);
      const loaded = await store.load(name);
      expect(loaded.rows).toHaveLength(2);
      expect(new Set(loaded.rows).size).toBe(2);
      const before = await store.quarantinedCount();
      await store.quarantine(name, [{ row: loaded.rows[1] ?? '', reason: 'test' }]);
      // Naming a row that is gone already changes nothing.
      await store.quarantine(name, [{ row: loaded.rows[1] ?? '', reason: 'test' }]);
      const after = await store.load(name);
      expect(bytes(after.updates)).toEqual(bytes([first]));
      expect(after.rows).toEqual([loaded.rows[0]]);
      expect(textOf(after)).toBe('kept');
      expect((await store.quarantinedCount()) - before).toBe(1);

      await store.compact(name, mergeUpdatesCollectingGarbage);
      await store.quarantine(name, [{ row: 'snapshot', reason: 'test' }]);
      const emptied = await store.load(name);
      expect(textOf(emptied)).toBe('');
      expect((await store.quarantinedCount()) - before).toBe(2);
    });

    it('appends to several documents in one batch and loads each log in order, byte for byte', async () => {
      const store = open();
      const [a, b] = [uniqueDocumentName('a'), uniqueDocumentName('b')];
      const updates = [randomBytes(1), Uint8Array.of(0, 0, 0), randomBytes(300), randomBytes(70_000)];
      await store.appendBatch([
        { name: a, update: updates[0] ?? new Uint8Array() },
        { name: b, update: updates[1] ?? new Uint8Array() },
        { name: a, update: updates[2] ?? new Uint8Array() },
      ]);
      await store.appendBatch([{ name: a, update: updates[3] ?? new Uint8Array() }]);
      expect(bytes((await store.load(a)).updates)).toEqual(
        bytes([updates[0], updates[2], updates[3]].flatMap((u) => (u ? [u] : []))),
      );
      expect(bytes((await store.load(b)).updates)).toEqual([[0, 0, 0]]);
    });

    it('writes the updates each document has in a batch as one merged row', async () => {
      const store = open();
      const [a, b, c] = [uniqueDocumentName('a'), uniqueDocumentName('b'), uniqueDocumentName('c')];
      const first = textUpdate([], 'one ');
      const second = textUpdate([first], 'two');
      const alone = textUpdate([], 'alone');
      // Not Yjs updates: they cannot merge, so they stay as they were, each a row of its own.
      const opaque = [randomBytes(5), randomBytes(7)];
      await store.appendBatch([
        { name: a, update: first },
        { name: b, update: alone },
        { name: c, update: opaque[0] ?? new Uint8Array() },
        { name: a, update: second },
        { name: c, update: opaque[1] ?? new Uint8Array() },
      ]);
      const loaded = await store.load(a);
      expect(loaded.updates).toHaveLength(1);
      expect(textOf(loaded)).toBe('one two');
      expect(bytes((await store.load(b)).updates)).toEqual(bytes([alone]));
      expect(bytes((await store.load(c)).updates)).toEqual(bytes(opaque));
    });

    it('stores a batch larger than one statement', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const entries = Array.from({ length: 2500 }, (_, index) => ({ name, update: Uint8Array.of(index % 256, 7) }));
      await store.appendBatch(entries);
      const loaded = await store.load(name);
      expect(loaded.updates).toHaveLength(2500);
      expect(Array.from(loaded.updates[2499] ?? [])).toEqual([2499 % 256, 7]);
    });

    it('compacts snapshot and log into one snapshot, keeping later appends', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const history: Uint8Array[] = [];
      await appendWords(store, name, history, ['one ', 'two ', 'three ']);
      expect(await store.compact(name, mergeUpdatesCollectingGarbage)).toMatchObject({ mergedUpdates: 3 });
      const four = textUpdate(history, 'four');
      history.push(four);
      await store.appendBatch([{ name, update: four }]);
      const loaded = await store.load(name);
      expect(loaded.snapshot).not.toBeNull();
      expect(loaded.updates).toHaveLength(1);
      expect(textOf(loaded)).toBe('one two three four');

      expect(await store.compact(name, mergeUpdatesCollectingGarbage)).toMatchObject({ mergedUpdates: 1 });
      expect(textOf(await store.load(name))).toBe('one two three four');
      const nothing = await store.compact(name, mergeUpdatesCollectingGarbage);
      expect(nothing.mergedUpdates).toBe(0);
    });

    it('keeps the document unchanged when merging fails', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const update = textUpdate([], 'kept');
      await store.appendBatch([{ name, update }]);
      await expect(
        store.compact(name, () => {
          throw new Error('merge failed');
        }),
      ).rejects.toThrow('merge failed');
      expect(textOf(await store.load(name))).toBe('kept');
    });

    it('keeps updates appended while a compaction runs', async () => {
      const store = open();
      const name = await appendDuringCompaction(store, mergeUpdatesCollectingGarbage);
      expect(textOf(await store.load(name))).toBe('first second');
    });

    it('keeps the log readable, and what is appended, while an asynchronous merge runs', async () => {
      const store = open();
      const name = await appendDuringCompaction(store, async (updates) => {
        // A merge on a worker thread: the event loop (and, on PostgreSQL, other connections) go on meanwhile.
        await new Promise((resolve) => setTimeout(resolve, 20));
        return mergeUpdatesCollectingGarbage(updates);
      });
      expect(textOf(await store.load(name))).toBe('first second');
      // A load while a merge runs misses nothing (with one database connection it simply waits for the merge).
      let loading: Promise<StoredDocument> | undefined;
      await store.compact(name, async (updates) => {
        loading = store.load(name);
        await new Promise((resolve) => setTimeout(resolve, 20));
        return mergeUpdatesCollectingGarbage(updates);
      });
      expect(loading && textOf(await loading)).toBe('first second');
    });

    it('loses nothing when two compactions and an append race', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const history: Uint8Array[] = [];
      const words = Array.from({ length: 20 }, (_, index) => `${index},`);
      await appendWords(store, name, history, words);
      const last = textUpdate(history, 'end');
      await Promise.all([
        store.compact(name, mergeUpdatesCollectingGarbage),
        store.appendBatch([{ name, update: last }]),
        store.compact(name, mergeUpdatesCollectingGarbage),
      ]);
      const expected = `${words.join('')}end`;
      expect(textOf(await store.load(name))).toBe(expected);
    });

    it('reads what was appended since a cursor, and everything again after a compaction', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const history: Uint8Array[] = [textUpdate([], 'a ')];
      await store.appendBatch([{ name, update: history[0] ?? new Uint8Array() }]);
      const loaded = await store.load(name);
      const holder = new Y.Doc();
      const apply = (updates: readonly Uint8Array[]) => {
        for (const update of updates) {
          Y.applyUpdate(holder, update);
        }
      };
      apply(loaded.updates);
      const nothingNew = await store.readSince(name, loaded.cursor);
      apply(nothingNew.updates);
      await appendWords(store, name, history, ['b ', 'c ']);
      const read = await store.readSince(name, nothingNew.cursor);
      apply(read.updates);
      expect(holder.getText('content').toJSON()).toBe('a b c ');

      // Another writer appends, and a compaction folds it into the snapshot before this reader looks again.
      const d = textUpdate(history, 'd');
      history.push(d);
      await store.appendBatch([{ name, update: d }]);
      await store.compact(name, mergeUpdatesCollectingGarbage);
      const afterCompaction = await store.readSince(name, read.cursor);
      apply(afterCompaction.updates);
      expect(holder.getText('content').toJSON()).toBe('a b c d');
      const settled = await store.readSince(name, afterCompaction.cursor);
      apply(settled.updates);
      expect(holder.getText('content').toJSON()).toBe('a b c d');
      holder.destroy();
    });

    it('reads a document that did not exist when the cursor was taken', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const { cursor } = await store.load(name);
      await store.appendBatch([{ name, update: textUpdate([], 'new') }]);
      const read = await store.readSince(name, cursor);
      expect(textOf({ snapshot: null, updates: read.updates })).toBe('new');
    });

    it('rewrites snapshot and log into one snapshot, dropping the quarantined parts asked for', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const history: Uint8Array[] = [];
      await appendWords(store, name, history, ['secret ', 'words ']);
      await store.compact(name, mergeUpdatesCollectingGarbage);
      await appendWords(store, name, history, ['more ', 'bad ', 'kept']);
      const loaded = await store.load(name);
      const before = await store.quarantinedCount();
      await store.quarantine(name, [
        { row: loaded.rows[1] ?? '', reason: 'test: dropped by the rewrite' },
        { row: loaded.rows[2] ?? '', reason: 'test: kept by the rewrite' },
      ]);
      const { cursor } = await store.load(name);
      const seen: number[] = [];
      const rewritten = await store.rewrite(
        name,
        (parts) => {
          seen.push(parts.length);
          const doc = new Y.Doc();
          parts.forEach((part) => {
            Y.applyUpdate(doc, part);
          });
          const content = doc.getText('content');
          content.delete(0, 'secret '.length);
          const snapshot = Y.encodeStateAsUpdate(doc);
          doc.destroy();
          return snapshot;
        },
        (data) => textOf({ snapshot: null, updates: [...history.slice(0, 3), data] }).includes('bad'),
      );
      // The snapshot and the one row left in the log ('more '); the two set aside are not in the log.
      expect({ rewritten, seen }).toEqual({ rewritten: 1, seen: [2] });
      const stored = await store.load(name);
      expect(stored.updates).toEqual([]);
      expect(textOf(stored)).toBe('words more ');
      expect(Buffer.from(stored.snapshot ?? []).includes(Buffer.from('secret'))).toBe(false);
      expect((await store.quarantinedCount()) - before).toBe(1);
      // A reader holding an older cursor reads the new snapshot.
      expect(textOf({ snapshot: null, updates: (await store.readSince(name, cursor)).updates })).toBe('words more ');
    });

    it('destroys a document and its log', async () => {
      const store = open();
      const name = uniqueDocumentName();
      await store.appendBatch([{ name, update: textUpdate([], 'gone') }]);
      await store.compact(name, mergeUpdatesCollectingGarbage);
      await store.appendBatch([{ name, update: textUpdate([], 'also gone') }]);
      await store.destroy(name);
      expect(await store.load(name)).toMatchObject({ snapshot: null, updates: [] });
    });
  });
}
