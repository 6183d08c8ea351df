import { describe, expect, it } from 'vitest';
import { pickSpeaker, SPEAKER_HOLD_SAMPLES } from './audio-levels.ts';

describe('pickSpeaker', () => {
  it('switches to the loudest person only after they stay loudest for a few samples', () => {
    const streak = { id: null, count: 0 };
    let speaker: string | null = 'a';
    for (let i = 1; i < SPEAKER_HOLD_SAMPLES; i++) {
      speaker = pickSpeaker(
        new Map([
          ['a', 0.01],
          ['b', 0.2],
        ]),
        speaker,
        streak,
      );
      expect(speaker).toBe('a');
    }
    speaker = pickSpeaker(
      new Map([
        ['a', 0.01],
        ['b', 0.2],
      ]),
      speaker,
      streak,
    );
    expect(speaker).toBe('b');
  });

  it('keeps the current speaker through silence and ignores room noise', () => {
    const streak = { id: null, count: 0 };
    for (let i = 0; i < SPEAKER_HOLD_SAMPLES * 2; i++) {
      expect(
        pickSpeaker(
          new Map([
            ['a', 0.001],
            ['b', 0.005],
          ]),
          'a',
          streak,
        ),
      ).toBe('a');
    }
  });

  it('starts the count again when a different person becomes loudest', () => {
    const streak = { id: null, count: 0 };
    pickSpeaker(new Map([['b', 0.3]]), null, streak);
    pickSpeaker(new Map([['b', 0.3]]), null, streak);
    expect(pickSpeaker(new Map([['c', 0.3]]), null, streak)).toBeNull();
    expect(streak).toEqual({ id: 'c', count: 1 });
  });
});
