/**
 * Passage anchors of comment threads: a selection of a rich-text field as two Yjs relative positions (base64 of
 * `Y.encodeRelativePosition`), which follow the text through everyone's edits, and back to ProseMirror positions
 * in the editor as it is now.
 */
import { CommentLimits } from '@crosswalk/shared';
import type { Node } from '@tiptap/pm/model';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from '@tiptap/y-tiptap';
import * as Y from 'yjs';

/** How the collaboration binding maps Yjs types to ProseMirror nodes (y-prosemirror's `ProsemirrorMapping`). */
export type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

export function encodePosition(position: Y.RelativePosition): string {
  let binary = '';
  for (const byte of Y.encodeRelativePosition(position)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

export function decodePosition(encoded: string): Y.RelativePosition | null {
  try {
    return Y.decodeRelativePosition(Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The selected text, shortened to what a thread keeps as its quote. */
export function quoteOf(doc: Node, from: number, to: number): string {
  const text = doc.textBetween(from, to, ' ').replace(/\s+/g, ' ').trim();
  return text.length > CommentLimits.quoteMaxLength ? `${text.slice(0, CommentLimits.quoteMaxLength - 1)}…` : text;
}

/** A passage of the editor's document as an anchor (the fragment's name is added by the caller). */
export function passageOf(
  doc: Node,
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  from: number,
  to: number,
): { start: string; end: string; quote: string } {
  return {
    start: encodePosition(absolutePositionToRelativePosition(from, fragment, mapping) as Y.RelativePosition),
    end: encodePosition(absolutePositionToRelativePosition(to, fragment, mapping) as Y.RelativePosition),
    quote: quoteOf(doc, from, to),
  };
}

/** Where a passage is in the editor now, or null when its text has gone (deleted by someone). */
export function resolvePassage(
  fragment: Y.XmlFragment,
  mapping: ProsemirrorMapping,
  anchor: { start: string; end: string },
): { from: number; to: number } | null {
  const doc = fragment.doc;
  const start = decodePosition(anchor.start);
  const end = decodePosition(anchor.end);
  if (!doc || !start || !end) {
    return null;
  }
  const from = relativePositionToAbsolutePosition(doc, fragment, start, mapping);
  const to = relativePositionToAbsolutePosition(doc, fragment, end, mapping);
  if (from === null || to === null || to <= from) {
    return null;
  }
  return { from, to };
}
