import { describe, expect, it } from 'vitest';
import { trackedSegments } from './tracked-changes.ts';

describe('tracked changes', () => {
  it('places each change in the text, in order, with what it deletes and inserts', () => {
    const text = 'Year 5 pupils read widely.';
    expect(
      trackedSegments(text, [
        { suggestion: 'b', from: 14, to: 18, replacement: 'write' },
        { suggestion: 'a', from: 0, to: 6, replacement: 'Year 6' },
        { suggestion: 'c', from: 25, to: 25, replacement: ' every day' },
      ]),
    ).toEqual([
      { kind: 'change', suggestion: 'a', deleted: 'Year 5', inserted: 'Year 6' },
      { kind: 'text', text: ' pupils ' },
      { kind: 'change', suggestion: 'b', deleted: 'read', inserted: 'write' },
      { kind: 'text', text: ' widely' },
      { kind: 'change', suggestion: 'c', deleted: '', inserted: ' every day' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('leaves out a change that overlaps an earlier one', () => {
    expect(
      trackedSegments('abcdef', [
        { suggestion: 1, from: 1, to: 4, replacement: 'X' },
        { suggestion: 2, from: 3, to: 5, replacement: 'Y' },
      ]),
    ).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'change', suggestion: 1, deleted: 'bcd', inserted: 'X' },
      { kind: 'text', text: 'ef' },
    ]);
  });
});
