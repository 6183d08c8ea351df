import * as Y from 'yjs';
import type { DocumentPart } from '../realtime/documents.ts';
import { ContextSections, FeedbackTextFields, WorkshopSections } from './enquiry.ts';

/** The top-level shared types of each part's Y.Doc, by name and kind (see enquiry.ts). */
export const PartLayout: Record<DocumentPart, { name: string; kind: 'fragment' | 'array' | 'map' | 'text' }[]> = {
  context: ContextSections.map((section) => ({ name: `context.${section}`, kind: 'fragment' as const })),
  evidence: [
    { name: 'evidence', kind: 'array' },
    { name: 'themes', kind: 'array' },
  ],
  findings: [
    { name: 'findings', kind: 'array' },
    { name: 'feedback', kind: 'map' },
    ...FeedbackTextFields.map((field) => ({ name: `feedback.${field}`, kind: 'text' as const })),
  ],
  workshop: WorkshopSections.map((section) => ({ name: `workshop.${section}`, kind: 'fragment' as const })),
  actions: [
    { name: 'actions', kind: 'array' },
    { name: 'impact', kind: 'array' },
  ],
};

/** A value copied out of one doc so it can live in another (shared types are cloned, plain values kept). */
function copy(value: unknown): unknown {
  return value instanceof Y.AbstractType ? value.clone() : value;
}

/**
 * Makes `doc` hold what `versionState` held, as ONE new change on top of the current content: nothing in the
 * document's history is rewritten, so everyone's replicas converge and the restore itself can be undone by
 * restoring a later version.
 */
export function restoreVersion(doc: Y.Doc, part: DocumentPart, versionState: Uint8Array, origin: unknown): void {
  const old = new Y.Doc();
  Y.applyUpdate(old, versionState);
  doc.transact(() => {
    for (const { name, kind } of PartLayout[part]) {
      if (kind === 'fragment') {
        const target = doc.getXmlFragment(name);
        target.delete(0, target.length);
        // Tiptap writes elements and text only (no hooks).
        const nodes = old
          .getXmlFragment(name)
          .toArray()
          .filter((node): node is Y.XmlElement | Y.XmlText => !(node instanceof Y.XmlHook))
          .map((node) => node.clone());
        target.insert(0, nodes);
      } else if (kind === 'text') {
        const target = doc.getText(name);
        const source = old.getText(name).toJSON();
        if (target.toJSON() !== source) {
          target.delete(0, target.length);
          target.insert(0, source);
        }
      } else if (kind === 'array') {
        const target = doc.getArray<unknown>(name);
        target.delete(0, target.length);
        target.insert(0, old.getArray<unknown>(name).toArray().map(copy));
      } else {
        const target = doc.getMap<unknown>(name);
        const source = old.getMap<unknown>(name);
        for (const key of [...target.keys()]) {
          if (!source.has(key)) {
            target.delete(key);
          }
        }
        for (const [key, value] of source.entries()) {
          target.set(key, copy(value));
        }
      }
    }
  }, origin);
  old.destroy();
}
