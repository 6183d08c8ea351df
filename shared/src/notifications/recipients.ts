import { TransitionRules, ReviewActions, type ReviewViewerRole, type SessionKind } from '../domain/lifecycle.ts';
import type { ReviewRole, ReviewState } from '../domain/review-states.ts';
import { sessionParticipation } from '../permissions/sessions.ts';

/**
 * Who is told about what (docs/notifications.md). Pure: the notifier gathers the people, these decide. The rule
 * throughout: tell the people who must act next, and nobody about their own action.
 */

export interface TeamMember {
  userId: string;
  role: ReviewRole;
}

/** Lifecycle actions that anyone may take at almost any time: being able to take them is no reason to be told. */
const ALWAYS_AVAILABLE = new Set(['pause', 'cancel']);

/** The team roles that must act once a review reaches `state` (the `by` roles of what can happen next). */
export function rolesToActAt(state: ReviewState): ReviewRole[] {
  const roles = new Set<ReviewViewerRole>();
  for (const action of ReviewActions) {
    const rule = TransitionRules[action];
    if (rule.from.includes(state) && !ALWAYS_AVAILABLE.has(action)) {
      rule.by.forEach((role) => roles.add(role));
    }
  }
  return [...roles].filter((role): role is ReviewRole => TEAM_ROLES.has(role));
}

const TEAM_ROLES = new Set<ReviewViewerRole>([
  'host_headteacher',
  'host_link_lead',
  'lead_reviewer',
  'peer_reviewer',
  'improvement_champion',
]);

/**
 * Who is told that a review moved to `to`: the team members who must act next; everyone on the team when the
 * review ends (closed or cancelled), since their work on it stops. Never the person who made the change.
 */
export function toldOfTransition(change: {
  to: ReviewState;
  team: readonly TeamMember[];
  actorUserId: string | null;
}): string[] {
  const ended = change.to === 'closed' || change.to === 'cancelled';
  const roles = new Set(rolesToActAt(change.to));
  const told = change.team.filter((member) => ended || roles.has(member.role)).map((member) => member.userId);
  return unique(told).filter((userId) => userId !== change.actorUserId);
}

/** Who is told about a team change: the person added or removed, unless they made the change themselves. */
export function toldOfTeamChange(change: { userId: string; actorUserId: string | null }): string[] {
  return change.userId === change.actorUserId ? [] : [change.userId];
}

/**
 * Who takes part in a session (and so gets its invitation, its changes and its reminders): everyone whose roles
 * make them a participant or moderator of that kind of session. Guests (who ask to join) are not invited.
 */
export function sessionAttendees(
  kind: SessionKind,
  people: readonly { userId: string; roles: readonly ReviewViewerRole[] }[],
): string[] {
  const taking = people.filter((person) => {
    const participation = sessionParticipation(person.roles, kind);
    return participation === 'participant' || participation === 'moderator';
  });
  return unique(taking.map((person) => person.userId));
}

/**
 * Who is told in Crosswalk that a safeguarding concern was raised: the host school's designated safeguarding leads,
 * or its headteacher when the school has recorded none. A concern about the headteacher goes to the local
 * authority's designated officer by email alone, so nobody at the school is told (docs/domain.md e).
 */
export function toldOfSafeguardingConcern(facts: {
  dslUserIds: readonly string[];
  hostHeadUserIds: readonly string[];
  aboutHeadteacher: boolean;
}): string[] {
  if (facts.aboutHeadteacher) {
    return [];
  }
  return unique(facts.dslUserIds.length > 0 ? facts.dslUserIds : facts.hostHeadUserIds);
}

/**
 * Who is told that a published rota puts them on a review: the host headteacher (who accepts the slot next), the
 * lead and peer reviewers and the improvement champion; not the partnership lead who published it.
 */
export function toldOfRotaReview(review: { team: readonly TeamMember[]; actorUserId: string | null }): string[] {
  return unique(review.team.map((member) => member.userId)).filter((userId) => userId !== review.actorUserId);
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}
