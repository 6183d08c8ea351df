import type { MediaAnswer } from '@crosswalk/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMeshTransport } from './mesh-transport.ts';
import { recordingContext } from './test-context.ts';

type MeshAnswer = Extract<MediaAnswer, { transport: 'mesh' }>;

const NOW = new Date('2026-03-02T09:00:00Z');
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

function meshAnswer(expiresAt: number | undefined): MeshAnswer {
  return {
    transport: 'mesh',
    maxParticipants: 8,
    iceServers: [
      { urls: 'stun:turn.example.org:3478' },
      ...(expiresAt === undefined
        ? []
        : [{ urls: ['turn:turn.example.org:3478'], username: `${String(expiresAt)}:user-1`, credential: 'c' }]),
    ],
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the mesh transport’s TURN credentials', () => {
  it('asks for fresh ICE servers half-way to the TURN password’s expiry, and again after each renewal', async () => {
    const refresh = vi.fn(() => Promise.resolve<MediaAnswer>(meshAnswer(seconds(new Date()) + 600)));
    const transport = createMeshTransport(meshAnswer(seconds(NOW) + 600), recordingContext(refresh));
    await vi.advanceTimersByTimeAsync(299_000);
    expect(refresh).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    transport.close();
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('tries again after a failed renewal', async () => {
    const refresh = vi
      .fn<() => Promise<MediaAnswer>>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValue(meshAnswer(seconds(NOW) + 3600));
    const transport = createMeshTransport(meshAnswer(seconds(NOW) + 120), recordingContext(refresh));
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(refresh).toHaveBeenCalledTimes(2);
    transport.close();
  });

  it('never asks when no TURN password expires (STUN only, or a fixed password)', async () => {
    const refresh = vi.fn(() => Promise.resolve<MediaAnswer>(meshAnswer(undefined)));
    const transport = createMeshTransport(meshAnswer(undefined), recordingContext(refresh));
    await vi.advanceTimersByTimeAsync(24 * 3_600_000);
    expect(refresh).not.toHaveBeenCalled();
    transport.close();
  });
});
