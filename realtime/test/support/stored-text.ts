import * as Y from 'yjs';
import type { StoredDocument } from '../../src/storage/document-store.ts';

/** A Yjs update that appends `text` to the `content` text of a document holding `before`. */
export function textUpdate(before: Uint8Array[], text: string): Uint8Array {
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

/** The `content` text of a stored document (snapshot, then log), as a restarted server would load it. */
export function textOf(stored: Pick<StoredDocument, 'snapshot' | 'updates'>): string {
  const doc = new Y.Doc();
  for (const update of stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates) {
    Y.applyUpdate(doc, update);
  }
  const text = doc.getText('content').toJSON();
  doc.destroy();
  return text;
}
