import * as Y from 'yjs';
import { feedbackText, findingRecord, readFindings, type FeedbackTextField } from './enquiry.ts';
import { SuggestibleFeedbackFields, type SuggestionTarget } from '../permissions/suggestions.ts';

/**
 * A proposed correction anchors to its passage with Yjs relative positions, so it keeps its place while others type
 * elsewhere in the text. The start sticks to the first character of the passage, the end to its last, so text typed
 * just before or after the passage is not drawn into it; a pure insertion anchors both ends to the same point.
 * Before a correction is applied the passage is found again and compared with what was proposed against: if it is
 * gone or changed, the suggestion is outdated and nothing is written.
 */

/** A passage anchored in a Y.Text: base64 of `Y.encodeRelativePosition` for each end. */
export interface AnchoredRange {
  start: string;
  end: string;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** Anchors the passage [from, to) of a Y.Text (from === to: the point where text is to be inserted). */
export function anchorRange(text: Y.Text, from: number, to: number): AnchoredRange {
  const encode = (index: number, assoc: number) =>
    toBase64(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index, assoc)));
  if (from === to) {
    return { start: encode(from, 0), end: encode(from, 0) };
  }
  return { start: encode(from, 0), end: encode(to, -1) };
}

/**
 * Where an anchored passage is now in `text`, or null if it cannot be found there (the anchors are not valid, do
 * not belong to this text, or the text itself was removed).
 */
export function resolveRange(text: Y.Text, range: AnchoredRange): { from: number; to: number } | null {
  const doc = text.doc;
  if (!doc) {
    return null;
  }
  const resolve = (encoded: string) => {
    try {
      const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(fromBase64(encoded)), doc);
      return absolute && absolute.type === text ? absolute.index : null;
    } catch {
      return null;
    }
  };
  const from = resolve(range.start);
  const to = resolve(range.end);
  if (from === null || to === null) {
    return null;
  }
  // A passage whose characters were all deleted resolves with its ends crossed: it is empty now.
  return { from, to: Math.max(from, to) };
}

export type PassageCheck = { ok: true; from: number; to: number } | { ok: false; reason: string };

/** Whether the anchored passage still reads exactly `original` (the only case in which a correction may apply). */
export function checkPassage(text: Y.Text, range: AnchoredRange, original: string): PassageCheck {
  const found = resolveRange(text, range);
  if (!found) {
    return { ok: false, reason: 'The passage this correction was proposed for is no longer in the document.' };
  }
  const now = text.toJSON().slice(found.from, found.to);
  if (now !== original) {
    return {
      ok: false,
      reason: 'The text has changed since this correction was proposed, so it no longer applies as written.',
    };
  }
  return { ok: true, ...found };
}

/**
 * Replaces the anchored passage with `replacement` if it still reads `original`, in one transaction. Answers the
 * whole text before and after, or why nothing was changed.
 */
export function applyCorrection(
  text: Y.Text,
  range: AnchoredRange,
  original: string,
  replacement: string,
  origin?: unknown,
): { ok: true; before: string; after: string } | { ok: false; reason: string } {
  const check = checkPassage(text, range, original);
  if (!check.ok) {
    return check;
  }
  const before = text.toJSON();
  const change = () => {
    if (check.to > check.from) {
      text.delete(check.from, check.to - check.from);
    }
    if (replacement) {
      text.insert(check.from, replacement);
    }
  };
  if (text.doc) {
    text.doc.transact(change, origin);
  } else {
    change();
  }
  return { ok: true, before, after: text.toJSON() };
}

/** The Y.Text a suggestion targets in the findings part, or undefined (a finding that no longer exists). */
export function suggestionText(doc: Y.Doc, target: SuggestionTarget): Y.Text | undefined {
  if (target.kind === 'finding') {
    const value = findingRecord(doc, target.findingId)?.get('text');
    return value instanceof Y.Text ? value : undefined;
  }
  // Only the fields open to corrections: any other name would create a new shared type in the document.
  return (SuggestibleFeedbackFields as readonly string[]).includes(target.field)
    ? feedbackText(doc, target.field as FeedbackTextField)
    : undefined;
}

const FeedbackFieldLabel: Record<string, string> = {
  attendees: 'Feedback record, who attended',
  hostResponse: "Feedback record, the host headteacher's response",
};

/** The name people see for a suggestion's target now, e.g. "Finding S01" (labels follow the findings' order). */
export function suggestionTargetLabel(doc: Y.Doc, target: SuggestionTarget): string {
  if (target.kind === 'finding') {
    const finding = readFindings(doc).find((f) => f.id === target.findingId);
    return finding ? `Finding ${finding.label}` : 'A finding since removed';
  }
  return FeedbackFieldLabel[target.field] ?? 'Feedback record';
}

/** The line added to "factual corrections made" when a correction is accepted. */
export function correctionLine(input: {
  targetLabel: string;
  original: string;
  replacement: string;
  proposedBy: string;
  acceptedBy: string;
  /** e.g. "12 March 2027" */
  date: string;
}): string {
  const change = !input.original
    ? `"${input.replacement}" added`
    : !input.replacement
      ? `"${input.original}" removed`
      : `"${input.original}" corrected to "${input.replacement}"`;
  return `${input.targetLabel}: ${change} (proposed by ${input.proposedBy}, accepted by ${input.acceptedBy}, ${input.date})`;
}

/** Appends one line to the feedback record's "factual corrections made". */
export function appendCorrection(doc: Y.Doc, line: string, origin?: unknown): void {
  const corrections = feedbackText(doc, 'corrections');
  doc.transact(() => {
    const existing = corrections.toJSON();
    const separator = existing.length === 0 || existing.endsWith('\n') ? '' : '\n';
    corrections.insert(corrections.length, `${separator}${line}`);
  }, origin);
}
