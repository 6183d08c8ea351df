/**
 * Browser-to-browser video: one RTCPeerConnection per other person, signalled through the session socket.
 *
 * How a connection is made. The person who joins offers to everyone already there (they learn who from the join
 * answer); the others answer and reuse the offered audio and video transceivers to send their own media back, so
 * one offer and one answer (plus ICE candidates) connect a pair. Each side then owns one audio and one video
 * sender, whose tracks are swapped with `replaceTrack` (camera on/off, device change, screen share) without any
 * renegotiation. Any renegotiation that does happen (ICE restart, a later transceiver) follows the "perfect
 * negotiation" pattern: the side with the smaller connection id is polite and rolls back its own offer when offers
 * cross; the impolite side ignores the incoming one. Messages from one peer are handled strictly in order.
 *
 * Audio-only activities. The server relays no description that would carry video while one is under way, so the
 * video transceiver of every connection is made inactive (and sends no track) and the connection renegotiates;
 * when video is allowed again it goes back to sending and receiving, and a camera that was on is sent again. An
 * offer of ours still waiting for its answer when the rules change is rolled back first: the server may have
 * refused it, or its answer.
 */
import type { MediaAnswer, SignalPayload } from '@crosswalk/shared';
import type { LocalTracks, MediaTransport, TransportContext, TransportState } from './media-transport.ts';
import type { VideoQuality } from './video-quality.ts';

interface PeerLink {
  peerId: string;
  pc: RTCPeerConnection;
  polite: boolean;
  makingOffer: boolean;
  ignoreOffer: boolean;
  settingRemoteAnswer: boolean;
  /** The transceivers this side sends on. */
  audio: RTCRtpTransceiver | null;
  video: RTCRtpTransceiver | null;
  /** What arrives from the peer, as one stream for a <video> element. */
  stream: MediaStream;
  /** Signalling from this peer, handled one message at a time. */
  queue: Promise<void>;
}

type MeshAnswer = Extract<MediaAnswer, { transport: 'mesh' }>;

export function createMeshTransport(answer: MeshAnswer, context: TransportContext): MediaTransport {
  const links = new Map<string, PeerLink>();
  let configuration: RTCConfiguration = {
    iceServers: answer.iceServers,
    bundlePolicy: 'max-bundle',
    // `relay` when the deployment wants every call through its TURN server (participants never see each other's
    // addresses); otherwise the browser's default, direct connections first.
    iceTransportPolicy: answer.iceTransportPolicy ?? 'all',
  };
  let local: LocalTracks = { audio: null, video: null };
  let screen: MediaStreamTrack | null = null;
  let microphoneMuted = false;
  let audioOnly = context.audioOnly;
  let quality: VideoQuality | null = null;
  let unsubscribe: (() => void) | null = null;
  let closed = false;
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;

  /**
   * TURN passwords expire (within the hour). A relay already set up carries on, but a person who joins later, or an
   * ICE restart, needs a valid one: ask the server for fresh ICE servers half-way to the earliest expiry.
   */
  function scheduleIceRefresh(servers: readonly RTCIceServer[]): void {
    const expiries = servers
      .map((server) => /^(\d+):/.exec(server.username ?? '')?.[1])
      .filter((expiry) => expiry !== undefined)
      .map(Number);
    if (expiries.length === 0 || closed) {
      return;
    }
    const delay = Math.max(10_000, (Math.min(...expiries) * 1000 - Date.now()) / 2);
    refreshTimer = setTimeout(() => void refreshIceServers(), delay);
  }

  async function refreshIceServers(): Promise<void> {
    try {
      const fresh = await context.refreshAnswer();
      if (closed || fresh.transport !== 'mesh') {
        return;
      }
      configuration = { ...configuration, iceServers: fresh.iceServers };
      for (const link of links.values()) {
        link.pc.setConfiguration(configuration);
      }
      scheduleIceRefresh(fresh.iceServers);
    } catch (error) {
      console.warn('Could not renew the video relay credentials', error);
      if (!closed) {
        refreshTimer = setTimeout(() => void refreshIceServers(), 30_000);
      }
    }
  }
  scheduleIceRefresh(answer.iceServers);

  const outgoing = (kind: 'audio' | 'video'): MediaStreamTrack | null => {
    if (!context.canPublish) {
      return null;
    }
    if (kind === 'audio') {
      return local.audio;
    }
    return audioOnly ? null : (screen ?? local.video);
  };

  /** How a transceiver of this kind may be used now (video: not at all during an audio-only activity). */
  const directionFor = (kind: 'audio' | 'video'): RTCRtpTransceiverDirection =>
    kind === 'video' && audioOnly ? 'inactive' : context.canPublish ? 'sendrecv' : 'recvonly';

  function reportState(): void {
    const states = [...links.values()].map((link) => link.pc.connectionState);
    let state: TransportState = 'connected';
    if (states.some((s) => s === 'failed' || s === 'disconnected')) {
      state = 'reconnecting';
    } else if (states.some((s) => s === 'new' || s === 'connecting')) {
      state = 'connecting';
    }
    context.events.onStateChange(state);
  }

  async function applyQuality(link: PeerLink): Promise<void> {
    const sender = link.video?.sender;
    if (!sender || !quality) {
      return;
    }
    const parameters = sender.getParameters();
    const [encoding] = parameters.encodings;
    if (!encoding) {
      // Not negotiated yet; applied again once connected.
      return;
    }
    encoding.maxBitrate = screen ? Math.max(quality.maxBitrate, 1_200_000) : quality.maxBitrate;
    encoding.maxFramerate = screen ? 15 : quality.frameRate;
    await sender.setParameters(parameters);
  }

  function createLink(peerId: string, initiate: boolean): PeerLink {
    const pc = new RTCPeerConnection(configuration);
    const link: PeerLink = {
      peerId,
      pc,
      polite: context.selfPeerId < peerId,
      makingOffer: false,
      ignoreOffer: false,
      settingRemoteAnswer: false,
      audio: null,
      video: null,
      stream: new MediaStream(),
      queue: Promise.resolve(),
    };
    links.set(peerId, link);
    if (initiate) {
      link.audio = pc.addTransceiver(outgoing('audio') ?? 'audio', { direction: directionFor('audio') });
      link.video = pc.addTransceiver(outgoing('video') ?? 'video', { direction: directionFor('video') });
    }
    pc.onnegotiationneeded = () => {
      void (async () => {
        try {
          link.makingOffer = true;
          await pc.setLocalDescription();
          const description = pc.localDescription;
          if (description && (description.type === 'offer' || description.type === 'answer')) {
            context.sendSignal(peerId, { type: description.type, sdp: description.sdp });
          }
        } catch (error) {
          console.warn('Could not make a video offer', error);
        } finally {
          link.makingOffer = false;
        }
      })();
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate?.candidate) {
        context.sendSignal(peerId, {
          type: 'candidate',
          candidate: {
            candidate: candidate.candidate,
            sdpMid: candidate.sdpMid,
            sdpMLineIndex: candidate.sdpMLineIndex,
          },
        });
      }
    };
    pc.ontrack = ({ track }) => {
      for (const existing of link.stream.getTracks().filter((t) => t.kind === track.kind && t !== track)) {
        link.stream.removeTrack(existing);
      }
      if (!link.stream.getTracks().includes(track)) {
        link.stream.addTrack(track);
      }
      context.events.onRemoteMedia(peerId);
    };
    pc.onconnectionstatechange = () => {
      if (pc.connectionState === 'failed') {
        pc.restartIce();
      }
      if (pc.connectionState === 'connected') {
        void applyQuality(link).catch(() => undefined);
      }
      reportState();
    };
    reportState();
    return link;
  }

  /** The answering side sends its own media on the transceivers the offer created (one round trip per pair). */
  async function adoptOfferedTransceivers(link: PeerLink): Promise<void> {
    for (const kind of ['audio', 'video'] as const) {
      if (link[kind]) {
        continue;
      }
      const transceiver = link.pc
        .getTransceivers()
        .find((t) => t.receiver.track.kind === kind && t.currentDirection !== 'stopped' && t.mid !== null);
      if (!transceiver) {
        continue;
      }
      transceiver.direction = directionFor(kind);
      await transceiver.sender.replaceTrack(outgoing(kind));
      link[kind] = transceiver;
    }
  }

  async function handleSignal(link: PeerLink, payload: SignalPayload): Promise<void> {
    const { pc } = link;
    if (payload.type === 'candidate') {
      try {
        await pc.addIceCandidate(payload.candidate);
      } catch (error) {
        if (!link.ignoreOffer) {
          console.warn('Could not use a network route for video', error);
        }
      }
      return;
    }
    const readyForOffer = !link.makingOffer && (pc.signalingState === 'stable' || link.settingRemoteAnswer);
    const collision = payload.type === 'offer' && !readyForOffer;
    link.ignoreOffer = !link.polite && collision;
    if (link.ignoreOffer) {
      return;
    }
    link.settingRemoteAnswer = payload.type === 'answer';
    await pc.setRemoteDescription({ type: payload.type, sdp: payload.sdp });
    link.settingRemoteAnswer = false;
    if (payload.type === 'offer') {
      await adoptOfferedTransceivers(link);
      await pc.setLocalDescription();
      const description = pc.localDescription;
      if (description?.type === 'answer') {
        context.sendSignal(link.peerId, { type: 'answer', sdp: description.sdp });
      }
    }
  }

  /** Applies the activity's video rule to one connection (in its signalling order); it renegotiates if needed. */
  async function applyVideoRule(link: PeerLink, rollBack: boolean): Promise<void> {
    const { pc } = link;
    if (pc.signalingState === 'closed') {
      return;
    }
    if (rollBack && pc.signalingState === 'have-local-offer' && !link.makingOffer) {
      // An offer made under the old rule: the server may have refused it or its answer. Offer again instead.
      await pc.setLocalDescription({ type: 'rollback' });
    }
    if (link.video) {
      await link.video.sender.replaceTrack(outgoing('video'));
      link.video.direction = directionFor('video');
    }
  }

  function closeLink(peerId: string): void {
    const link = links.get(peerId);
    if (!link) {
      return;
    }
    links.delete(peerId);
    link.pc.onnegotiationneeded = null;
    link.pc.onicecandidate = null;
    link.pc.ontrack = null;
    link.pc.onconnectionstatechange = null;
    link.pc.close();
    for (const track of link.stream.getTracks()) {
      link.stream.removeTrack(track);
    }
    context.events.onRemoteMedia(peerId);
    reportState();
  }

  async function sendOnAll(kind: 'audio' | 'video'): Promise<void> {
    const track = outgoing(kind);
    await Promise.all(
      [...links.values()].map(async (link) => {
        await link[kind]?.sender.replaceTrack(track);
        if (kind === 'video') {
          await applyQuality(link).catch(() => undefined);
        }
      }),
    );
  }

  return {
    kind: 'mesh',
    keyFor: (peer) => peer.peerId,
    start(tracks, others) {
      local = { ...tracks };
      unsubscribe = context.onSignal((from, payload) => {
        if (closed) {
          return;
        }
        const link = links.get(from) ?? (payload.type === 'offer' ? createLink(from, false) : undefined);
        if (!link) {
          return;
        }
        link.queue = link.queue
          .then(() => handleSignal(link, payload))
          .catch((error: unknown) => {
            console.warn('Video signalling failed', error);
          });
      });
      for (const peer of others) {
        createLink(peer.peerId, true);
      }
      return Promise.resolve();
    },
    peerJoined() {
      // Whoever joins makes the offer; the people already in the room wait for it.
    },
    peerLeft: closeLink,
    async replaceTrack(kind, track) {
      local = { ...local, [kind]: track };
      if (kind === 'audio' && track) {
        track.enabled = !microphoneMuted;
      }
      await sendOnAll(kind);
    },
    setMicrophoneMuted(muted) {
      microphoneMuted = muted;
      if (local.audio) {
        local.audio.enabled = !muted;
      }
      return Promise.resolve();
    },
    async setScreen(track) {
      screen = track;
      await sendOnAll('video');
    },
    async setAudioOnly(next) {
      // Told again during an audio-only activity: a signal of ours was refused, so a waiting offer is rolled back.
      const rollBack = next || next !== audioOnly;
      audioOnly = next;
      await Promise.all(
        [...links.values()].map((link) => {
          link.queue = link.queue
            .then(() => applyVideoRule(link, rollBack))
            .catch((error: unknown) => {
              console.warn('Could not change the video of a connection for this activity', error);
            });
          return link.queue;
        }),
      );
    },
    setVideoQuality(next) {
      quality = next;
      for (const link of links.values()) {
        void applyQuality(link).catch(() => undefined);
      }
    },
    attach(key, element) {
      const stream = links.get(key)?.stream ?? null;
      if (element.srcObject !== stream) {
        element.srcObject = stream;
      }
      return () => {
        // Re-attaching the same stream must not restart playback, so only a removed element lets go of it.
        queueMicrotask(() => {
          if (!element.isConnected && element.srcObject === stream) {
            element.srcObject = null;
          }
        });
      };
    },
    hasRemoteVideo: (key) => (links.get(key)?.stream.getVideoTracks().length ?? 0) > 0,
    close() {
      closed = true;
      if (refreshTimer) {
        clearTimeout(refreshTimer);
      }
      unsubscribe?.();
      for (const peerId of [...links.keys()]) {
        closeLink(peerId);
      }
    },
  };
}
