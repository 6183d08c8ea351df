import {
  ErasedPersonName,
  ErasedTextPlaceholder,
  addCluster,
  addEvidence,
  readClusters,
  readEvidence,
  renameCluster,
  readNote,
  writeNote,
} from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { authoredRuns, eraseAuthoredItems, eraseBoardNote, holdsItemsOf } from './authored-items.ts';

const A = 101;
const B = 202;

/** A document as two people's browsers make it: each writes under their own client id, synced both ways. */
function twoWriters(): { a: Y.Doc; b: Y.Doc; sync: () => void } {
  const a = new Y.Doc();
  a.clientID = A;
  const b = new Y.Doc();
  b.clientID = B;
  const sync = () => {
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
  };
  return { a, b, sync };
}

/** B writes around A's words, and again between two of A's runs: "Oh, " A1 " and " A2 " indeed." */
function interleaved() {
  const { a, b, sync } = twoWriters();
  a.getText('t').insert(0, 'secret one');
  sync();
  b.getText('t').insert(0, 'Oh, ');
  b.getText('t').insert(b.getText('t').length, ' and ');
  sync();
  a.getText('t').insert(a.getText('t').length, 'secret two');
  sync();
  b.getText('t').insert(b.getText('t').length, ' indeed.');
  sync();
  return { a, b };
}

const holds = (doc: Y.Doc, words: string) =>
  Buffer.from(Y.encodeStateAsUpdate(doc)).includes(Buffer.from(words, 'utf8'));

describe('authoredRuns', () => {
  it('answers each contiguous run of the person’s characters', () => {
    const { b } = interleaved();
    expect(b.getText('t').toJSON()).toBe('Oh, secret one and secret two indeed.');
    expect(authoredRuns(b, new Set([A]))).toEqual(['secret one', 'secret two']);
    expect(authoredRuns(b, new Set([B]))).toEqual(['Oh, ', ' and ', ' indeed.']);
  });
});

describe('eraseAuthoredItems', () => {
  const erase = (doc: Y.Doc, policy: 'replace' | 'remove' | 'keep') =>
    eraseAuthoredItems(doc, { clients: new Set([A]), policy, names: [] });

  it('replaces each run with the placeholder once, keeping everyone else’s words, and is idempotent', () => {
    const { b } = interleaved();
    expect(erase(b, 'replace')).toBe(2);
    expect(b.getText('t').toJSON()).toBe(`Oh, ${ErasedTextPlaceholder} and ${ErasedTextPlaceholder} indeed.`);
    expect(erase(b, 'replace')).toBe(0);
    expect(b.getText('t').toJSON()).toBe(`Oh, ${ErasedTextPlaceholder} and ${ErasedTextPlaceholder} indeed.`);
  });

  it('removes the runs, and a garbage-collecting document then encodes none of their content', () => {
    const { b } = interleaved();
    expect(holds(b, 'secret')).toBe(true);
    erase(b, 'remove');
    expect(b.getText('t').toJSON()).toBe('Oh,  and  indeed.');
    expect(holds(b, 'secret')).toBe(false);
  });

  it('keeps the words with `keep`', () => {
    const { b } = interleaved();
    expect(erase(b, 'keep')).toBe(0);
    expect(b.getText('t').toJSON()).toBe('Oh, secret one and secret two indeed.');
  });

  it('leaves the structure the person made, with other people’s words inside it', () => {
    const { a, b, sync } = twoWriters();
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('mine')]);
    a.getXmlFragment('f').insert(0, [paragraph]);
    sync();
    const text = (b.getXmlFragment('f').get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(0, 'theirs ');
    sync();
    erase(a, 'remove');
    expect(a.getXmlFragment('f').toJSON()).toBe('<paragraph>theirs </paragraph>');
  });

  it('puts the placeholder name where a record holds the person’s name, under every policy', () => {
    const doc = new Y.Doc();
    doc.clientID = A;
    addEvidence(doc, { activityType: 'lesson_visit', reviewerId: 'u1', reviewerName: 'Jo Bloggs', observation: 'x' });
    eraseAuthoredItems(doc, { clients: new Set([A]), policy: 'keep', names: ['Jo Bloggs'] });
    expect(readEvidence(doc)[0]).toMatchObject({ reviewerName: ErasedPersonName, reviewerId: 'u1', observation: 'x' });
  });
});

describe('board groups', () => {
  it('renames a group whose name the person gave, and leaves a group someone else renamed since', () => {
    const { a, b, sync } = twoWriters();
    const mine = addCluster(a, 'My private theme') ?? '';
    const renamed = addCluster(a, 'Another of mine') ?? '';
    sync();
    renameCluster(b, renamed, 'Their theme');
    sync();
    eraseAuthoredItems(b, { clients: new Set([A]), policy: 'replace', names: [] });
    expect(readClusters(b).map((cluster) => [cluster.id, cluster.name])).toEqual(
      expect.arrayContaining([
        [mine, ErasedTextPlaceholder],
        [renamed, 'Their theme'],
      ]),
    );
  });
});

describe('eraseBoardNote', () => {
  const note = { id: 'n1', text: 'my idea', author: 'Jo Bloggs', createdAt: 1 };

  it('replaces a note’s text and name, or removes the note, or keeps its text without the name', () => {
    for (const [policy, expected] of [
      ['replace', { ...note, text: ErasedTextPlaceholder, author: ErasedPersonName }],
      ['remove', null],
      ['keep', { ...note, author: ErasedPersonName }],
    ] as const) {
      const doc = new Y.Doc();
      writeNote(doc, note);
      expect(eraseBoardNote(doc, 'n1', policy)).toBe(true);
      expect(readNote(doc, 'n1')).toEqual(expected);
    }
  });
});

describe('holdsItemsOf', () => {
  it('tells whether a stored update holds the person’s items, and treats undecodable bytes as holding them', () => {
    const { a } = interleaved();
    const update = Y.encodeStateAsUpdate(a);
    expect(holdsItemsOf(update, new Set([A]))).toBe(true);
    expect(holdsItemsOf(update, new Set([303]))).toBe(false);
    expect(holdsItemsOf(Uint8Array.of(255, 255, 255), new Set([303]))).toBe(true);
  });
});
