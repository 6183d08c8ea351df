import { z } from '../schemas/zod.ts';
import { Reactions, RoomLimits } from './events.ts';

/**
 * Payloads a browser sends to the video-session rooms (events in `events.ts`). The server parses every one with
 * these before acting; a connection id (`peerId`, `to`) is at most 64 characters.
 */

const uuid = z.uuid();
const connectionId = z.string().min(1).max(64);

export const RoomJoinSchema = z.strictObject({ sessionId: uuid });
export const SignalSchema = z.strictObject({
  to: connectionId,
  payload: z.discriminatedUnion('type', [
    z.strictObject({ type: z.enum(['offer', 'answer']), sdp: z.string().max(RoomLimits.sdpMaxLength) }),
    z.strictObject({
      type: z.literal('candidate'),
      candidate: z.strictObject({
        candidate: z.string().max(1000),
        sdpMid: z.string().max(64).nullable().optional(),
        sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
        usernameFragment: z.string().max(256).nullable().optional(),
      }),
    }),
  ]),
});
export const MediaStateSchema = z.strictObject({ audio: z.boolean(), video: z.boolean(), screen: z.boolean() });
export const HandLowerSchema = z.strictObject({ peerId: z.string().max(64).optional() });
export const ReactionSchema = z.strictObject({ reaction: z.enum(Reactions) });
export const ChatSendSchema = z.strictObject({ text: z.string().trim().min(1).max(RoomLimits.chatMaxLength) });
/** A request about one other connection of the room (e.g. mute it). */
export const PeerRequestSchema = z.strictObject({ peerId: connectionId });
export const LobbyAdmitSchema = z.strictObject({ userId: uuid });
export const NoPayloadSchema = z.strictObject({});
/** Removing a person, or letting them back: a whole person, whatever connections they have. */
export const PersonRequestSchema = z.strictObject({ userId: uuid });
export const UnmuteAnswerSchema = z.strictObject({ accept: z.boolean() });
export const RoomLockSchema = z.strictObject({ locked: z.boolean() });
export const CaptionerAssignSchema = z.strictObject({ userId: uuid.nullable() });
export const CaptionSendSchema = z.strictObject({ text: z.string().trim().min(1).max(RoomLimits.captionMaxLength) });
