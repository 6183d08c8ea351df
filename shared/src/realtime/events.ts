import type { BoardClientEvents, BoardServerEvents } from '../workshops/board-events.ts';
import type { WorkshopClientEvents, WorkshopServerEvents } from '../workshops/control-events.ts';

/**
 * socket.io event maps for session control. The server and the browser are typed against these, so an event
 * renamed on one side fails to compile on the other. Every payload from a browser is validated by the server.
 */

/** Someone in a video session. `peerId` is per connection (a person may have two tabs). */
export interface RoomPeer {
  peerId: string;
  userId: string;
  displayName: string;
  roleLabel: string;
  schoolName: string | null;
  moderator: boolean;
  canPublish: boolean;
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface ChatMessage {
  id: string;
  userId: string;
  displayName: string;
  text: string;
  at: string;
}

export interface WaitingGuest {
  userId: string;
  displayName: string;
  roleLabel: string;
}

/** One line of live captions. Kept by nobody: the server relays it and forgets it. */
export interface Caption {
  id: string;
  displayName: string;
  text: string;
  at: string;
}

/** A room's moderation state: whether it is locked, and who types the captions (if anyone). */
export interface RoomControlState {
  locked: boolean;
  captioner: { userId: string; displayName: string } | null;
  /** People removed from the session, who may not join again until a moderator allows them back. */
  removed: { userId: string; displayName: string }[];
}

/** An answer to a moderation request. */
export interface RoomAnswer {
  ok: boolean;
  message?: string;
}

/**
 * What the session's current activity allows. During an audio-only activity nobody sends video (cameras and
 * screen shares are off for everyone); the server enforces it, the browser shows why.
 */
export interface MediaPolicy {
  audioOnly: boolean;
  /** The audio-only activity under way, for the message in the room; null when video is allowed. */
  activityTitle: string | null;
}

export type RoomJoinResult =
  | {
      ok: true;
      /** What the current activity allows (sent again as `room.media_policy` whenever it changes). */
      media: MediaPolicy;
      self: RoomPeer;
      peers: RoomPeer[];
      hands: string[];
      chat: ChatMessage[];
      waiting: WaitingGuest[];
      controls: RoomControlState;
    }
  | { ok: false; reason: 'not_found' | 'waiting' | 'full' | 'invalid' | 'locked' | 'removed'; message: string };

/** WebRTC signalling between two peers of one session; the server fills in `from`. */
export type SignalPayload =
  | { type: 'offer' | 'answer'; sdp: string }
  | { type: 'candidate'; candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null } };

export const Reactions = ['👍', '👏', '😀', '🤔', '❤️'] as const;
export type Reaction = (typeof Reactions)[number];

/** What every connection hears, whatever features the application wires on top (served by realtime/). */
export interface ConnectionServerEvents {
  /** Sent once after the connection is authenticated. */
  'session.ready': (info: { userId: string; displayName: string }) => void;
}

/** What every connection may send, whatever features the application wires on top (served by realtime/). */
export interface ConnectionClientEvents {
  /** Round-trip probe for the connection-quality indicator; the server answers with its clock. */
  'session.ping': (ack: (reply: { serverTime: number }) => void) => void;
}

export interface ServerToClientEvents extends ConnectionServerEvents, WorkshopServerEvents, BoardServerEvents {
  'room.peer_joined': (peer: RoomPeer) => void;
  'room.peer_left': (info: { peerId: string }) => void;
  /** You were removed (membership revoked, or the session ended for you). */
  'room.removed': (info: { reason: string }) => void;
  signal: (message: { from: string; payload: SignalPayload }) => void;
  'media.state': (state: { peerId: string; audio: boolean; video: boolean; screen: boolean }) => void;
  /** The raise-hand queue, in order. */
  hands: (state: { queue: string[] }) => void;
  reaction: (event: { peerId: string; reaction: Reaction }) => void;
  'chat.message': (message: ChatMessage) => void;
  /** A moderator muted you; your browser turns your microphone off. Nobody can unmute you but you. */
  'moderation.muted': (info: { by: string }) => void;
  /** A moderator asks you to unmute; only you can (answer with `moderation.unmute_answer`). */
  'moderation.unmute_requested': (info: { by: string }) => void;
  /** For moderators: how someone answered a request to unmute. */
  'moderation.unmute_answered': (info: { peerId: string; displayName: string; accepted: boolean }) => void;
  /** The room was locked or unlocked, the captioner changed, or someone was removed or allowed back. */
  'room.controls': (state: RoomControlState) => void;
  /** A line of live captions from the captioner. */
  caption: (caption: Caption) => void;
  /**
   * The current activity became audio-only or allows video again (also sent to a browser whose video signalling
   * was refused): stop sending video, or restore the camera of those who had it on.
   */
  'room.media_policy': (policy: MediaPolicy) => void;
  /** For moderators: who is waiting in the lobby. */
  'lobby.waiting': (state: { guests: WaitingGuest[] }) => void;
  /** For a waiting guest: you may come in now (join again). */
  'lobby.admitted': () => void;
  /** The comment threads of a review you follow changed: fetch them again (the payload carries no content). */
  'comments.changed': (info: { reviewId: string }) => void;
  /** A correction of fact was proposed or decided in a review this connection follows: fetch the list again. */
  'suggestions.changed': (info: { reviewId: string }) => void;
}

export interface ClientToServerEvents extends ConnectionClientEvents, WorkshopClientEvents, BoardClientEvents {
  'room.join': (request: { sessionId: string }, ack: (result: RoomJoinResult) => void) => void;
  'room.leave': () => void;
  signal: (message: { to: string; payload: SignalPayload }) => void;
  'media.state': (state: { audio: boolean; video: boolean; screen: boolean }) => void;
  'hand.raise': () => void;
  /** Lower your own hand, or (moderators) someone else's. */
  'hand.lower': (request: { peerId?: string }) => void;
  reaction: (request: { reaction: Reaction }) => void;
  'chat.send': (request: { text: string }) => void;
  /** Moderators: ask someone's browser to mute their microphone. */
  'moderation.mute': (request: { peerId: string }, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: ask every other browser in the room to mute its microphone. */
  'moderation.mute_all': (request: Record<string, never>, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: ask someone to unmute (they accept or decline). */
  'moderation.ask_unmute': (request: { peerId: string }, ack: (result: RoomAnswer) => void) => void;
  /** Your answer to a moderator's request to unmute. */
  'moderation.unmute_answer': (request: { accept: boolean }) => void;
  /** Moderators: lower every raised hand. */
  'hand.lower_all': (request: Record<string, never>, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: remove a person from the session; they cannot join again until allowed back. */
  'moderation.remove': (request: { userId: string }, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: let a removed person join again. */
  'moderation.allow_back': (request: { userId: string }, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: lock the room (nobody new joins, not even through the lobby) or unlock it. */
  'moderation.lock': (request: { locked: boolean }, ack: (result: RoomAnswer) => void) => void;
  /** The lead reviewer: give the captioner role to someone in the room, or take it back (null). */
  'captions.assign': (request: { userId: string | null }, ack: (result: RoomAnswer) => void) => void;
  /** The captioner: one line of captions for everyone. */
  'caption.send': (request: { text: string }, ack: (result: RoomAnswer) => void) => void;
  /** Moderators: let a waiting guest in. */
  'lobby.admit': (request: { userId: string }, ack: (result: { ok: boolean; message?: string }) => void) => void;
  /** Hear when a review's comment threads change, while its document is open (404 for reviews you may not see). */
  'comments.follow': (request: { reviewId: string }, ack: (result: { ok: boolean; message?: string }) => void) => void;
  'comments.unfollow': (request: { reviewId: string }) => void;
  /** Hear when the review's corrections of fact change (for people who may read its findings). */
  'suggestions.follow': (
    request: { reviewId: string },
    ack: (result: { ok: boolean; message?: string }) => void,
  ) => void;
  /** Stop hearing about the corrections of the review this connection follows. */
  'suggestions.unfollow': () => void;
}

/** Paths of the realtime endpoints on the one HTTP server. */
export const RealtimePaths = {
  socketIo: '/socket.io',
  collabPrefix: '/collab/',
} as const;

/** Limits on what a browser may send over session control. */
export const RoomLimits = {
  chatMaxLength: 1000,
  chatHistory: 200,
  sdpMaxLength: 20_000,
  /** Chat messages and reactions per connection per 10 seconds. */
  messagesPer10s: 20,
  /** One line of captions, at most (like a chat message, shorter: it is read as it goes by). */
  captionMaxLength: 500,
  /** Caption lines per connection per 10 seconds. */
  captionsPer10s: 20,
} as const;
