import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addEvidence,
  addFinding,
  contextFragment,
  feedbackText,
  linkEvidence,
  readEvidence,
  readFeedbackRecord,
  readFindings,
  setFeedbackDate,
} from './enquiry.ts';
import { restoreVersion } from './restore.ts';

const reviewer = { reviewerId: 'u', reviewerName: 'Reviewer' };

describe('restoring a named version', () => {
  it('brings back the evidence log as it was, as a new change that other replicas receive', () => {
    const server = new Y.Doc();
    const replica = new Y.Doc();
    server.on('update', (update: Uint8Array) => {
      Y.applyUpdate(replica, update);
    });
    addEvidence(server, { ...reviewer, activityType: 'learning_walk', observation: 'kept' });
    const version = Y.encodeStateAsUpdate(server);
    addEvidence(server, { ...reviewer, activityType: 'pupil_voice', observation: 'added later' });
    expect(readEvidence(replica)).toHaveLength(2);
    restoreVersion(server, 'evidence', version, 'restore');
    expect(readEvidence(server).map((e) => e.observation)).toEqual(['kept']);
    expect(readEvidence(replica).map((e) => e.observation)).toEqual(['kept']);
  });

  it('restores findings with their evidence links and rich text of the context', () => {
    const doc = new Y.Doc();
    const id = addFinding(doc, 'strength', 'Routine works', ['e1']);
    linkEvidence(doc, id, 'e2');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('Small rural school')]);
    contextFragment(doc, 'schoolContext').insert(0, [paragraph]);
    const version = Y.encodeStateAsUpdate(doc);
    addFinding(doc, 'development', 'Later finding');
    contextFragment(doc, 'schoolContext').delete(0, 1);
    restoreVersion(doc, 'findings', version, 'restore');
    restoreVersion(doc, 'context', version, 'restore');
    expect(readFindings(doc).map((f) => [f.text, f.evidenceIds])).toEqual([['Routine works', ['e1', 'e2']]]);
    expect(contextFragment(doc, 'schoolContext').toJSON()).toBe('<paragraph>Small rural school</paragraph>');
  });

  it('restores the feedback record, its date and its text', () => {
    const doc = new Y.Doc();
    setFeedbackDate(doc, '2026-11-23');
    feedbackText(doc, 'corrections').insert(0, 'E04 was Y5, not Y4');
    const version = Y.encodeStateAsUpdate(doc);
    setFeedbackDate(doc, '2026-11-24');
    feedbackText(doc, 'corrections').insert(0, 'Later: ');
    feedbackText(doc, 'hostResponse').insert(0, 'Added later');
    restoreVersion(doc, 'findings', version, 'restore');
    expect(readFeedbackRecord(doc)).toEqual({
      date: '2026-11-23',
      attendees: '',
      hostResponse: '',
      corrections: 'E04 was Y5, not Y4',
    });
  });
});
