import { describe, expect, it } from 'vitest';
import { pickSpeaker, SPEAKER_HOLD_SAMPLES } from './audio-levels.ts';

/** One sample of everyone's audio level, by peer id. */
const levels = (byPeer: Record<string, number>) => new Map(Object.entries(byPeer));

describe('pickSpeaker', () => {
  it('switches to the loudest person only after they stay loudest for a few samples', () => {
    const streak = { id: null, count: 0 };
    const bLoudest = levels({ a: 0.01, b: 0.2 });
    let speaker: string | null = 'a';
    for (let i = 1; i <= SPEAKER_HOLD_SAMPLES; i++) {
      speaker = pickSpeaker(bLoudest, speaker, streak);
      expect(speaker).toBe(i < SPEAKER_HOLD_SAMPLES ? 'a' : 'b');
    }
  });

  it('keeps the current speaker through silence and ignores room noise', () => {
    const streak = { id: null, count: 0 };
    for (let i = 0; i < SPEAKER_HOLD_SAMPLES * 2; i++) {
      expect(pickSpeaker(levels({ a: 0.001, b: 0.005 }), 'a', streak)).toBe('a');
    }
  });

  it('starts the count again when a different person becomes loudest', () => {
    const streak = { id: null, count: 0 };
    pickSpeaker(levels({ b: 0.3 }), null, streak);
    pickSpeaker(levels({ b: 0.3 }), null, streak);
    expect(pickSpeaker(levels({ c: 0.3 }), null, streak)).toBeNull();
    expect(streak).toEqual({ id: 'c', count: 1 });
  });
});
