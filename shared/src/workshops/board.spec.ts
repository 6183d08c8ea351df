import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { boardDocumentName, parseBoardDocumentName, parseDocumentName } from '../realtime/documents.ts';
import { boardLayoutAccess, mayChangeNote, mayDraftActions } from '../permissions/workshops.ts';
import {
  addCluster,
  BoardLimits,
  placeOnGrid,
  readClusters,
  readGrid,
  readNotes,
  removeCluster,
  removeNote,
  renameCluster,
  rewriteNote,
  setNoteCluster,
  writeNote,
} from './board.ts';
import { ActionDraftSchema, VoteSchema } from './board-schemas.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const BOARD = '0c4a6c1e-1b1f-4a38-9a4f-5d2a1c0f9e11';
const uuid = () => globalThis.crypto.randomUUID();

describe('board document names', () => {
  it('round-trip, and are never taken for an enquiry part', () => {
    for (const kind of ['notes', 'layout'] as const) {
      const name = boardDocumentName(REVIEW, BOARD, kind);
      expect(parseBoardDocumentName(name)).toEqual({ reviewId: REVIEW, boardId: BOARD, kind });
      expect(parseDocumentName(name)).toBeNull();
    }
    expect(parseBoardDocumentName(`${REVIEW}.actions`)).toBeNull();
    expect(parseBoardDocumentName(`${REVIEW}.board.${BOARD}.other`)).toBeNull();
    expect(parseBoardDocumentName(`${REVIEW}.board.${BOARD}.notes.x`)).toBeNull();
    expect(parseBoardDocumentName(`${REVIEW}.board.not-a-uuid.notes`)).toBeNull();
  });
});

describe('notes document', () => {
  it('writes, rewrites and removes notes; an anonymous note carries no author', () => {
    const doc = new Y.Doc();
    const a = uuid();
    const b = uuid();
    writeNote(doc, { id: a, text: 'Phonics groups change too often', author: 'Link Lead', createdAt: 1 });
    writeNote(doc, { id: b, text: 'Nobody owns the reading spine', author: null, createdAt: 2 });
    expect(readNotes(doc).map((n) => [n.text, n.author])).toEqual([
      ['Phonics groups change too often', 'Link Lead'],
      ['Nobody owns the reading spine', null],
    ]);
    expect(JSON.stringify(doc.getMap('notes').get(b))).not.toContain('author":"');
    expect(rewriteNote(doc, b, 'Reading spine has no owner')).toBe(true);
    expect(readNotes(doc)[1]).toMatchObject({ text: 'Reading spine has no owner', author: null });
    expect(rewriteNote(doc, uuid(), 'x')).toBe(false);
    expect(removeNote(doc, a)).toBe(true);
    expect(readNotes(doc).map((n) => n.id)).toEqual([b]);
  });

  it('skips malformed entries', () => {
    const doc = new Y.Doc();
    doc.getMap('notes').set('x', 42);
    doc.getMap('notes').set('y', { id: 'z', text: 'wrong id' });
    expect(readNotes(doc)).toEqual([]);
  });
});

describe('layout document', () => {
  it('groups notes into clusters, one cluster per note, and ungroups them when a cluster goes', () => {
    const doc = new Y.Doc();
    const n1 = uuid();
    const n2 = uuid();
    const n3 = uuid();
    const c1 = addCluster(doc, '  Reading culture  ', [n1, n2]) ?? '';
    const c2 = addCluster(doc, 'Staffing', [n2]) ?? '';
    renameCluster(doc, c1, 'Reading for pleasure');
    renameCluster(doc, c1, '   ');
    const byName = (clusters: ReturnType<typeof readClusters>) => clusters.sort((a, b) => a.name.localeCompare(b.name));
    expect(byName(readClusters(doc))).toMatchObject([
      { id: c1, name: 'Reading for pleasure', noteIds: [n1] },
      { id: c2, name: 'Staffing', noteIds: [n2] },
    ]);
    setNoteCluster(doc, n3, c2);
    expect(readClusters(doc, [n1, n3]).find((c) => c.id === c2)?.noteIds).toEqual([n3]);
    removeCluster(doc, c2);
    expect(readClusters(doc).map((c) => c.id)).toEqual([c1]);
  });

  it('caps clusters and their names', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < BoardLimits.clustersPerBoard; i++) {
      expect(addCluster(doc, 'x'.repeat(500))).not.toBeNull();
    }
    expect(addCluster(doc, 'one too many')).toBeNull();
    expect(readClusters(doc)[0]?.name).toHaveLength(BoardLimits.clusterNameMaxLength);
  });

  it('places items on the impact/effort grid and ignores junk', () => {
    const doc = new Y.Doc();
    const item = uuid();
    placeOnGrid(doc, item, { impact: 'high', effort: 'low' });
    doc.getMap('grid').set(uuid(), { impact: 'huge', effort: 'low' });
    expect([...readGrid(doc)]).toEqual([[item, { impact: 'high', effort: 'low' }]]);
    placeOnGrid(doc, item, null);
    expect(readGrid(doc).size).toBe(0);
  });
});

describe('board rules and inputs', () => {
  it('lets facilitators always, participants unless locked, draft actions and arrange the layout', () => {
    expect(mayDraftActions('facilitator', true)).toBe(true);
    expect(mayDraftActions('participant', false)).toBe(true);
    expect(mayDraftActions('participant', true)).toBe(false);
    expect(mayDraftActions('observer', false)).toBe(false);
    expect(boardLayoutAccess('participant', true)).toBe('read');
    expect(boardLayoutAccess('observer', false)).toBe('read');
    expect(boardLayoutAccess('none', false)).toBe('none');
    expect(mayChangeNote('participant', false, true)).toBe(true);
    expect(mayChangeNote('facilitator', false, false)).toBe(false);
    expect(mayChangeNote('participant', true, true)).toBe(false);
  });

  it('validates votes and action drafts', () => {
    expect(VoteSchema.safeParse({ boardId: BOARD, targetId: BOARD, change: 2 }).success).toBe(false);
    expect(VoteSchema.safeParse({ boardId: BOARD, targetId: BOARD, change: -1 }).success).toBe(true);
    const draft = { clusterId: BOARD, action: 'Daily reading time', ownerRole: 'English lead' };
    expect(ActionDraftSchema.parse(draft)).toMatchObject({ startsOn: '', dueOn: '', support: '' });
    expect(ActionDraftSchema.safeParse({ ...draft, startsOn: '2026-03-01', dueOn: '2026-01-01' }).success).toBe(false);
    expect(ActionDraftSchema.safeParse({ ...draft, ownerRole: '' }).success).toBe(false);
  });
});
