import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { mergePerDocument } from './merge-per-document.ts';

function typed(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc);
  doc.getText('t').insert(doc.getText('t').length, text);
  return Y.encodeStateAsUpdate(doc, before);
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc();
  for (const update of updates) {
    Y.applyUpdate(doc, update);
  }
  return doc.getText('t').toJSON();
}

describe('mergePerDocument', () => {
  it('leaves a batch with one update per document as it was', () => {
    const batch = [
      { name: 'a', update: typed(new Y.Doc(), 'x') },
      { name: 'b', update: typed(new Y.Doc(), 'y') },
    ];
    const rows = mergePerDocument(batch);
    expect(rows).toEqual(batch);
    expect(rows).not.toBe(batch);
  });

  it('merges each document’s updates, in order, into one row, documents in order of first appearance', () => {
    const [docA, docB] = [new Y.Doc(), new Y.Doc()];
    const batch = [
      { name: 'b', update: typed(docB, 'B1 ') },
      { name: 'a', update: typed(docA, 'A1 ') },
      { name: 'b', update: typed(docB, 'B2') },
      { name: 'a', update: typed(docA, 'A2') },
    ];
    const rows = mergePerDocument(batch);
    expect(rows.map((row) => row.name)).toEqual(['b', 'a']);
    expect(textOf([rows[0]?.update ?? new Uint8Array()])).toBe('B1 B2');
    expect(textOf([rows[1]?.update ?? new Uint8Array()])).toBe('A1 A2');
  });

  it('keeps the updates of a document that do not merge as they were, and merges the others', () => {
    const doc = new Y.Doc();
    const garbage = [Uint8Array.of(255, 255, 255), Uint8Array.of(1)];
    const rows = mergePerDocument([
      { name: 'bad', update: garbage[0] ?? new Uint8Array() },
      { name: 'good', update: typed(doc, 'one ') },
      { name: 'bad', update: garbage[1] ?? new Uint8Array() },
      { name: 'good', update: typed(doc, 'two') },
    ]);
    expect(rows.filter((row) => row.name === 'bad').map((row) => row.update)).toEqual(garbage);
    const good = rows.filter((row) => row.name === 'good');
    expect(good).toHaveLength(1);
    expect(textOf(good.map((row) => row.update))).toBe('one two');
  });
});
