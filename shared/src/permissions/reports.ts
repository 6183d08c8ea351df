import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import { reached } from '../domain/review-states.ts';
import type { Refusal } from './decision.ts';
import { atLeast, reviewAccess, type ReviewAccessContext, type ReviewArtefact } from './reviews.ts';

/**
 * Who may take the agreed report out of Crosswalk, and what each copy holds (docs/reports.md). The report belongs
 * to the host school (docs/domain.md e.1): it leaves only for people who may read its findings, and each section
 * only for people who may read the part it comes from.
 */

/** The sections of the agreed report after its header, in the order they appear. */
export const ReportSections = [
  'focus',
  'findings',
  'evidence',
  'feedback',
  'workshop',
  'actions',
  'impact',
  'sign_offs',
] as const;
export type ReportSection = (typeof ReportSections)[number];

export const ReportSectionLabel: Record<ReportSection, string> = {
  focus: 'Enquiry focus',
  findings: 'Findings',
  evidence: 'Evidence appendix',
  feedback: 'Feedback record',
  workshop: 'Improvement workshop record',
  actions: 'Action plan',
  impact: 'Impact review',
  sign_offs: 'Sign-off',
};

/** The artefact of the permission matrix each section comes from. */
const SectionArtefact: Record<ReportSection, ReviewArtefact> = {
  focus: 'findings',
  findings: 'findings',
  evidence: 'evidence_log',
  feedback: 'findings',
  workshop: 'workshop',
  actions: 'action_plan',
  impact: 'action_plan',
  sign_offs: 'findings',
};

/** The three copies: the full report, the improvement champion's briefing pack, and the governors' version. */
export const ReportKinds = ['full', 'briefing', 'governors'] as const;
export type ReportKind = (typeof ReportKinds)[number];

/** What the governors' version holds until the host headteacher chooses otherwise. */
export const DefaultGovernorSections: readonly ReportSection[] = [
  'focus',
  'findings',
  'feedback',
  'actions',
  'sign_offs',
];

export type ReportDecision = { ok: true; sections: ReportSection[] } | Refusal;

/** Whether the agreed report exists yet; the reason says when it will. */
export function decideReportReady(ctx: ReviewAccessContext, hasAgreedVersion: boolean): { ok: true } | Refusal {
  if (ctx.state === 'cancelled') {
    return { ok: false, kind: 'conflict', reason: 'This review was cancelled, so it has no agreed report.' };
  }
  if (!reached(ctx.state, 'report_agreed') && ctx.state !== 'paused') {
    return {
      ok: false,
      kind: 'conflict',
      reason:
        'The report can be downloaded once the host headteacher has accepted it and both sign-offs are in (the “Report agreed” stage).',
    };
  }
  if (ctx.state === 'paused') {
    return {
      ok: false,
      kind: 'conflict',
      reason: 'This review is paused. The report can be downloaded once it resumes.',
    };
  }
  if (!hasAgreedVersion) {
    return {
      ok: false,
      kind: 'conflict',
      reason:
        'The host headteacher has not signed off a version of the report yet, so there is no agreed version to download.',
    };
  }
  return { ok: true };
}

const mayRead = (ctx: ReviewAccessContext, section: ReportSection) =>
  atLeast(reviewAccess(ctx, SectionArtefact[section]), 'read');

/**
 * The sections this person's copy holds, or `refused` (answered as "not found") when they may not have that copy:
 * anyone who may not read the findings; for the governors' version, anyone outside the host school or who may not
 * read every section the host headteacher chose. The briefing pack holds evidence only when the host has shared the
 * evidence log with the improvement champion, whoever downloads it, so it is the same pack for everyone.
 */
export function decideReportSections(
  ctx: ReviewAccessContext,
  kind: ReportKind,
  governorSections: readonly ReportSection[] = DefaultGovernorSections,
): ReportDecision {
  const refused: Refusal = {
    ok: false,
    kind: 'refused',
    reason: 'Your role on this review does not include this report.',
  };
  if (!mayRead(ctx, 'findings')) {
    return refused;
  }
  if (kind === 'full') {
    return { ok: true, sections: ReportSections.filter((s) => mayRead(ctx, s)) };
  }
  if (kind === 'briefing') {
    const withEvidence = ctx.sharing.evidenceWithChampion && mayRead(ctx, 'evidence');
    return { ok: true, sections: ['focus', 'findings', ...(withEvidence ? (['evidence'] as const) : [])] };
  }
  const hostSide = ctx.roles.some((r) => r === 'host_headteacher' || r === 'host_link_lead');
  if (!hostSide || !governorSections.every((s) => mayRead(ctx, s))) {
    return refused;
  }
  return { ok: true, sections: ReportSections.filter((s) => governorSections.includes(s)) };
}

/** Only the host headteacher chooses what the governors' version holds (the report is the school's). */
export function decideGovernorSectionsChoice(roles: readonly ReviewViewerRole[]): { ok: true } | Refusal {
  return roles.includes('host_headteacher')
    ? { ok: true }
    : { ok: false, kind: 'refused', reason: 'Only the host headteacher chooses what the governors’ version holds.' };
}
