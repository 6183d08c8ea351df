/**
 * One interface for video in a session, whatever carries it. The server decides (`GET /api/sessions/:id/media`):
 * - `mesh`: one RTCPeerConnection per other person, signalled over the session socket (default; up to 8 people);
 * - `livekit`: a LiveKit SFU, for larger rooms. Its client library (~140 kB gzipped) is loaded only then.
 * The room manager and the UI talk to this interface only; neither knows which one is in use.
 */
import type { MediaAnswer, RoomPeer, SignalPayload } from '@crosswalk/shared';
import { createMeshTransport } from './mesh-transport.ts';
import type { VideoQuality } from './video-quality.ts';

export type TransportState = 'connecting' | 'connected' | 'reconnecting' | 'failed';

/** The tracks this browser sends; null when that device is off, missing or not allowed. */
export interface LocalTracks {
  audio: MediaStreamTrack | null;
  video: MediaStreamTrack | null;
}

export interface TransportEvents {
  /** Someone's incoming media changed (tracks arrived or went): tiles showing `key` re-attach. */
  onRemoteMedia(key: string): void;
  onStateChange(state: TransportState): void;
}

export interface MediaTransport {
  readonly kind: MediaAnswer['transport'];
  /** Which remote media belongs to a room peer: the connection id in the mesh, the person's id with LiveKit. */
  keyFor(peer: RoomPeer): string;
  /** Starts sending and receiving. `others`: the people already in the room when you joined. */
  start(local: LocalTracks, others: RoomPeer[]): Promise<void>;
  peerJoined(peer: RoomPeer): void;
  peerLeft(peerId: string): void;
  /** Sends a different microphone or camera track, or none (camera off). Never renegotiates in the mesh. */
  replaceTrack(kind: 'audio' | 'video', track: MediaStreamTrack | null): Promise<void>;
  /** Mutes or unmutes the microphone being sent. */
  setMicrophoneMuted(muted: boolean): Promise<void>;
  /** Shares a screen instead of the camera (null: back to the camera). */
  setScreen(track: MediaStreamTrack | null): Promise<void>;
  /**
   * The activity became audio-only (true) or allows video again: in the mesh every connection renegotiates with
   * video inactive, as the server requires, or active again. (LiveKit's server changes the grants itself.)
   */
  setAudioOnly(audioOnly: boolean): Promise<void>;
  /** The room's size changed: adapt what is sent. */
  setVideoQuality(quality: VideoQuality): void;
  /** Shows a remote person's audio and video in this element; returns the function that stops it. */
  attach(key: string, element: HTMLVideoElement): () => void;
  /** Whether any video is coming from `key` at all. */
  hasRemoteVideo(key: string): boolean;
  close(): void;
}

export interface TransportContext {
  /** Sends WebRTC signalling to one peer through the session socket (dropped while disconnected). */
  sendSignal(to: string, payload: SignalPayload): void;
  /** Receives signalling addressed to you; messages that arrived before this call are delivered first. */
  onSignal(handler: (from: string, payload: SignalPayload) => void): () => void;
  /** Your own connection id in the room (the mesh's tie-breaker for who is polite). */
  selfPeerId: string;
  canPublish: boolean;
  /** Whether the activity is audio-only when the transport starts (see `setAudioOnly`). */
  audioOnly: boolean;
  events: TransportEvents;
  /** Asks the server again for media credentials (LiveKit token refresh). */
  refreshAnswer(): Promise<MediaAnswer>;
}

/** Builds the transport the server asked for. LiveKit's module is fetched only on this path. */
export async function createMediaTransport(answer: MediaAnswer, context: TransportContext): Promise<MediaTransport> {
  if (answer.transport === 'livekit') {
    const { createLivekitTransport } = await import('./livekit-transport.ts');
    return createLivekitTransport(answer, context);
  }
  return createMeshTransport(answer, context);
}
