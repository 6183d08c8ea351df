import type { MediaAnswer, RoomPeer } from '@crosswalk/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMediaTransport } from './media-transport.ts';
import { recordingContext } from './test-context.ts';

/**
 * No LiveKit server runs in tests, so livekit-client is replaced by a recording fake: these tests pin down how the
 * transport drives it (lazy loading, room options, publishing, token refresh and reconnection), not LiveKit itself.
 */
const fake = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => void;
  class FakeRoom {
    options: unknown;
    state = 'disconnected';
    handlers = new Map<string, Handler>();
    connects: { url: string; token: string }[] = [];
    published: { track: unknown; options: { source: string; simulcast?: boolean } }[] = [];
    remoteParticipants = new Map();
    localParticipant = {
      getTrackPublication: (source: string) => {
        const found = this.published.find((p) => p.options.source === source);
        return found ? { track: { replaceTrack: vi.fn() }, mute: vi.fn(), unmute: vi.fn() } : undefined;
      },
      publishTrack: (track: unknown, options: { source: string; simulcast?: boolean }) => {
        this.published.push({ track, options });
        return Promise.resolve({});
      },
      unpublishTrack: vi.fn(),
    };
    constructor(options: unknown) {
      this.options = options;
      state.rooms.push(this);
    }
    on(event: string, handler: Handler) {
      this.handlers.set(event, handler);
      return this;
    }
    connect(url: string, token: string) {
      this.connects.push({ url, token });
      this.state = 'connected';
      return Promise.resolve();
    }
    disconnect() {
      this.state = 'disconnected';
      return Promise.resolve();
    }
  }
  const state = { loads: 0, rooms: [] as FakeRoom[], FakeRoom };
  return state;
});

vi.mock('livekit-client', () => {
  fake.loads += 1;
  return {
    Room: fake.FakeRoom,
    ConnectionState: { Connected: 'connected' },
    DisconnectReason: { CLIENT_INITIATED: 1, DUPLICATE_IDENTITY: 2, PARTICIPANT_REMOVED: 4, SIGNAL_CLOSE: 9 },
    RoomEvent: {
      TrackSubscribed: 'trackSubscribed',
      TrackUnsubscribed: 'trackUnsubscribed',
      ParticipantDisconnected: 'participantDisconnected',
      Reconnecting: 'reconnecting',
      Reconnected: 'reconnected',
      Disconnected: 'disconnected',
    },
    Track: { Source: { Camera: 'camera', Microphone: 'microphone', ScreenShare: 'screen_share' } },
  };
});

const track = (kind: string) => ({ kind, enabled: true }) as unknown as MediaStreamTrack;

beforeEach(() => {
  fake.loads = 0;
  fake.rooms.length = 0;
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('choosing the media transport', () => {
  it('uses the mesh without loading livekit-client', async () => {
    const transport = await createMediaTransport(
      { transport: 'mesh', iceServers: [], maxParticipants: 8 },
      recordingContext(() => Promise.reject(new Error('unused'))),
    );
    expect(transport.kind).toBe('mesh');
    expect(transport.keyFor({ peerId: 'socket-1', userId: 'user-1' } as RoomPeer)).toBe('socket-1');
    expect(fake.loads).toBe(0);
    transport.close();
  });
});

describe('the LiveKit transport (against a fake livekit-client)', () => {
  const answer: MediaAnswer = { transport: 'livekit', url: 'wss://sfu.example', token: 'token-1', expiresIn: 600 };

  it('loads livekit-client, opens an adaptive room with dynacast and publishes the lobby’s tracks with simulcast', async () => {
    const ctx = recordingContext(() => Promise.resolve(answer));
    const transport = await createMediaTransport(answer, ctx);
    expect(fake.loads).toBe(1);
    expect(transport.keyFor({ peerId: 'socket-1', userId: 'user-1' } as RoomPeer)).toBe('user-1');
    await transport.start({ audio: track('audio'), video: track('video') }, []);
    const room = fake.rooms[0];
    expect(room?.options).toMatchObject({ adaptiveStream: true, dynacast: true, publishDefaults: { simulcast: true } });
    expect(room?.connects).toEqual([{ url: 'wss://sfu.example', token: 'token-1' }]);
    expect(room?.published.map((p) => p.options)).toEqual([
      { source: 'microphone', simulcast: false },
      { source: 'camera', simulcast: true },
    ]);
    expect(ctx.states.at(-1)).toBe('connected');
    transport.close();
  });

  it('fetches a fresh token a minute before expiry and reconnects with the freshest one after a lost connection', async () => {
    let n = 1;
    const refresh = vi.fn(() => {
      n += 1;
      return Promise.resolve<MediaAnswer>({ ...answer, token: `token-${n}` });
    });
    const ctx = recordingContext(refresh);
    const transport = await createMediaTransport(answer, ctx);
    await transport.start({ audio: null, video: null }, []);
    await vi.advanceTimersByTimeAsync(539_000);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refresh).toHaveBeenCalledTimes(1);

    const room = fake.rooms[0];
    room?.handlers.get('disconnected')?.(9);
    await vi.advanceTimersByTimeAsync(0);
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(room?.connects.at(-1)).toEqual({ url: 'wss://sfu.example', token: 'token-3' });
    expect(ctx.states).toContain('reconnecting');

    room?.handlers.get('disconnected')?.(2);
    expect(ctx.states.at(-1)).toBe('failed');
    transport.close();
  });
});
