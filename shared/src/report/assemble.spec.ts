import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import {
  addAction,
  addEvidence,
  addFinding,
  readFindings,
  appendParagraphs,
  feedbackText,
  workshopFragment,
} from '../documents/enquiry.ts';
import { assembleReport, type ReportFacts } from './assemble.ts';
import type { ReportBlock } from './blocks.ts';
import { richTextBlocks } from './rich-text.ts';

const facts: ReportFacts = {
  reviewId: 'r-1',
  partnershipName: 'Five Counties',
  hostSchool: { name: 'Fenbrook Primary', county: 'Essex' },
  academicYear: '2025/26',
  mode: 'virtual',
  startsOn: '2026-03-10',
  endsOn: '2026-03-11',
  state: 'action_plan_published',
  team: [
    { role: 'lead_reviewer', displayName: 'Ann Lead' },
    { role: 'peer_reviewer', displayName: 'Pat Peer' },
  ],
  shareableFindingIds: new Set<string>(),
  focus: {
    question: 'To what extent do pupils catch up?',
    rationale: 'Outcomes dipped.',
    themes: ['our_impact'],
    subQuestions: ['How often are pupils checked?', 'Who helps them?'],
    successDescriptors: '',
    outOfScope: ['Individual teacher appraisal'],
  },
  agreedVersion: { label: 'Signed off by the host headteacher', savedAt: '2026-03-20T16:00:00Z', fingerprint: 'ab cd' },
  signOffs: [
    {
      role: 'host_headteacher',
      displayName: 'Hana Head',
      signedAt: '2026-03-20T16:00:00Z',
      fingerprint: 'ab cd',
      note: null,
    },
  ],
};

function parts() {
  const evidence = new Y.Doc();
  const e1 = addEvidence(evidence, {
    activityType: 'learning_walk',
    reviewerId: 'u',
    reviewerName: 'Pat',
    source: 'Y1',
    observation: 'Secret observation',
  });
  const findings = new Y.Doc();
  addFinding(findings, 'strength', 'Sessions are brisk.', [e1]);
  feedbackText(findings, 'hostResponse').insert(0, 'Accepted.');
  const workshop = new Y.Doc();
  appendParagraphs(workshopFragment(workshop, 'rootCauses'), ['Two schemes.']);
  const actions = new Y.Doc();
  addAction(actions, { action: 'One scheme', ownerRole: 'Phonics lead', status: 'on_track' });
  return { evidence, findings, workshop, actions };
}

const text = (blocks: ReportBlock[]) =>
  blocks
    .map((b) =>
      b.kind === 'table'
        ? [b.caption, ...b.header, ...b.rows.flat()].join(' ')
        : b.kind === 'list'
          ? b.items.join(' ')
          : `${b.kind === 'paragraph' && b.label ? `${b.label}: ` : ''}${b.text}`,
    )
    .join('\n');

describe('the agreed report model', () => {
  it('holds the header, focus, findings with their evidence references and the later sections, in order', () => {
    const report = assembleReport(facts, parts(), {
      kind: 'full',
      sections: ['focus', 'findings', 'evidence', 'feedback', 'workshop', 'actions', 'impact', 'sign_offs'],
    });
    expect(report).toMatchObject({ title: 'Peer review report: Fenbrook Primary, 2025/26', language: 'en-GB' });
    const headings = report.blocks
      .filter((b) => b.kind === 'heading' && b.level <= 2)
      .map((b) => (b as { text: string }).text);
    expect(headings).toEqual([
      'Peer review report: Fenbrook Primary, 2025/26',
      'Enquiry focus',
      'Findings',
      'Evidence appendix',
      'Feedback record',
      'Improvement workshop record',
      'Action plan',
      'Sign-off',
    ]);
    const all = text(report.blocks);
    expect(all).toContain('Enquiry question: To what extent do pupils catch up?');
    expect(all).toContain('S01: Sessions are brisk. (Evidence: E01.)');
    expect(all).toContain('Secret observation');
    expect(all).toContain('Lead reviewer: Ann Lead');
    expect(all).toContain('Review dates 10 March 2026 and 11 March 2026');
  });

  it('shows the impact review from its records: each recorded huddle with ratings, evidence and adjustments', () => {
    const report = assembleReport(
      { ...facts, state: 'closed' },
      {
        ...parts(),
        impact: {
          checkpoints: [
            {
              label: 'C02',
              date: '2026-07-01',
              attendees: 'Head and champion',
              evidence: 'Catch-up pupils read at pace.',
              adjustments: 'Keep the weekly checks.',
              ratings: [{ label: 'A01', text: 'One scheme', rating: 'green' }],
            },
          ],
        },
      },
      { kind: 'full', sections: ['impact'] },
    );
    const all = text(report.blocks);
    expect(all).toContain('Impact review');
    expect(all).toContain('Checkpoint C02: 1 July 2026');
    expect(all).toContain('A01: One scheme Green: on track');
    expect(all).toContain('Evidence of impact on pupils: Catch-up pupils read at pace.');
    expect(all).toContain('Adjustments to the plan: Keep the weekly checks.');
  });

  it('says which findings the host headteacher lets be shared beyond the school', () => {
    const given = parts();
    const [finding] = readFindings(given.findings);
    const report = assembleReport({ ...facts, shareableFindingIds: new Set([finding?.id ?? '']) }, given, {
      kind: 'full',
      sections: ['findings'],
    });
    expect(text(report.blocks)).toContain('S01: Sessions are brisk. (Evidence: E01. May be shared beyond the school.)');
    expect(text(assembleReport(facts, given, { kind: 'full', sections: ['findings'] }).blocks)).not.toContain(
      'May be shared',
    );
  });

  it('holds nothing from a section it was not given, yet keeps the evidence labels', () => {
    const report = assembleReport(facts, parts(), { kind: 'briefing', sections: ['focus', 'findings'] });
    const all = text(report.blocks);
    expect(all).toContain('S01: Sessions are brisk. (Evidence: E01.)');
    expect(all).not.toContain('Secret observation');
    expect(all).not.toContain('Accepted.');
    expect(all).not.toContain('Two schemes.');
    expect(report.title).toBe('Improvement champion’s briefing pack: Fenbrook Primary, 2025/26');
  });

  it('leaves out the workshop record and action plan until the review reaches them', () => {
    const report = assembleReport({ ...facts, state: 'report_agreed' }, parts(), {
      kind: 'full',
      sections: ['findings', 'workshop', 'actions', 'impact'],
    });
    expect(text(report.blocks)).not.toContain('Two schemes.');
    expect(text(report.blocks)).not.toContain('One scheme');
  });

  it('reads rich text as paragraphs and lists', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('x');
    appendParagraphs(fragment, ['First.']);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText('An item')]);
    item.insert(0, [paragraph]);
    list.insert(0, [item]);
    fragment.insert(1, [list]);
    expect(richTextBlocks(fragment)).toEqual([
      { kind: 'paragraph', text: 'First.' },
      { kind: 'list', ordered: false, items: ['An item'] },
    ]);
  });
});
