import { championConflict, type ReviewFacts } from './lifecycle.ts';
import { TeamLimits, type ReviewRole } from './review-states.ts';

/** Someone about to join a review's team, in one role. */
export interface TeamAddition {
  userId: string;
  displayName: string;
  /** The schools they work at. */
  schoolIds: string[];
  role: ReviewRole;
}

/**
 * Why this person cannot join the team in this role, in plain words, or null when they can (domain.md a): nobody
 * twice, one lead reviewer, one host headteacher, a capped number of peer reviewers, the host side from the host
 * school and reviewers from elsewhere, and an improvement champion from a school with no part in the review.
 * A guard on the team's make-up, not a permission: who may add whom is `assignableRoles`.
 */
export function teamAdditionConflict(
  facts: ReviewFacts,
  addition: TeamAddition,
  hostSchoolName: string,
): string | null {
  const { team } = facts;
  const { displayName, role } = addition;
  if (team.some((m) => m.userId === addition.userId)) {
    return `${displayName} is already on this review's team.`;
  }
  if (role === 'lead_reviewer' && team.some((m) => m.role === 'lead_reviewer')) {
    return 'This review already has a lead reviewer.';
  }
  if (role === 'host_headteacher' && team.some((m) => m.role === 'host_headteacher')) {
    return 'This review already has a host headteacher.';
  }
  if (
    role === 'peer_reviewer' &&
    team.filter((m) => m.role === 'peer_reviewer').length >= TeamLimits.maxPeerReviewers
  ) {
    return `A review team has at most ${TeamLimits.maxPeerReviewers} peer reviewers.`;
  }
  if (role === 'spp_associate' && addition.schoolIds.includes(facts.hostSchoolId)) {
    return `${displayName} works at ${hostSchoolName}, so cannot be its SPP associate. An associate comes from outside the school.`;
  }
  const hostSide = role === 'host_headteacher' || role === 'host_link_lead';
  if (hostSide !== addition.schoolIds.includes(facts.hostSchoolId)) {
    return hostSide
      ? `${displayName} is not on the staff of ${hostSchoolName}.`
      : `${displayName} works at ${hostSchoolName}, so cannot review it.`;
  }
  const proposed = [...team, { userId: addition.userId, role, schoolIds: addition.schoolIds }];
  if (proposed.some((m) => m.role === 'improvement_champion')) {
    return championConflict({ ...facts, team: proposed });
  }
  return null;
}
