import { randomBytes } from 'node:crypto';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import type { DocumentStore, StoredDocument } from '../../src/storage/document-store.ts';
import { mergeUpdatesCollectingGarbage } from '../../src/yjs/merge-updates.ts';
import { uniqueDocumentName } from './document-names.ts';

/** A Yjs update that appends `text` to the `content` text of a document holding `before`. */
function textUpdate(before: Uint8Array[], text: string): Uint8Array {
  const doc = new Y.Doc();
  before.forEach((update) => {
    Y.applyUpdate(doc, update);
  });
  const stateVector = Y.encodeStateVector(doc);
  const content = doc.getText('content');
  content.insert(content.length, text);
  const update = Y.encodeStateAsUpdate(doc, stateVector);
  doc.destroy();
  return update;
}

function textOf(stored: StoredDocument): string {
  const doc = new Y.Doc();
  for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
    Y.applyUpdate(doc, update);
  }
  const text = doc.getText('content').toJSON();
  doc.destroy();
  return text;
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
      expect(await open().load(uniqueDocumentName())).toEqual({ snapshot: null, updates: [] });
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
      for (const word of ['one ', 'two ', 'three ']) {
        const update = textUpdate(history, word);
        history.push(update);
        await store.appendBatch([{ name, update }]);
      }
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
      const name = uniqueDocumentName();
      const first = textUpdate([], 'first ');
      const second = textUpdate([first], 'second');
      await store.appendBatch([{ name, update: first }]);
      let appending: Promise<void> = Promise.resolve();
      await store.compact(name, (updates) => {
        appending = store.appendBatch([{ name, update: second }]);
        return mergeUpdatesCollectingGarbage(updates);
      });
      await appending;
      expect(textOf(await store.load(name))).toBe('first second');
    });

    it('loses nothing when two compactions and an append race', async () => {
      const store = open();
      const name = uniqueDocumentName();
      const history: Uint8Array[] = [];
      for (let index = 0; index < 20; index++) {
        const update = textUpdate(history, `${index},`);
        history.push(update);
        await store.appendBatch([{ name, update }]);
      }
      const last = textUpdate(history, 'end');
      await Promise.all([
        store.compact(name, mergeUpdatesCollectingGarbage),
        store.appendBatch([{ name, update: last }]),
        store.compact(name, mergeUpdatesCollectingGarbage),
      ]);
      const expected = `${Array.from({ length: 20 }, (_, index) => `${index},`).join('')}end`;
      expect(textOf(await store.load(name))).toBe(expected);
    });

    it('destroys a document and its log', async () => {
      const store = open();
      const name = uniqueDocumentName();
      await store.appendBatch([{ name, update: textUpdate([], 'gone') }]);
      await store.compact(name, mergeUpdatesCollectingGarbage);
      await store.appendBatch([{ name, update: textUpdate([], 'also gone') }]);
      await store.destroy(name);
      expect(await store.load(name)).toEqual({ snapshot: null, updates: [] });
    });
  });
}
