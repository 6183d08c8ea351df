import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import { reached, type ReviewRole, type ReviewState } from '../domain/review-states.ts';
import type { Refusal } from './decision.ts';

/**
 * The permission matrix of docs/domain.md e.2: role × artefact × lifecycle state. Every REST route, the realtime
 * upgrade and the socket.io handlers ask these functions; none decides access on its own.
 */

export const ReviewArtefacts = [
  'schedule',
  'team',
  'self_review',
  'enquiry_focus',
  'evidence_log',
  'findings',
  'workshop',
  'action_plan',
] as const;
export type ReviewArtefact = (typeof ReviewArtefacts)[number];

/** Ordered from least to most. `metadata` is dates, state and school names only. */
export const AccessLevels = ['none', 'metadata', 'read', 'comment', 'write'] as const;
export type Access = (typeof AccessLevels)[number];

export interface ReviewAccessContext {
  roles: readonly ReviewViewerRole[];
  state: ReviewState;
  /** What the host headteacher has chosen to open to the improvement champion and to an SPP associate. */
  sharing: ReviewSharingFlags;
  /**
   * Whether the review closed longer ago than its partnership's access window (docs/domain.md e.2 rule 2): the
   * team's reviewers and champion then lose it, the host school keeps it. Absent: the window is still open.
   */
  memberAccessEnded?: boolean;
  /**
   * Whether the review's content is being or has been deleted at the end of its retention
   * (shared/src/permissions/retention.ts): what is left is its schedule, team and state; everything else is dates
   * and state only, for everyone. Absent: the content is kept.
   */
  contentDeleted?: boolean;
}

/**
 * The host headteacher's choices (docs/domain.md e.2, "R if host allows"). The associate's are absent on reviews
 * saved before the SPP associate existed: absent means not shared.
 */
export interface ReviewSharingFlags {
  selfReviewWithChampion: boolean;
  evidenceWithChampion: boolean;
  selfReviewWithAssociate?: boolean | undefined;
  focusWithAssociate?: boolean | undefined;
  findingsWithAssociate?: boolean | undefined;
}

const rank = (access: Access) => AccessLevels.indexOf(access);
const max = (a: Access, b: Access): Access => (rank(a) >= rank(b) ? a : b);
export const atLeast = (access: Access, needed: Access): boolean => rank(access) >= rank(needed);

/** What a role may do with an artefact: fixed, or depending on the review's state and the host's sharing. */
type Rule = Access | ((ctx: ReviewAccessContext) => Access);

/** The evidence log is gathered on the review days: open for writing from `in_review` until `synthesis`. */
const gatheringEvidence = ({ state }: ReviewAccessContext) =>
  reached(state, 'in_review') && !reached(state, 'synthesis');
const beforeReportAgreed = ({ state }: ReviewAccessContext) => !reached(state, 'report_agreed') && state !== 'paused';

/** The matrix itself, artefact by artefact; a role not listed has no access ('none'). */
const Matrix: Record<ReviewArtefact, Partial<Record<ReviewViewerRole, Rule>>> = {
  schedule: {
    host_headteacher: 'write',
    partnership_lead: 'write',
    lead_reviewer: 'write',
    improvement_champion: 'write',
    host_link_lead: 'read',
    peer_reviewer: 'read',
    host_staff: 'read',
    cluster_member: 'metadata',
    spp_associate: 'metadata',
  },
  team: {
    partnership_lead: 'write',
    host_headteacher: 'write',
    host_link_lead: 'read',
    lead_reviewer: 'read',
    peer_reviewer: 'read',
    improvement_champion: 'read',
  },
  self_review: {
    host_headteacher: 'write',
    host_link_lead: 'write',
    lead_reviewer: ({ state }) => (reached(state, 'focus_agreed') ? 'read' : 'none'),
    peer_reviewer: ({ state }) => (reached(state, 'focus_agreed') ? 'read' : 'none'),
    improvement_champion: ({ sharing }) => (sharing.selfReviewWithChampion ? 'read' : 'none'),
    spp_associate: ({ sharing }) => (sharing.selfReviewWithAssociate === true ? 'read' : 'none'),
  },
  enquiry_focus: {
    lead_reviewer: ({ state }) => (state === 'draft' || state === 'self_review' ? 'write' : 'read'),
    host_headteacher: 'comment',
    host_link_lead: 'comment',
    peer_reviewer: 'comment',
    improvement_champion: 'read',
    partnership_lead: 'metadata',
    spp_associate: ({ sharing }) => (sharing.focusWithAssociate === true ? 'read' : 'none'),
  },
  evidence_log: {
    lead_reviewer: (ctx) => (gatheringEvidence(ctx) ? 'write' : 'read'),
    peer_reviewer: (ctx) => (gatheringEvidence(ctx) ? 'write' : 'read'),
    host_headteacher: 'read',
    host_link_lead: 'read',
    improvement_champion: ({ sharing }) => (sharing.evidenceWithChampion ? 'read' : 'none'),
  },
  // The mission's one deliberate difference from e.2: peer reviewers co-write findings with the lead reviewer.
  findings: {
    lead_reviewer: (ctx) => (beforeReportAgreed(ctx) ? 'write' : 'read'),
    peer_reviewer: (ctx) => (beforeReportAgreed(ctx) ? 'write' : 'read'),
    host_headteacher: ({ state }) => (state === 'feedback_given' ? 'comment' : 'read'),
    host_link_lead: 'read',
    improvement_champion: ({ state }) => (reached(state, 'report_agreed') ? 'read' : 'none'),
    // The agreed wording only, like the champion: a draft is still the reviewers' to change.
    spp_associate: ({ state, sharing }) =>
      sharing.findingsWithAssociate === true && reached(state, 'report_agreed') ? 'read' : 'none',
  },
  workshop: {
    host_headteacher: 'write',
    host_link_lead: 'write',
    host_staff: 'write',
    improvement_champion: 'write',
    lead_reviewer: 'read',
  },
  action_plan: {
    host_headteacher: 'write',
    host_link_lead: 'write',
    host_staff: 'write',
    lead_reviewer: 'read',
    peer_reviewer: 'read',
    improvement_champion: 'read',
    partnership_lead: 'metadata',
  },
};

/** The roles that lose a closed review once its access window has passed; the host school and the rota keep theirs. */
const VisitingRoles: readonly ReviewViewerRole[] = [
  'lead_reviewer',
  'peer_reviewer',
  'improvement_champion',
  'spp_associate',
];

/** What a review keeps once its content is deleted (its tombstone): when it ran, who took part, its state. */
const KeptAfterDeletion: readonly ReviewArtefact[] = ['schedule', 'team'];

function forRole(role: ReviewViewerRole, artefact: ReviewArtefact, ctx: ReviewAccessContext): Access {
  if (ctx.memberAccessEnded === true && VisitingRoles.includes(role)) {
    return 'none';
  }
  const rule = Matrix[artefact][role] ?? 'none';
  return typeof rule === 'function' ? rule(ctx) : rule;
}

/** The most a person may do with an artefact of this review now. Closed and cancelled reviews are read-only. */
export function reviewAccess(ctx: ReviewAccessContext, artefact: ReviewArtefact): Access {
  let access: Access = 'none';
  for (const role of ctx.roles) {
    access = max(access, forRole(role, artefact, ctx));
  }
  if (ctx.contentDeleted === true && !KeptAfterDeletion.includes(artefact) && atLeast(access, 'metadata')) {
    return 'metadata';
  }
  const finished = ctx.state === 'closed' || ctx.state === 'cancelled';
  return finished && atLeast(access, 'comment') ? 'read' : access;
}

/**
 * Whether the review exists for this person at all (its page, its documents, its sessions). Cluster members
 * see only the rota's metadata, not the review itself; anyone else learns nothing.
 */
export function canSeeReview(ctx: ReviewAccessContext): boolean {
  return atLeast(reviewAccess(ctx, 'schedule'), 'read') || invitedAssociate(ctx);
}

/**
 * An SPP associate the host headteacher invited opens the review's page, though the schedule is metadata to them
 * (dates, state, school names): what else they read is what the host shares. Not after the access window.
 */
function invitedAssociate(ctx: ReviewAccessContext): boolean {
  return ctx.roles.includes('spp_associate') && forRole('spp_associate', 'schedule', ctx) !== 'none';
}

/**
 * Which team roles a person may assign. The partnership lead builds the team; the host head names the link lead
 * and invites an SPP associate (docs/domain.md b.3: the associate observes and coaches only when invited).
 */
export function assignableRoles(roles: readonly ReviewViewerRole[], state: ReviewState): ReviewRole[] {
  if (state === 'closed' || state === 'cancelled') {
    return [];
  }
  const host: ReviewRole[] = roles.includes('host_headteacher') ? ['host_link_lead', 'spp_associate'] : [];
  if (roles.includes('partnership_lead')) {
    const team: ReviewRole[] = [
      'host_headteacher',
      'host_link_lead',
      'lead_reviewer',
      'peer_reviewer',
      'improvement_champion',
    ];
    return [...team, ...host.filter((role) => !team.includes(role))];
  }
  return host;
}

/** The virtual-readiness checklist belongs to the host side (docs/domain.md b.2 state 5). */
export function canEditReadiness(roles: readonly ReviewViewerRole[]): boolean {
  return roles.includes('host_link_lead') || roles.includes('host_headteacher');
}

/**
 * Whether this person may tick the virtual-readiness checklist now: only the host side (refused for anyone else),
 * and only while the review is planned (a conflict before or after).
 */
export function decideReadinessEdit(roles: readonly ReviewViewerRole[], state: ReviewState): { ok: true } | Refusal {
  if (!canEditReadiness(roles)) {
    return { ok: false, kind: 'refused', reason: 'Only the host school completes the readiness checklist.' };
  }
  if (state !== 'planned') {
    return { ok: false, kind: 'conflict', reason: 'The readiness checklist is completed once the review is planned.' };
  }
  return { ok: true };
}

/**
 * Whom this person may choose from when adding to the team: the partnership lead, anyone in the cluster; the host
 * headteacher (who names the link lead), the host school's staff only. An SPP associate is chosen from the cluster's
 * people outside the host school (`teamAdditionConflict` keeps an associate off the host school's staff).
 */
export function teamCandidatePool(roles: readonly ReviewViewerRole[]): 'cluster' | 'host_staff' {
  return roles.includes('partnership_lead') ? 'cluster' : 'host_staff';
}
