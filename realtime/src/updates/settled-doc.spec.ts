import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { BRICKING_UPDATE, POISONING_SEQUENCES } from '../../test/support/absurd-updates.ts';
import { encodeWholeDocument, isSettled, loadUpdates } from './settled-doc.ts';

function textUpdates(...pieces: string[]): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const piece of pieces) {
    doc.getText('content').insert(doc.getText('content').length, piece);
  }
  return updates;
}

describe('loadUpdates', () => {
  it('applies sound updates in one go and rejects none', () => {
    const { doc, rejected } = loadUpdates(textUpdates('a', 'b', 'c'));
    expect(doc.getText('content').toJSON()).toBe('abc');
    expect(rejected).toEqual([]);
  });

  it('leaves out, by position, updates that are out of range or fail half-way, and nothing of them remains', () => {
    const [first, second] = textUpdates('kept', ' too');
    const poison = POISONING_SEQUENCES[0]?.[0];
    if (!first || !second || !poison) {
      throw new Error('fixtures missing');
    }
    const { doc, rejected } = loadUpdates([first, poison, BRICKING_UPDATE, second]);
    expect(doc.getText('content').toJSON()).toBe('kept too');
    expect(rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(isSettled(doc)).toBe(true);
    // What is left encodes into an update that loads again.
    expect(loadUpdates([Y.encodeStateAsUpdate(doc)]).rejected).toEqual([]);
  });

  it('shows what it guards against: plain Yjs is left unsettled by the poisoning update', () => {
    const doc = new Y.Doc();
    doc.getText('content').insert(0, 'x');
    expect(() => {
      for (const update of POISONING_SEQUENCES[0] ?? []) {
        Y.applyUpdate(doc, update);
      }
    }).toThrow();
    expect(isSettled(doc)).toBe(false);
  });
});

describe('encodeWholeDocument', () => {
  it('refuses to encode a document whose clocks are out of range', () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, BRICKING_UPDATE);
    expect(() => encodeWholeDocument(doc)).toThrow(/does not encode/);
    const sound = new Y.Doc();
    sound.getText('content').insert(0, 'fine');
    expect(
      loadUpdates([encodeWholeDocument(sound)])
        .doc.getText('content')
        .toJSON(),
    ).toBe('fine');
  });
});
