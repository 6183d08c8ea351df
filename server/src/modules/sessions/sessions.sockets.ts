import { socketRate } from '@crosswalk/realtime';
import {
  CaptionSendSchema,
  CaptionerAssignSchema,
  ChatSendSchema,
  HandLowerSchema,
  LobbyAdmitSchema,
  MediaStateSchema,
  NoPayloadSchema,
  PeerRequestSchema,
  PersonRequestSchema,
  ReactionSchema,
  RoomJoinSchema,
  RoomLimits,
  RoomLockSchema,
  SignalSchema,
  UnmuteAnswerSchema,
} from '@crosswalk/shared';
import { z } from 'zod';
import { attachHandlers, defineHandler, type AppSocketServer } from '../../app-sockets.ts';
import type { Logger } from '../../logger.ts';
import type { ChatHistory } from './chat-history.ts';
import type { RoomControlStore } from './room-controls.ts';
import { Rooms, type RoomGrants } from './rooms.ts';

export type { RoomGrant, RoomGrants, RoomSocketData } from './rooms.ts';
export { createMemoryChatHistory, createRedisChatHistory, type ChatHistory } from './chat-history.ts';
export { createMemoryRoomControls, createRedisRoomControls, type RoomControlStore } from './room-controls.ts';

export interface SessionSocketsDeps {
  /** Who may join which session, admissions and attendance (built by the application). */
  grants: RoomGrants;
  /** The recent chat of each room: in memory, or in Redis when several processes share the rooms. */
  chat: ChatHistory;
  /** Locks, removals and the captioner of each room: in memory, or in Redis like the chat. */
  controls: RoomControlStore;
  /** Whether other processes share the rooms (through socket.io's Redis adapter). */
  distributed: boolean;
  logger: Logger;
}

export interface SessionSockets {
  /**
   * Removes a person from a video session at once (membership revoked): every connection of theirs that this process
   * holds is told and dropped. Each process is asked for its own.
   */
  readonly evictFromSession: (sessionId: string, userId: string, reason: string) => void;
  /** The session's activities changed: this process's connections in it hear what the current one allows. */
  readonly applyMediaPolicy: (sessionId: string) => Promise<void>;
  /** Stops serving the room events on new connections. */
  readonly detach: () => void;
}

/** Chat messages and reactions share one budget per connection. */
const messageRate = socketRate({
  points: RoomLimits.messagesPer10s,
  seconds: 10,
  message: 'That was a lot of messages at once. Wait a few seconds, then try again.',
});

/** Caption lines have a budget of their own, as large as the chat's. */
const captionRate = socketRate({
  points: RoomLimits.captionsPer10s,
  seconds: 10,
  message: 'Captions are coming faster than people can read them. Wait a few seconds, then go on.',
});

const nothing = z.unknown();

/** Moderation requests answer `{ ok, message }`; these are the words when something goes wrong. */
const moderationAnswers = {
  invalid: 'That request was not understood.',
  failed: 'That did not work. Please try again.',
};

/** The video-session room events (`room.*`, signalling, hands, reactions, chat, moderation, lobby). */
export function attachSessionSockets(io: AppSocketServer, deps: SessionSocketsDeps): SessionSockets {
  const { logger } = deps;
  const rooms = new Rooms(io, deps.grants, deps);
  const handlers = [
    defineHandler('room.join', RoomJoinSchema, ({ sessionId }, socket) => rooms.join(socket, sessionId), {
      invalid: 'That is not a session.',
      failed: 'Joining failed. Please try again.',
      answer: ({ message }) => ({ ok: false, reason: 'invalid', message }),
      about: ({ sessionId }) => ({ sessionId }),
    }),
    defineHandler('room.leave', nothing, (_, socket) => rooms.leave(socket), {}),
    defineHandler('signal', SignalSchema, (signal, socket) => rooms.signal(socket, signal), {}),
    defineHandler(
      'media.state',
      MediaStateSchema,
      (state, socket) => {
        rooms.mediaState(socket, state);
      },
      {},
    ),
    defineHandler('hand.raise', nothing, (_, socket) => rooms.raiseHand(socket), {}),
    defineHandler('hand.lower', HandLowerSchema, ({ peerId }, socket) => rooms.lowerHand(socket, peerId), {
      about: ({ peerId }) => ({ target: peerId }),
    }),
    defineHandler(
      'reaction',
      ReactionSchema,
      ({ reaction }, socket) => {
        rooms.react(socket, reaction);
      },
      { rate: messageRate },
    ),
    defineHandler('chat.send', ChatSendSchema, ({ text }, socket) => rooms.chat(socket, text), { rate: messageRate }),
    defineHandler('moderation.mute', PeerRequestSchema, ({ peerId }, socket) => rooms.mute(socket, peerId), {
      ...moderationAnswers,
      about: ({ peerId }) => ({ target: peerId }),
    }),
    defineHandler('moderation.mute_all', NoPayloadSchema, (_, socket) => rooms.muteAll(socket), moderationAnswers),
    defineHandler(
      'moderation.ask_unmute',
      PeerRequestSchema,
      ({ peerId }, socket) => rooms.askUnmute(socket, peerId),
      moderationAnswers,
    ),
    defineHandler(
      'moderation.unmute_answer',
      UnmuteAnswerSchema,
      ({ accept }, socket) => {
        rooms.answerUnmute(socket, accept);
      },
      {},
    ),
    defineHandler('hand.lower_all', NoPayloadSchema, (_, socket) => rooms.lowerAllHands(socket), moderationAnswers),
    defineHandler('moderation.remove', PersonRequestSchema, ({ userId }, socket) => rooms.remove(socket, userId), {
      ...moderationAnswers,
      about: ({ userId }) => ({ target: userId }),
    }),
    defineHandler(
      'moderation.allow_back',
      PersonRequestSchema,
      ({ userId }, socket) => rooms.allowBack(socket, userId),
      moderationAnswers,
    ),
    defineHandler(
      'moderation.lock',
      RoomLockSchema,
      ({ locked }, socket) => rooms.lock(socket, locked),
      moderationAnswers,
    ),
    defineHandler(
      'captions.assign',
      CaptionerAssignSchema,
      ({ userId }, socket) => rooms.assignCaptioner(socket, userId),
      moderationAnswers,
    ),
    // Never an `about`: a caption's words stay out of the logs.
    defineHandler('caption.send', CaptionSendSchema, ({ text }, socket) => rooms.caption(socket, text), {
      invalid: `A caption line is at most ${RoomLimits.captionMaxLength} characters.`,
      failed: 'That caption could not be sent. Please try again.',
      rate: captionRate,
    }),
    defineHandler(
      'lobby.admit',
      LobbyAdmitSchema,
      async ({ userId }, socket) =>
        (await rooms.admit(socket, userId))
          ? { ok: true }
          : { ok: false, message: 'That person could not be admitted.' },
      {
        invalid: 'Only the lead reviewer or the host can let people in.',
        failed: 'That person could not be admitted.',
      },
    ),
  ];
  const detach = attachHandlers(io, handlers, {
    logger,
    name: 'room',
    onDisconnect: (socket) => rooms.leave(socket),
  });
  return {
    evictFromSession: (sessionId, userId, reason) => {
      rooms.evict(sessionId, userId, reason);
    },
    applyMediaPolicy: async (sessionId) => {
      await rooms.applyMediaPolicy(sessionId);
    },
    detach,
  };
}
