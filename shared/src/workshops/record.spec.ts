import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { appendParagraphs, workshopFragment } from '../documents/enquiry.ts';
import { fragmentLines } from '../documents/readable.ts';
import { choosePriorities, workshopRecordParagraphs, writeWorkshopRecord, type WorkshopOutcome } from './record.ts';

const outcome: WorkshopOutcome = {
  focus: 'How might we build writing stamina in Year 4?',
  facilitator: 'Improvement Champion (Little Waltham)',
  attendees: [
    { role: 'Host school staff', count: 3 },
    { role: 'Host headteacher', count: 1 },
  ],
  rootCauses: ['Little planning time'],
  ideas: ['Writing journals', 'Peer editing'],
  priorities: [{ text: 'Writing journals', votes: 4 }],
  commitments: 2,
};

describe('choosePriorities', () => {
  it('keeps at most three targets with votes, most first, ties in board order', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
    const votes = new Map([
      ['a', 1],
      ['b', 3],
      ['c', 1],
      ['d', 0],
      ['e', 2],
    ]);
    expect(choosePriorities(items, votes)).toEqual([
      { id: 'b', votes: 3 },
      { id: 'e', votes: 2 },
      { id: 'a', votes: 1 },
    ]);
  });
});

describe('writeWorkshopRecord', () => {
  it('writes every section once; writing again changes nothing', () => {
    const doc = new Y.Doc();
    const paragraphs = workshopRecordParagraphs(outcome);
    expect(writeWorkshopRecord(doc, paragraphs)).toHaveLength(6);
    expect(fragmentLines(workshopFragment(doc, 'attendees'))).toEqual([
      'Facilitator: Improvement Champion (Little Waltham)',
      'Host school staff: 3',
      'Host headteacher: 1',
    ]);
    expect(fragmentLines(workshopFragment(doc, 'priorities'))).toEqual(['Writing journals (4 votes)']);
    expect(fragmentLines(workshopFragment(doc, 'commitments'))).toEqual(['2 people recorded a personal commitment.']);
    expect(writeWorkshopRecord(doc, paragraphs)).toEqual([]);
    expect(fragmentLines(workshopFragment(doc, 'ideas'))).toEqual(['Writing journals', 'Peer editing']);
  });

  it('replaces its own words with a new outcome, and never what a person wrote', () => {
    const doc = new Y.Doc();
    appendParagraphs(workshopFragment(doc, 'focus'), ['How might we make every lesson a writing lesson?']);
    writeWorkshopRecord(doc, workshopRecordParagraphs(outcome));
    const again = writeWorkshopRecord(doc, workshopRecordParagraphs({ ...outcome, commitments: 1 }));
    expect(again).toEqual(['commitments']);
    expect(fragmentLines(workshopFragment(doc, 'commitments'))).toEqual(['1 person recorded a personal commitment.']);
    expect(fragmentLines(workshopFragment(doc, 'focus'))).toEqual(['How might we make every lesson a writing lesson?']);
  });
});
