import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addFinding,
  appendParagraphs,
  contextFragment,
  findingRecord,
  updateAction,
  workshopFragment,
} from './enquiry.ts';
import { diffReadable, readablePart, readableState } from './readable.ts';

const changed = (lines: ReturnType<typeof diffReadable>) => lines.filter((line) => line.change !== 'same');

describe('readablePart', () => {
  it('renders rich-text sections under their headings and records by their label', () => {
    const context = new Y.Doc();
    appendParagraphs(contextFragment(context, 'schoolContext'), ['A two-form entry primary.', 'Rural.']);
    expect(readablePart(context, 'context')[0]).toEqual({
      heading: 'School context',
      lines: ['A two-form entry primary.', 'Rural.'],
    });

    const findings = new Y.Doc();
    addFinding(findings, 'strength', 'Reading is loved.');
    addFinding(findings, 'development', 'Writing stamina dips in Year 4.');
    const headings = readablePart(findings, 'findings').map((block) => block.heading);
    expect(headings).toEqual(['S01 (Strength)', 'D01 (Area for development)', 'Feedback record']);

    const actions = new Y.Doc();
    addAction(actions, { action: 'Daily reading aloud', ownerRole: 'English lead' });
    expect(readablePart(actions, 'actions')[0]).toEqual({
      heading: 'A01',
      lines: ['Daily reading aloud', 'Owner: English lead', 'Status: Not started'],
    });
  });

  it('reads a saved state the same as the live document', () => {
    const doc = new Y.Doc();
    appendParagraphs(workshopFragment(doc, 'rootCauses'), ['Little time to plan writing.']);
    expect(readableState(Y.encodeStateAsUpdate(doc), 'workshop')).toEqual(readablePart(doc, 'workshop'));
    expect(readableState(new Uint8Array(), 'workshop').every((block) => block.lines.length === 0)).toBe(true);
  });
});

describe('diffReadable', () => {
  it('is all "same" for two equal renderings', () => {
    const doc = new Y.Doc();
    addFinding(doc, 'strength', 'Reading is loved.');
    const blocks = readablePart(doc, 'findings');
    expect(changed(diffReadable(blocks, blocks))).toEqual([]);
  });

  it('shows a new record as added lines, heading included', () => {
    const doc = new Y.Doc();
    addFinding(doc, 'strength', 'Reading is loved.');
    const before = readablePart(doc, 'findings');
    addFinding(doc, 'strength', 'Pupils talk about books with joy.');
    const lines = changed(diffReadable(before, readablePart(doc, 'findings')));
    expect(lines.map((line) => [line.kind, line.change, line.segments.map((s) => s.text).join('')])).toEqual([
      ['heading', 'added', 'S02 (Strength)'],
      ['text', 'added', 'Pupils talk about books with joy.'],
      ['text', 'added', 'Linked evidence: 0'],
    ]);
  });

  it('shows words inserted and deleted inside a changed line', () => {
    const doc = new Y.Doc();
    const id = addFinding(doc, 'development', 'Writing stamina dips in Year 4.');
    const before = readablePart(doc, 'findings');
    const text = findingRecord(doc, id)?.get('text') as Y.Text;
    text.delete(text.toJSON().indexOf('4'), 1);
    text.insert(text.toJSON().indexOf('Year ') + 5, '5');
    const [line] = changed(diffReadable(before, readablePart(doc, 'findings')));
    expect(line?.change).toBe('changed');
    expect(line?.segments.filter((s) => s.change === 'removed').map((s) => s.text.trim())).toEqual(['4']);
    expect(line?.segments.filter((s) => s.change === 'added').map((s) => s.text.trim())).toEqual(['5']);
    expect(
      line?.segments
        .filter((s) => s.change !== 'added')
        .map((s) => s.text)
        .join(''),
    ).toBe('Writing stamina dips in Year 4.');
  });

  it('shows a removed record and a changed field', () => {
    const doc = new Y.Doc();
    const first = addAction(doc, { action: 'Daily reading aloud' });
    addAction(doc, { action: 'Writing moderation with a partner school' });
    const before = readablePart(doc, 'actions');
    updateAction(doc, first, { status: 'on_track' });
    const after = readablePart(doc, 'actions');
    const lines = changed(diffReadable(before, after));
    expect(lines).toHaveLength(1);
    expect(lines[0]?.segments.find((s) => s.change === 'added')?.text).toContain('On track');
    expect(changed(diffReadable(after, after.slice(1))).every((line) => line.change === 'removed')).toBe(true);
  });
});
