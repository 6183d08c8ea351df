import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addEvidence,
  addFinding,
  addImpactCheckpoint,
  addTheme,
  appendParagraphs,
  contextFragment,
  evidenceRecord,
  feedbackText,
  findingsCiting,
  impactCheckpointRecord,
  linkEvidence,
  rateActionProgress,
  readActions,
  readEvidence,
  readFeedbackRecord,
  readFindings,
  readImpactCheckpoints,
  readThemes,
  removeEvidence,
  removeImpactCheckpoint,
  removeTheme,
  setCheckpointDate,
  setFeedbackDate,
  setThemeEvidence,
  themeRecord,
  unlinkEvidence,
  updateAction,
  updateEvidence,
  updateFinding,
  updateTheme,
} from './enquiry.ts';

/** Two replicas that exchange every update, like two browsers through the server. */
function pair(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') {
      Y.applyUpdate(b, update, 'remote');
    }
  });
  b.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'remote') {
      Y.applyUpdate(a, update, 'remote');
    }
  });
  return [a, b];
}

/** Two replicas that edit apart (offline) and then sync both ways. */
function syncOffline(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

const reviewer = { reviewerId: 'u1', reviewerName: 'Peer Reviewer (Hempshill)' };

describe('evidence log', () => {
  it('keeps both entries when two reviewers add evidence at once, labelled by position', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    addEvidence(a, {
      ...reviewer,
      activityType: 'learning_walk',
      observation: 'Class A: full sequence',
      tag: 'strength',
    });
    addEvidence(b, { ...reviewer, activityType: 'work_scrutiny', observation: '9 of 12 logged', tag: 'development' });
    syncOffline(a, b);
    const left = readEvidence(a);
    expect(left).toEqual(readEvidence(b));
    expect(left.map((e) => e.label)).toEqual(['E01', 'E02']);
    expect(left.map((e) => e.observation).sort()).toEqual(['9 of 12 logged', 'Class A: full sequence']);
  });

  it('merges two people typing in the same observation', () => {
    const [a, b] = pair();
    const id = addEvidence(a, { ...reviewer, activityType: 'pupil_voice', observation: 'Pupils like paired reading.' });
    const offlineB = new Y.Doc();
    Y.applyUpdate(offlineB, Y.encodeStateAsUpdate(b));
    (evidenceRecord(a, id)?.get('observation') as Y.Text).insert(0, 'Six pupils. ');
    (evidenceRecord(offlineB, id)?.get('observation') as Y.Text).insert(27, ' Two find books too hard.');
    syncOffline(a, offlineB);
    expect(readEvidence(a)[0]?.observation).toBe('Six pupils. Pupils like paired reading. Two find books too hard.');
  });

  it('updates and removes entries', () => {
    const doc = new Y.Doc();
    const id = addEvidence(doc, { ...reviewer, activityType: 'staff_voice' });
    updateEvidence(doc, id, { tag: 'development', checkedWithHost: true, subQuestions: ['SQ4'] });
    expect(readEvidence(doc)[0]).toMatchObject({ tag: 'development', checkedWithHost: true, subQuestions: ['SQ4'] });
    removeEvidence(doc, id);
    expect(readEvidence(doc)).toEqual([]);
  });

  it('groups evidence into emerging themes', () => {
    const doc = new Y.Doc();
    const e1 = addEvidence(doc, { ...reviewer, activityType: 'learning_walk' });
    addTheme(doc, 'Routine inconsistent between classes', [e1]);
    expect(readThemes(doc)).toEqual([
      expect.objectContaining({ statement: 'Routine inconsistent between classes', evidenceIds: [e1] }),
    ]);
  });
});

describe('emerging themes', () => {
  it('edits a statement in place, relinks evidence and removes a theme', () => {
    const [a, b] = pair();
    const e1 = addEvidence(a, { ...reviewer, activityType: 'learning_walk' });
    const e2 = addEvidence(a, { ...reviewer, activityType: 'pupil_voice' });
    const keep = addTheme(a, 'Routine varies', [e1]);
    const drop = addTheme(a, 'Reading for pleasure');
    const statement = themeRecord(b, keep)?.get('statement');
    updateTheme(b, keep, { statement: 'Routine varies between classes' });
    expect(themeRecord(a, keep)?.get('statement')).toBeInstanceOf(Y.Text);
    expect(themeRecord(b, keep)?.get('statement')).toBe(statement);
    setThemeEvidence(a, keep, e2, true);
    setThemeEvidence(b, keep, e2, true);
    setThemeEvidence(b, keep, e1, false);
    removeTheme(b, drop);
    expect(readThemes(a)).toEqual([{ id: keep, statement: 'Routine varies between classes', evidenceIds: [e2] }]);
    expect(readThemes(b)).toEqual(readThemes(a));
  });

  it('keeps both edits when one person removes a theme while another links evidence to another', () => {
    const a = new Y.Doc();
    const t1 = addTheme(a, 'One');
    const t2 = addTheme(a, 'Two');
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    removeTheme(a, t1);
    setThemeEvidence(b, t2, 'e9', true);
    syncOffline(a, b);
    expect(readThemes(a)).toEqual([{ id: t2, statement: 'Two', evidenceIds: ['e9'] }]);
  });
});

describe('feedback record', () => {
  it('merges two people writing different fields of an empty record at once', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    expect(readFeedbackRecord(a)).toEqual({ date: '', attendees: '', hostResponse: '', corrections: '' });
    setFeedbackDate(a, '2026-11-23');
    feedbackText(a, 'attendees').insert(0, 'Host head, lead reviewer');
    feedbackText(b, 'hostResponse').insert(0, 'Recognises the picture');
    feedbackText(b, 'attendees').insert(0, 'Deputy; ');
    syncOffline(a, b);
    expect(readFeedbackRecord(a)).toEqual(readFeedbackRecord(b));
    expect(readFeedbackRecord(a)).toMatchObject({
      date: '2026-11-23',
      hostResponse: 'Recognises the picture',
      corrections: '',
    });
    expect(readFeedbackRecord(a).attendees).toContain('Host head, lead reviewer');
    expect(readFeedbackRecord(a).attendees).toContain('Deputy; ');
  });
});

describe('findings', () => {
  it('labels findings by kind and links them to evidence, with back-links', () => {
    const evidence = new Y.Doc();
    const findings = new Y.Doc();
    const e2 = addEvidence(evidence, { ...reviewer, activityType: 'learning_walk' });
    const e3 = addEvidence(evidence, { ...reviewer, activityType: 'learning_walk' });
    const s1 = addFinding(findings, 'strength', 'Full routine improves pace', [e2]);
    addFinding(findings, 'development', 'Consistency between classes');
    const s2 = addFinding(findings, 'strength', 'Routine transferring');
    linkEvidence(findings, s2, e3);
    linkEvidence(findings, s2, e3);
    linkEvidence(findings, s1, e3);
    expect(readFindings(findings).map((f) => f.label)).toEqual(['S01', 'D01', 'S02']);
    expect(readFindings(findings)[2]?.evidenceIds).toEqual([e3]);
    expect(findingsCiting(findings, e3).map((f) => f.label)).toEqual(['S01', 'S02']);
    unlinkEvidence(findings, s1, e3);
    expect(findingsCiting(findings, e3).map((f) => f.label)).toEqual(['S02']);
  });

  it('keeps no sharing choice in the document: the host headteacher makes it on the server', () => {
    const doc = new Y.Doc();
    const id = addFinding(doc, 'strength');
    updateFinding(doc, id, { strength: 'strong' });
    expect(readFindings(doc)[0]).toMatchObject({ strength: 'strong' });
    expect(readFindings(doc)[0]).not.toHaveProperty('shareable');
  });
});

describe('action plan', () => {
  it('adds and updates rows', () => {
    const [a, b] = pair();
    const id = addAction(a, { action: 'Train TAs in the routine', ownerRole: 'English lead', dueOn: '2027-01-30' });
    updateAction(b, id, { status: 'on_track' });
    expect(readActions(a)).toEqual([
      expect.objectContaining({
        label: 'A01',
        action: 'Train TAs in the routine',
        ownerRole: 'English lead',
        status: 'on_track',
      }),
    ]);
  });
});

describe('impact review', () => {
  it('records checkpoints with a RAG rating per action, merged across replicas', () => {
    const [a, b] = pair();
    const a1 = addAction(a, { action: 'Train TAs' });
    const a2 = addAction(a, { action: 'Book look each half-term' });
    const id = addImpactCheckpoint(a, { date: '2027-02-10' });
    rateActionProgress(a, id, a1, 'green');
    rateActionProgress(b, id, a2, 'amber');
    (impactCheckpointRecord(b, id)?.get('impactOnPupils') as Y.Text).insert(0, 'More pupils finish tasks');
    setCheckpointDate(b, id, '2027-02-11');
    expect(readImpactCheckpoints(a)).toEqual([
      {
        id,
        label: 'C01',
        date: '2027-02-11',
        attendees: '',
        impactOnPupils: 'More pupils finish tasks',
        nextSteps: '',
        progress: { [a1]: 'green', [a2]: 'amber' },
      },
    ]);
    rateActionProgress(a, id, a1, null);
    expect(readImpactCheckpoints(b)[0]?.progress).toEqual({ [a2]: 'amber' });
    removeImpactCheckpoint(b, id);
    expect(readImpactCheckpoints(a)).toEqual([]);
  });

  it('ignores a rating that is not red, amber or green', () => {
    const doc = new Y.Doc();
    const id = addImpactCheckpoint(doc);
    (impactCheckpointRecord(doc, id)?.get('progress') as Y.Map<unknown>).set('x', 'purple');
    expect(readImpactCheckpoints(doc)[0]?.progress).toEqual({});
  });
});

describe('context', () => {
  it('has one rich-text fragment per section', () => {
    const doc = new Y.Doc();
    expect(contextFragment(doc, 'our_impact')).toBe(contextFragment(doc, 'our_impact'));
    expect(contextFragment(doc, 'our_impact')).not.toBe(contextFragment(doc, 'looking_inward'));
  });

  it('appends plain paragraphs as the editor writes them, after what is there', () => {
    const doc = new Y.Doc();
    const fragment = contextFragment(doc, 'schoolContext');
    appendParagraphs(fragment, ['One form of entry.']);
    appendParagraphs(fragment, ['Two <classes> & a nursery.', '']);
    expect(fragment.toJSON()).toBe(
      '<paragraph>One form of entry.</paragraph><paragraph>Two <classes> & a nursery.</paragraph><paragraph></paragraph>',
    );
    expect(fragment.toArray().map((node) => (node as Y.XmlElement).nodeName)).toEqual([
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
    expect(((fragment.get(1) as Y.XmlElement).get(0) as Y.XmlText).toString()).toBe('Two <classes> & a nursery.');
  });
});
