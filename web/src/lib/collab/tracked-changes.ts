/** A pending correction placed in the text it changes: where its passage is now, and what it proposes instead. */
export interface PlacedChange<S> {
  suggestion: S;
  from: number;
  to: number;
  replacement: string;
}

export type TrackedSegment<S> =
  { kind: 'text'; text: string } | { kind: 'change'; suggestion: S; deleted: string; inserted: string };

/**
 * Splits a text into plain runs and proposed changes, for showing pending corrections inline as tracked changes. A
 * change that overlaps one placed before it is left out here (it is still in the list of suggestions).
 */
export function trackedSegments<S>(text: string, changes: readonly PlacedChange<S>[]): TrackedSegment<S>[] {
  const ordered = [...changes].sort((a, b) => a.from - b.from || a.to - b.to);
  const segments: TrackedSegment<S>[] = [];
  let at = 0;
  for (const change of ordered) {
    if (change.from < at || change.to > text.length) {
      continue;
    }
    if (change.from > at) {
      segments.push({ kind: 'text', text: text.slice(at, change.from) });
    }
    segments.push({
      kind: 'change',
      suggestion: change.suggestion,
      deleted: text.slice(change.from, change.to),
      inserted: change.replacement,
    });
    at = change.to;
  }
  if (at < text.length) {
    segments.push({ kind: 'text', text: text.slice(at) });
  }
  return segments;
}
