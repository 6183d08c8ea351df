import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addFinding, feedbackText, findingRecord } from './enquiry.ts';
import {
  anchorRange,
  appendCorrection,
  applyCorrection,
  checkPassage,
  correctionLine,
  resolveRange,
  suggestionTargetLabel,
  suggestionText,
} from './suggestions.ts';

function findingText(text: string): { doc: Y.Doc; id: string; ytext: Y.Text } {
  const doc = new Y.Doc();
  const id = addFinding(doc, 'strength', text);
  const ytext = findingRecord(doc, id)?.get('text');
  if (!(ytext instanceof Y.Text)) {
    throw new Error('no text');
  }
  return { doc, id, ytext };
}

/** A second replica, kept in sync with the first both ways. */
function replicaOf(doc: Y.Doc): Y.Doc {
  const other = new Y.Doc();
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array) => {
    Y.applyUpdate(other, update);
  });
  return other;
}

describe('anchoring a passage', () => {
  it('keeps its place while others type before, after and at its edges', () => {
    const { doc, id, ytext } = findingText('Pupils in Year 4 read widely.');
    const from = 'Pupils in '.length;
    const range = anchorRange(ytext, from, from + 'Year 4'.length);
    ytext.insert(0, 'Most ');
    ytext.insert(ytext.toJSON().indexOf('Year 4'), '[');
    ytext.insert(ytext.toJSON().indexOf('Year 4') + 'Year 4'.length, ']');
    ytext.insert(ytext.length, ' Really.');
    const found = resolveRange(ytext, range);
    expect(found && ytext.toJSON().slice(found.from, found.to)).toBe('Year 4');
    expect(suggestionText(doc, { kind: 'finding', findingId: id })).toBe(ytext);
  });

  it('resolves the same in another replica, from the encoded anchors', () => {
    const { doc, id, ytext } = findingText('Attendance is 94 per cent.');
    const other = replicaOf(doc);
    const range = anchorRange(ytext, 'Attendance is '.length, 'Attendance is 94'.length);
    const remote = suggestionText(other, { kind: 'finding', findingId: id });
    expect(remote && checkPassage(remote, range, '94')).toMatchObject({ ok: true });
  });

  it('does not resolve against another text or from garbage', () => {
    const { ytext } = findingText('One two three');
    const range = anchorRange(ytext, 0, 3);
    const doc2 = new Y.Doc();
    expect(resolveRange(feedbackText(doc2, 'attendees'), range)).toBeNull();
    expect(resolveRange(ytext, { start: 'not base64!', end: '%%%' })).toBeNull();
    // A field that is not open to corrections is never created in the document.
    expect(suggestionText(doc2, { kind: 'feedback', field: 'anything' })).toBeUndefined();
    expect(doc2.share.has('feedback.anything')).toBe(false);
  });
});

describe('applying a correction', () => {
  it('replaces the passage when it still reads as proposed, and says what the text was before and after', () => {
    const { ytext } = findingText('Year 5 pupils explained their reasoning.');
    const range = anchorRange(ytext, 0, 'Year 5'.length);
    ytext.insert(ytext.length, ' Well done.');
    const result = applyCorrection(ytext, range, 'Year 5', 'Year 6');
    expect(result).toEqual({
      ok: true,
      before: 'Year 5 pupils explained their reasoning. Well done.',
      after: 'Year 6 pupils explained their reasoning. Well done.',
    });
  });

  it('inserts at a point and deletes a passage', () => {
    const { ytext } = findingText('Pupils read.');
    const point = anchorRange(ytext, 'Pupils'.length, 'Pupils'.length);
    ytext.insert(0, 'All ');
    expect(applyCorrection(ytext, point, '', ' in Year 3')).toMatchObject({
      ok: true,
      after: 'All Pupils in Year 3 read.',
    });
    const all = anchorRange(ytext, 0, 4);
    expect(applyCorrection(ytext, all, 'All ', '')).toMatchObject({ ok: true, after: 'Pupils in Year 3 read.' });
  });

  it('is outdated, and changes nothing, once the passage was edited or removed', () => {
    const { doc, id, ytext } = findingText('Reading is strong in Key Stage 2.');
    const start = ytext.toJSON().indexOf('Key Stage 2');
    const range = anchorRange(ytext, start, start + 'Key Stage 2'.length);
    // Someone else edits inside the passage in another replica.
    const other = replicaOf(doc);
    const theirs = suggestionText(other, { kind: 'finding', findingId: id });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    theirs?.delete(start + 'Key Stage '.length, 1);
    theirs?.insert(start + 'Key Stage '.length, 'two');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    const before = ytext.toJSON();
    expect(before).toBe('Reading is strong in Key Stage two.');
    expect(applyCorrection(ytext, range, 'Key Stage 2', 'Key Stage 1')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/changed since/) as string,
    });
    expect(ytext.toJSON()).toBe(before);

    ytext.delete(0, ytext.length);
    expect(applyCorrection(ytext, range, 'Key Stage 2', 'Key Stage 1')).toMatchObject({ ok: false });
    expect(ytext.toJSON()).toBe('');
  });

  it('is outdated when the finding itself was removed', () => {
    const { doc, id, ytext } = findingText('Gone soon.');
    const range = anchorRange(ytext, 0, 4);
    doc.getArray('findings').delete(0, 1);
    expect(suggestionText(doc, { kind: 'finding', findingId: id })).toBeUndefined();
    expect(checkPassage(ytext, range, 'Gone')).toMatchObject({ ok: false });
  });
});

describe('the record of corrections', () => {
  it('writes one line per correction, in plain words', () => {
    const { doc, id } = findingText('x');
    expect(suggestionTargetLabel(doc, { kind: 'finding', findingId: id })).toBe('Finding S01');
    const line = correctionLine({
      targetLabel: 'Finding S01',
      original: 'Year 5',
      replacement: 'Year 6',
      proposedBy: 'Headteacher (Fenbrook)',
      acceptedBy: 'Lead Reviewer',
      date: '12 March 2027',
    });
    expect(line).toBe(
      'Finding S01: "Year 5" corrected to "Year 6" (proposed by Headteacher (Fenbrook), accepted by Lead Reviewer, 12 March 2027)',
    );
    feedbackText(doc, 'corrections').insert(0, 'Written by hand');
    appendCorrection(doc, line);
    appendCorrection(doc, 'second');
    expect(feedbackText(doc, 'corrections').toJSON()).toBe(`Written by hand\n${line}\nsecond`);
  });
});
