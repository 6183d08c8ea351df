/**
 * Video through a LiveKit SFU, for rooms larger than the mesh serves. `livekit-client` is imported dynamically here,
 * so its ~140 kB (gzipped) is downloaded only when the server's media answer says `livekit`.
 *
 * - `adaptiveStream`: each incoming video is sized to the tile showing it and paused when no tile is visible;
 *   `dynacast`: layers nobody watches are not encoded; camera video is published with simulcast.
 * - Tracks are the ones the lobby opened (same devices as the mesh), published as camera, microphone or screen.
 * - Tokens live ten minutes. The LiveKit server refreshes a connected participant's token by itself; in addition a
 *   fresh token is fetched from Crosswalk a minute before `expiresIn`, and used whenever the connection has to be
 *   made again from scratch (after LiveKit gives up resuming).
 * - Remote media is keyed by LiveKit identity, which Crosswalk sets to the person's user id.
 */
import type { MediaAnswer } from '@crosswalk/shared';
import type {
  LocalTrackPublication,
  RemoteParticipant,
  Room as LivekitRoom,
  Track as LivekitTrack,
} from 'livekit-client';
import type { LocalTracks, MediaTransport, TransportContext } from './media-transport.ts';

type LivekitAnswer = Extract<MediaAnswer, { transport: 'livekit' }>;

/** Refresh the token this many seconds before it expires. */
const REFRESH_MARGIN_S = 60;

export async function createLivekitTransport(
  answer: LivekitAnswer,
  context: TransportContext,
): Promise<MediaTransport> {
  const { ConnectionState, DisconnectReason, Room, RoomEvent, Track } = await import('livekit-client');
  const room: LivekitRoom = new Room({
    adaptiveStream: true,
    dynacast: true,
    publishDefaults: { simulcast: true, videoCodec: 'vp8' },
    stopLocalTrackOnUnpublish: false,
  });
  let credentials = { url: answer.url, token: answer.token };
  let local: LocalTracks = { audio: null, video: null };
  let screen: MediaStreamTrack | null = null;
  let microphoneMuted = false;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let closed = false;

  function scheduleRefresh(expiresIn: number): void {
    clearTimeout(refreshTimer);
    const delay = Math.max(5, expiresIn - REFRESH_MARGIN_S) * 1000;
    refreshTimer = setTimeout(() => {
      context
        .refreshAnswer()
        .then((next) => {
          if (next.transport === 'livekit' && !closed) {
            credentials = { url: next.url, token: next.token };
            scheduleRefresh(next.expiresIn);
          }
        })
        .catch(() => {
          if (!closed) {
            scheduleRefresh(REFRESH_MARGIN_S + 30);
          }
        });
    }, delay);
  }

  const publicationOf = (source: LivekitTrack.Source): LocalTrackPublication | undefined =>
    room.localParticipant.getTrackPublication(source);

  async function publish(source: LivekitTrack.Source, track: MediaStreamTrack | null): Promise<void> {
    if (!context.canPublish || room.state !== ConnectionState.Connected) {
      return;
    }
    const existing = publicationOf(source);
    if (existing?.track && track) {
      await existing.track.replaceTrack(track, { userProvidedTrack: true });
      return;
    }
    if (existing?.track) {
      await room.localParticipant.unpublishTrack(existing.track, false);
    }
    if (track) {
      await room.localParticipant.publishTrack(track, {
        source,
        simulcast: source === Track.Source.Camera,
      });
    }
  }

  async function publishAll(): Promise<void> {
    await publish(Track.Source.Microphone, local.audio);
    if (microphoneMuted) {
      await publicationOf(Track.Source.Microphone)?.mute();
    }
    await publish(Track.Source.Camera, local.video);
    await publish(Track.Source.ScreenShare, screen);
  }

  async function connect(): Promise<void> {
    context.events.onStateChange('connecting');
    await room.connect(credentials.url, credentials.token);
    await publishAll();
    context.events.onStateChange('connected');
  }

  const changed = (participant: RemoteParticipant) => {
    context.events.onRemoteMedia(participant.identity);
  };
  room
    .on(RoomEvent.TrackSubscribed, (_track, _publication, participant) => {
      changed(participant);
    })
    .on(RoomEvent.TrackUnsubscribed, (_track, _publication, participant) => {
      changed(participant);
    })
    .on(RoomEvent.ParticipantDisconnected, changed)
    .on(RoomEvent.Reconnecting, () => {
      context.events.onStateChange('reconnecting');
    })
    .on(RoomEvent.Reconnected, () => {
      context.events.onStateChange('connected');
    })
    .on(RoomEvent.Disconnected, (reason) => {
      if (closed || reason === DisconnectReason.CLIENT_INITIATED) {
        return;
      }
      if (reason === DisconnectReason.PARTICIPANT_REMOVED || reason === DisconnectReason.DUPLICATE_IDENTITY) {
        context.events.onStateChange('failed');
        return;
      }
      // LiveKit could not resume the session: start again with the freshest token.
      context.events.onStateChange('reconnecting');
      context
        .refreshAnswer()
        .then(async (next) => {
          if (next.transport === 'livekit') {
            credentials = { url: next.url, token: next.token };
            scheduleRefresh(next.expiresIn);
          }
          await connect();
        })
        .catch(() => {
          context.events.onStateChange('failed');
        });
    });

  function tracksOf(key: string): { video: LivekitTrack | undefined; audio: LivekitTrack | undefined } {
    const participant = room.remoteParticipants.get(key);
    const track = (source: LivekitTrack.Source) => participant?.getTrackPublication(source)?.track;
    return {
      video: track(Track.Source.ScreenShare) ?? track(Track.Source.Camera),
      audio: track(Track.Source.Microphone),
    };
  }

  return {
    kind: 'livekit',
    keyFor: (peer) => peer.userId,
    async start(tracks) {
      local = { ...tracks };
      scheduleRefresh(answer.expiresIn);
      await connect();
    },
    peerJoined() {
      // LiveKit tells us about participants itself.
    },
    peerLeft() {
      // Likewise.
    },
    async replaceTrack(kind, track) {
      local = { ...local, [kind]: track };
      await publish(kind === 'audio' ? Track.Source.Microphone : Track.Source.Camera, track);
      if (kind === 'audio' && microphoneMuted) {
        await publicationOf(Track.Source.Microphone)?.mute();
      }
    },
    async setMicrophoneMuted(muted) {
      microphoneMuted = muted;
      const publication = publicationOf(Track.Source.Microphone);
      await (muted ? publication?.mute() : publication?.unmute());
    },
    async setScreen(track) {
      screen = track;
      await publish(Track.Source.ScreenShare, track);
    },
    setAudioOnly() {
      // LiveKit's server takes the camera and screen grants away itself; the room turns both off here too.
      return Promise.resolve();
    },
    setVideoQuality() {
      // Simulcast, dynacast and adaptive stream adapt quality per subscriber.
    },
    attach(key, element) {
      const { video, audio } = tracksOf(key);
      video?.attach(element);
      audio?.attach(element);
      return () => {
        video?.detach(element);
        audio?.detach(element);
      };
    },
    hasRemoteVideo: (key) => tracksOf(key).video !== undefined,
    close() {
      closed = true;
      clearTimeout(refreshTimer);
      void room.disconnect(false);
    },
  };
}
