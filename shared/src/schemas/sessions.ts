import type { SessionKind } from '../domain/lifecycle.ts';
import type { SessionParticipation } from '../permissions/sessions.ts';

/** `GET /api/sessions/:id`: a video session as one person sees it. */
export interface SessionInfo {
  id: string;
  reviewId: string;
  kind: SessionKind;
  title: string;
  startsAt: string;
  endsAt: string;
  hostSchoolName: string;
  participation: SessionParticipation;
  /** False for a guest who has not been let in yet: they wait in the lobby. */
  canEnter: boolean;
  /** False for guests, who watch and listen without a camera or microphone. */
  canPublish: boolean;
  isModerator: boolean;
  /** The lead reviewer of the review (who may remove its members and give the captioner role). */
  isLeadReviewer: boolean;
  transport: 'mesh' | 'livekit';
  /** The person's role in the review, in words ("Lead reviewer"). */
  myRole: string;
}

/** One STUN or TURN server for browser-to-browser video (the shape of RTCIceServer). */
export interface IceServerConfig {
  urls: string | string[];
  username?: string | undefined;
  credential?: string | undefined;
}

/** `GET /api/sessions/:id/media` (stable contract): which media transport a session uses, with its credentials. */
export type MediaAnswer =
  | {
      transport: 'mesh';
      iceServers: IceServerConfig[];
      maxParticipants: number;
      /** Present when the deployment sends every call through its TURN server (ICE_TRANSPORT_POLICY=relay). */
      iceTransportPolicy?: 'relay';
    }
  | { transport: 'livekit'; url: string; token: string; expiresIn: number };

/** `POST /api/sessions/:id/safeguarding-concerns` answer: when, and who was told. */
export interface SafeguardingConcernResult {
  raisedAt: string;
  notified: 'dsl' | 'lado';
}
