import { MESH_MAX_PARTICIPANTS, type MediaAnswer } from '@crosswalk/shared';
import type { WebhookEvent } from 'livekit-server-sdk';
import type { Config } from '../../config.ts';
import type { IceServerIssuer } from './ice-servers.ts';
import { livekitPermissionFor, type PublishSource } from './media-policy.ts';

export type { MediaAnswer };

export interface MediaGrantRequest {
  /** Opaque session id: the LiveKit room name. */
  sessionId: string;
  /** Opaque user id: the LiveKit identity. */
  userId: string;
  displayName: string;
  canPublish: boolean;
  /** An audio-only activity is under way: the microphone is the only source the person may publish. */
  audioOnly: boolean;
}

/** Tokens live at most ten minutes; the browser asks for a fresh one to reconnect. */
export const LIVEKIT_TOKEN_TTL_SECONDS = 10 * 60;

export interface MediaProvider {
  readonly kind: 'mesh' | 'livekit';
  answer(request: MediaGrantRequest): Promise<MediaAnswer>;
  /** Removes someone from a session's media at once (membership revoked). */
  removeParticipant(sessionId: string, userId: string): Promise<void>;
  /**
   * The session's activity became audio-only, or allows video again: everyone already in its LiveKit room gets the
   * sources they may now publish (the mesh enforces it in its signalling instead). Resolves how many were updated.
   */
  applyAudioOnly(sessionId: string, audioOnly: boolean): Promise<number>;
  /** Verifies a LiveKit webhook against its raw body; throws if the signature is wrong. */
  receiveWebhook(rawBody: string, authorization: string | undefined): Promise<WebhookEvent>;
}

/**
 * One code path per concern: the mesh when nothing is configured, LiveKit when its three variables are set. Mesh
 * answers carry ICE servers from `ice`, with TURN credentials made for the person asking.
 */
export function createMediaProvider(
  config: Pick<Config, 'livekit' | 'iceTransportPolicy'>,
  ice: IceServerIssuer,
): MediaProvider {
  const livekit = config.livekit;
  if (!livekit) {
    return {
      kind: 'mesh',
      answer: (request) =>
        Promise.resolve({
          transport: 'mesh',
          iceServers: ice.iceServersFor(request.userId, new Date()),
          maxParticipants: MESH_MAX_PARTICIPANTS,
          ...(config.iceTransportPolicy === 'relay' ? { iceTransportPolicy: 'relay' as const } : {}),
        }),
      // Mesh peers are removed through the signalling room (realtime), not here.
      removeParticipant: () => Promise.resolve(),
      applyAudioOnly: () => Promise.resolve(0),
      receiveWebhook: () => Promise.reject(new Error('LiveKit is not configured')),
    };
  }
  // The SDK is imported when first needed, not at start: only deployments with LiveKit use it, and it was the
  // largest import of the server.
  const clients = import('livekit-server-sdk').then(({ RoomServiceClient, WebhookReceiver, TrackSource }) => ({
    receiver: new WebhookReceiver(livekit.apiKey, livekit.apiSecret),
    rooms: new RoomServiceClient(livekit.url.replace(/^ws/, 'http'), livekit.apiKey, livekit.apiSecret),
    TrackSource,
  }));
  return {
    kind: 'livekit',
    async answer(request) {
      return {
        transport: 'livekit',
        url: livekit.url,
        token: await livekitToken(livekit, request),
        expiresIn: LIVEKIT_TOKEN_TTL_SECONDS,
      };
    },
    async removeParticipant(sessionId, userId) {
      await (await clients).rooms.removeParticipant(sessionId, userId);
    },
    async applyAudioOnly(sessionId, audioOnly) {
      const { rooms, TrackSource } = await clients;
      const participants = await rooms.listParticipants(sessionId).catch((error: unknown) => {
        // Nobody has joined the LiveKit room yet: nothing to change (the next tokens carry the rules).
        if (error instanceof Error && 'code' in error && error.code === 'not_found') {
          return [];
        }
        throw error;
      });
      for (const participant of participants) {
        const permission = livekitPermissionFor({ canPublish: participant.permission?.canPublish ?? false, audioOnly });
        await rooms.updateParticipant(sessionId, participant.identity, undefined, {
          ...permission,
          canPublishSources: permission.canPublishSources.map((source) => TrackSource[sourceName(source)]),
        });
      }
      return participants.length;
    },
    async receiveWebhook(rawBody, authorization) {
      return (await clients).receiver.receive(rawBody, authorization);
    },
  };
}

/**
 * A browser's LiveKit token: join this one room as this one person. Publishing is granted or refused explicitly
 * (the microphone only, during an audio-only activity); a browser never gets roomAdmin, hidden or recorder.
 */
export async function livekitToken(
  keys: { apiKey: string; apiSecret: string },
  request: MediaGrantRequest,
): Promise<string> {
  const { AccessToken, TrackSource } = await import('livekit-server-sdk');
  const token = new AccessToken(keys.apiKey, keys.apiSecret, {
    identity: request.userId,
    name: request.displayName,
    ttl: LIVEKIT_TOKEN_TTL_SECONDS,
  });
  token.addGrant({
    room: request.sessionId,
    roomJoin: true,
    canSubscribe: true,
    canPublish: request.canPublish,
    // During an audio-only activity LiveKit itself refuses a camera or a screen share, whatever the browser does.
    ...(request.canPublish && request.audioOnly
      ? { canPublishSources: livekitPermissionFor(request).canPublishSources.map((s) => TrackSource[sourceName(s)]) }
      : {}),
    canPublishData: true,
    canUpdateOwnMetadata: false,
    roomAdmin: false,
    roomCreate: false,
    roomList: false,
    roomRecord: false,
    hidden: false,
    recorder: false,
  });
  return token.toJwt();
}

/** The SDK's enum key of a source. */
function sourceName(source: PublishSource): 'CAMERA' | 'MICROPHONE' | 'SCREEN_SHARE' | 'SCREEN_SHARE_AUDIO' {
  return source.toUpperCase() as Uppercase<PublishSource>;
}
