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
