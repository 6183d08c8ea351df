import type * as Y from 'yjs';
import {
  FindingKinds,
  WorkshopSectionLabel,
  WorkshopSections,
  readActions,
  readEvidence,
  readFeedbackRecord,
  readFindings,
  readImpactCheckpoints,
  workshopFragment,
  type ProgressRating,
} from '../documents/enquiry.ts';
import {
  ReviewRoleLabel,
  ReviewStateLabel,
  reached,
  type ReviewRole,
  type ReviewState,
} from '../domain/review-states.ts';
import type { ReportKind, ReportSection } from '../permissions/reports.ts';
import { SignOffRoleLabel, type SignOffRole } from '../permissions/sign-offs.ts';
import { FrameworkThemeLabel } from '../domain/review-terms.ts';
import type { Focus } from '../schemas/reviews.ts';
import type { ReportBlock, ReportDocument } from './blocks.ts';
import {
  ActionStatusLabel,
  ActivityKindLabel,
  EvidenceTagLabel,
  FindingKindLabel,
  ProgressRatingLabel,
  ReviewModeLabel,
} from '../documents/labels.ts';
import { richTextBlocks } from './rich-text.ts';

/** What the review record says about the review (docs/domain.md c.1), as the report prints it. */
export interface ReportFacts {
  reviewId: string;
  partnershipName: string;
  hostSchool: { name: string; county: string | null };
  academicYear: string;
  mode: keyof typeof ReviewModeLabel;
  /** YYYY-MM-DD. */
  startsOn: string | null;
  endsOn: string | null;
  state: ReviewState;
  team: { role: ReviewRole; displayName: string }[];
  focus: Focus | null;
  /** Findings the host headteacher marked "may be shared beyond the school". */
  shareableFindingIds: ReadonlySet<string>;
  /** The version the host headteacher's latest sign-off saved: what was agreed. */
  agreedVersion: { label: string; savedAt: string; fingerprint: string };
  signOffs: {
    role: SignOffRole;
    displayName: string;
    signedAt: string;
    fingerprint: string | null;
    note: string | null;
  }[];
}

/**
 * The documents the report reads. `findings` and `evidence` are the agreed version's (frozen); `workshop` and
 * `actions` are the live ones (they are written after the report is agreed). The evidence log is read for its
 * E01… labels always, and for its entries only when the copy holds the evidence section.
 */
export interface ReportParts {
  findings: Y.Doc;
  evidence: Y.Doc;
  workshop?: Y.Doc;
  actions?: Y.Doc;
  /** The impact checkpoints' records (docs/impact-review.md); reviews before them kept theirs in `actions`. */
  impact?: ReportImpact;
}

/** The recorded impact huddles, in date order, as the report shows them. */
export interface ReportImpact {
  checkpoints: {
    label: string;
    /** YYYY-MM-DD, London. */
    date: string;
    attendees: string;
    evidence: string;
    adjustments: string;
    ratings: { label: string; text: string; rating: ProgressRating }[];
  }[];
}

const KindTitle: Record<ReportKind, string> = {
  full: 'Peer review report',
  briefing: 'Improvement champion’s briefing pack',
  governors: 'Peer review report for governors',
};

/** The agreed report as a tree of blocks, holding only the sections named (already decided per reader). */
export function assembleReport(
  facts: ReportFacts,
  parts: ReportParts,
  options: { kind: ReportKind; sections: readonly ReportSection[] },
): ReportDocument {
  const has = (section: ReportSection) => options.sections.includes(section);
  const title = `${KindTitle[options.kind]}: ${facts.hostSchool.name}, ${facts.academicYear}`;
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 1, text: title }, ...header(facts)];
  if (has('focus')) {
    blocks.push(...focusBlocks(facts.focus));
  }
  const evidence = readEvidence(parts.evidence);
  const evidenceLabel = new Map(evidence.map((entry) => [entry.id, entry.label]));
  if (has('findings')) {
    blocks.push(...findingBlocks(parts.findings, evidenceLabel, facts.shareableFindingIds));
  }
  if (has('evidence') && evidence.length > 0) {
    blocks.push(
      { kind: 'heading', level: 2, text: 'Evidence appendix' },
      {
        kind: 'table',
        caption: 'Evidence log entries cited by the findings',
        header: ['Ref', 'Activity', 'Source', 'Observation', 'Tag'],
        rows: evidence.map((e) => [
          e.label,
          ActivityKindLabel[e.activityType],
          e.source,
          e.observation,
          EvidenceTagLabel[e.tag],
        ]),
      },
    );
  }
  if (has('feedback')) {
    blocks.push(...feedbackBlocks(parts.findings));
  }
  if (has('workshop') && parts.workshop && reached(facts.state, 'workshop_held')) {
    blocks.push(...workshopBlocks(parts.workshop));
  }
  if (has('actions') && parts.actions && reached(facts.state, 'action_plan_published')) {
    blocks.push(...actionBlocks(parts.actions));
  }
  if (has('impact') && reached(facts.state, 'support_in_progress')) {
    if (parts.impact && parts.impact.checkpoints.length > 0) {
      blocks.push(...recordedImpactBlocks(parts.impact));
    } else if (parts.actions) {
      blocks.push(...impactBlocks(parts.actions));
    }
  }
  if (has('sign_offs')) {
    blocks.push(...signOffBlocks(facts));
  }
  return { title, confidentiality: 'Host school confidential', language: 'en-GB', blocks };
}

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/London',
});

/** A YYYY-MM-DD day in words ("12 March 2026"); '' stays ''. */
export function reportDate(day: string | null): string {
  return day ? dateFormat.format(new Date(`${day}T12:00:00Z`)) : '';
}

const reportDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

function header(facts: ReportFacts): ReportBlock[] {
  const dates = [facts.startsOn, facts.endsOn].filter((d, i, all): d is string => !!d && all.indexOf(d) === i);
  const team = (
    ['lead_reviewer', 'peer_reviewer', 'improvement_champion', 'host_headteacher', 'host_link_lead'] as const
  )
    .map((role) => {
      const names = facts.team.filter((m) => m.role === role).map((m) => m.displayName);
      return names.length > 0 ? `${ReviewRoleLabel[role]}: ${names.join(', ')}` : '';
    })
    .filter((line) => line !== '');
  const school = facts.hostSchool.county
    ? `${facts.hostSchool.name} (${facts.hostSchool.county})`
    : facts.hostSchool.name;
  return [
    { kind: 'paragraph', label: 'Confidentiality', text: 'Host school confidential' },
    {
      kind: 'table',
      caption: 'About this review',
      header: ['Item', 'Detail'],
      rows: [
        ['Review ID', facts.reviewId],
        ['Partnership', facts.partnershipName],
        ['Host school', school],
        ['Academic year', facts.academicYear],
        ['Mode', ReviewModeLabel[facts.mode]],
        ['Review dates', dates.map(reportDate).join(' and ') || 'Not recorded'],
        ['Team', team.join('\n')],
        ['State', ReviewStateLabel[facts.state]],
        ['Version', `${facts.agreedVersion.label}, saved ${reportDateTime(facts.agreedVersion.savedAt)}`],
        ['Fingerprint (SHA-256) of the agreed version', facts.agreedVersion.fingerprint],
      ],
    },
  ];
}

function focusBlocks(focus: Focus | null): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Enquiry focus' }];
  if (!focus) {
    blocks.push({ kind: 'paragraph', text: 'No enquiry focus was recorded.' });
    return blocks;
  }
  blocks.push({ kind: 'paragraph', label: 'Enquiry question', text: focus.question });
  if (focus.themes.length > 0) {
    blocks.push({
      kind: 'paragraph',
      label: 'Framework themes',
      text: focus.themes.map((t) => FrameworkThemeLabel[t]).join(', '),
    });
  }
  if (focus.rationale) {
    blocks.push({ kind: 'paragraph', label: 'Rationale', text: focus.rationale });
  }
  if (focus.subQuestions.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Lines of enquiry' });
    blocks.push({ kind: 'list', ordered: true, items: focus.subQuestions });
  }
  if (focus.successDescriptors) {
    blocks.push({ kind: 'paragraph', label: 'What good would look like', text: focus.successDescriptors });
  }
  if (focus.outOfScope.length > 0) {
    blocks.push({ kind: 'heading', level: 3, text: 'Out of scope' });
    blocks.push({ kind: 'list', ordered: false, items: focus.outOfScope });
  }
  return blocks;
}

function findingBlocks(doc: Y.Doc, evidenceLabel: Map<string, string>, shareable: ReadonlySet<string>): ReportBlock[] {
  const findings = readFindings(doc);
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Findings' }];
  for (const kind of FindingKinds) {
    const ofKind = findings.filter((f) => f.kind === kind && f.text.trim() !== '');
    blocks.push({ kind: 'heading', level: 3, text: FindingKindLabel[kind] });
    if (ofKind.length === 0) {
      blocks.push({ kind: 'paragraph', text: 'None recorded.' });
      continue;
    }
    blocks.push({
      kind: 'list',
      ordered: false,
      items: ofKind.map((f) => {
        const refs = f.evidenceIds.map((id) => evidenceLabel.get(id)).filter((l): l is string => !!l);
        const notes = [
          refs.length > 0 ? `Evidence: ${refs.join(', ')}.` : 'No evidence linked.',
          f.strength ? `Evidence strength: ${f.strength}.` : '',
          shareable.has(f.id) ? 'May be shared beyond the school.' : '',
        ].filter((n) => n !== '');
        return `${f.label}: ${f.text.trim()} (${notes.join(' ')})`;
      }),
    });
  }
  return blocks;
}

function feedbackBlocks(doc: Y.Doc): ReportBlock[] {
  const record = readFeedbackRecord(doc);
  const line = (label: string, text: string): ReportBlock => ({
    kind: 'paragraph',
    label,
    text: text.trim() || 'Not recorded.',
  });
  return [
    { kind: 'heading', level: 2, text: 'Feedback record' },
    line('Date', reportDate(record.date)),
    line('Attendees', record.attendees),
    line('The host headteacher’s response', record.hostResponse),
    line('Factual corrections made', record.corrections),
  ];
}

function workshopBlocks(doc: Y.Doc): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Improvement workshop record' }];
  for (const section of WorkshopSections) {
    const content = richTextBlocks(workshopFragment(doc, section));
    blocks.push({ kind: 'heading', level: 3, text: WorkshopSectionLabel[section] });
    blocks.push(...(content.length > 0 ? content : [{ kind: 'paragraph' as const, text: 'Not recorded.' }]));
  }
  return blocks;
}

function actionBlocks(doc: Y.Doc): ReportBlock[] {
  const actions = readActions(doc);
  return [
    { kind: 'heading', level: 2, text: 'Action plan' },
    actions.length === 0
      ? { kind: 'paragraph', text: 'No actions were recorded.' }
      : {
          kind: 'table',
          caption: 'Actions agreed after the improvement workshop',
          header: ['Ref', 'Action', 'Owner', 'Partner support and resources', 'Dates', 'Success criteria', 'Status'],
          rows: actions.map((a) => [
            a.label,
            a.action,
            a.ownerRole,
            [a.support, a.resources].filter((s) => s.trim() !== '').join('\n'),
            [a.startsOn && `From ${reportDate(a.startsOn)}`, a.dueOn && `Due ${reportDate(a.dueOn)}`]
              .filter((s) => !!s)
              .join('\n'),
            a.successCriteria,
            ActionStatusLabel[a.status],
          ]),
        },
  ];
}

/** The impact review from its records: each recorded huddle with its ratings, evidence and adjustments. */
function recordedImpactBlocks(impact: ReportImpact): ReportBlock[] {
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Impact review' }];
  for (const checkpoint of impact.checkpoints) {
    blocks.push(
      { kind: 'heading', level: 3, text: `Checkpoint ${checkpoint.label}: ${reportDate(checkpoint.date)}` },
      { kind: 'paragraph', label: 'Who attended', text: checkpoint.attendees.trim() || 'Not recorded.' },
      {
        kind: 'table',
        caption: `Progress per action at checkpoint ${checkpoint.label}`,
        header: ['Action', 'Progress'],
        rows: checkpoint.ratings.map((r) => [`${r.label}: ${r.text}`, ProgressRatingLabel[r.rating]]),
      },
      { kind: 'paragraph', label: 'Evidence of impact on pupils', text: checkpoint.evidence.trim() || 'Not recorded.' },
      { kind: 'paragraph', label: 'Adjustments to the plan', text: checkpoint.adjustments.trim() || 'None.' },
    );
  }
  return blocks;
}

/** The impact review as reviews before the records kept it, in the enquiry document. */
function impactBlocks(doc: Y.Doc): ReportBlock[] {
  const checkpoints = readImpactCheckpoints(doc);
  if (checkpoints.length === 0) {
    return [];
  }
  const actions = readActions(doc);
  const blocks: ReportBlock[] = [{ kind: 'heading', level: 2, text: 'Impact review' }];
  for (const checkpoint of checkpoints) {
    blocks.push(
      {
        kind: 'heading',
        level: 3,
        text: `Checkpoint ${checkpoint.label}: ${reportDate(checkpoint.date) || 'date not set'}`,
      },
      { kind: 'paragraph', label: 'Who attended', text: checkpoint.attendees.trim() || 'Not recorded.' },
    );
    const rated = actions.filter((a) => checkpoint.progress[a.id]);
    if (rated.length > 0) {
      blocks.push({
        kind: 'table',
        caption: `Progress per action at checkpoint ${checkpoint.label}`,
        header: ['Action', 'Progress'],
        rows: rated.map((a) => {
          const rating = checkpoint.progress[a.id];
          return [`${a.label}: ${a.action}`, rating ? ProgressRatingLabel[rating] : ''];
        }),
      });
    }
    blocks.push(
      {
        kind: 'paragraph',
        label: 'Evidence of impact on pupils',
        text: checkpoint.impactOnPupils.trim() || 'Not recorded.',
      },
      { kind: 'paragraph', label: 'Next steps', text: checkpoint.nextSteps.trim() || 'Not recorded.' },
    );
  }
  return blocks;
}

function signOffBlocks(facts: ReportFacts): ReportBlock[] {
  return [
    { kind: 'heading', level: 2, text: 'Sign-off' },
    facts.signOffs.length === 0
      ? { kind: 'paragraph', text: 'No signatures were recorded.' }
      : {
          kind: 'table',
          caption: 'Who signed the findings off, and the fingerprint of the version each signed',
          header: ['Role', 'Name', 'Signed', 'Fingerprint (SHA-256) of the version signed', 'Note'],
          rows: facts.signOffs.map((s) => [
            SignOffRoleLabel[s.role],
            s.displayName,
            reportDateTime(s.signedAt),
            s.fingerprint ?? 'No version was saved with this signature',
            s.note ?? '',
          ]),
        },
  ];
}
