import type { ReviewViewerRole, SessionKind } from '../domain/lifecycle.ts';

/**
 * Who takes part in a video session. Moderators admit people from the lobby, mute others and lower hands;
 * participants go straight in; guests may ask to join and, once admitted, watch and listen without publishing.
 */
export type SessionParticipation = 'none' | 'guest' | 'participant' | 'moderator';

const ORDER: SessionParticipation[] = ['none', 'guest', 'participant', 'moderator'];

/** The review team's meetings: led by the lead reviewer and the host head, watched by host staff and the partnership lead. */
const REVIEW_TEAM_MEETING: Partial<Record<ReviewViewerRole, SessionParticipation>> = {
  lead_reviewer: 'moderator',
  host_headteacher: 'moderator',
  peer_reviewer: 'participant',
  host_link_lead: 'participant',
  host_staff: 'guest',
  partnership_lead: 'guest',
};

const BY_KIND: Record<SessionKind, Partial<Record<ReviewViewerRole, SessionParticipation>>> = {
  pre_review_meeting: REVIEW_TEAM_MEETING,
  review_day: REVIEW_TEAM_MEETING,
  feedback_meeting: REVIEW_TEAM_MEETING,
  improvement_workshop: {
    improvement_champion: 'moderator',
    host_headteacher: 'moderator',
    host_link_lead: 'participant',
    host_staff: 'participant',
    lead_reviewer: 'participant',
    partnership_lead: 'guest',
  },
  impact_review: {
    host_headteacher: 'moderator',
    lead_reviewer: 'participant',
    improvement_champion: 'participant',
    host_link_lead: 'participant',
    host_staff: 'guest',
    partnership_lead: 'guest',
  },
};

export function sessionParticipation(roles: readonly ReviewViewerRole[], kind: SessionKind): SessionParticipation {
  let best: SessionParticipation = 'none';
  for (const role of roles) {
    const level = BY_KIND[kind][role] ?? 'none';
    if (ORDER.indexOf(level) > ORDER.indexOf(best)) {
      best = level;
    }
  }
  return best;
}

/** Whether someone may be in the room now: participants always, guests once admitted. */
export function mayEnterSession(participation: SessionParticipation, admitted: boolean): boolean {
  return participation === 'participant' || participation === 'moderator' || (participation === 'guest' && admitted);
}

/** Moderators (the lead reviewer or the host, by session kind) let waiting guests in from the lobby. */
export function mayModerate(participation: SessionParticipation): boolean {
  return participation === 'moderator';
}

/** Guests listen and watch; only participants and moderators send audio and video. */
export function mayPublish(participation: SessionParticipation): boolean {
  return participation === 'participant' || participation === 'moderator';
}

/** Largest room the browser-to-browser mesh serves; beyond it an SFU (LiveKit) must be configured. */
export const MESH_MAX_PARTICIPANTS = 8;

/** Someone in a video room, as the moderation rules see them. */
export interface RoomStanding {
  participation: SessionParticipation;
  /** The lead reviewer of the review the session belongs to. */
  leadReviewer: boolean;
}

/**
 * Removing someone from a session: moderators may remove guests; a member of the review (a participant or a
 * moderator) only the lead reviewer may remove. Nobody removes themselves this way (they leave).
 */
export function mayRemoveFromSession(actor: RoomStanding, target: RoomStanding): boolean {
  if (!mayModerate(actor.participation)) {
    return false;
  }
  return target.participation === 'guest' || actor.leadReviewer;
}

/**
 * Giving or taking back the captioner role: the lead reviewer (whatever the session), and the moderators of a
 * session the lead reviewer does not lead (e.g. an improvement workshop).
 */
export function mayAssignCaptioner(actor: RoomStanding, kind: SessionKind): boolean {
  return actor.leadReviewer || (mayModerate(actor.participation) && BY_KIND[kind].lead_reviewer !== 'moderator');
}
