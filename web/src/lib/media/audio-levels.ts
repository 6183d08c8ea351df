/**
 * Who is speaking, from audio levels measured in the browser (Web Audio analysers on each person's incoming
 * audio). Nothing is recorded or sent anywhere: the levels only choose the large tile in speaker view.
 */

/** Below this level (0–1, the RMS of the waveform) a person counts as silent: room noise, not speech. */
export const SPEAKING_LEVEL = 0.02;
/** How many samples in a row someone must be loudest before the view switches to them, so it does not flicker. */
export const SPEAKER_HOLD_SAMPLES = 3;

/**
 * The next active speaker from one round of levels: the loudest person above `SPEAKING_LEVEL`, once they have
 * been loudest for `SPEAKER_HOLD_SAMPLES` rounds; otherwise whoever was speaking stays. `streak` carries the
 * candidate and its count between rounds.
 */
export function pickSpeaker(
  levels: ReadonlyMap<string, number>,
  current: string | null,
  streak: { id: string | null; count: number },
): string | null {
  let loudest: string | null = null;
  let best = SPEAKING_LEVEL;
  for (const [id, level] of levels) {
    if (level > best) {
      best = level;
      loudest = id;
    }
  }
  if (loudest === null || loudest === current) {
    streak.id = null;
    streak.count = 0;
    return current;
  }
  streak.count = streak.id === loudest ? streak.count + 1 : 1;
  streak.id = loudest;
  return streak.count >= SPEAKER_HOLD_SAMPLES ? loudest : current;
}

interface Watched {
  trackId: string;
  source: MediaStreamAudioSourceNode;
  analyser: AnalyserNode;
}

/** Measures the audio of several streams, by id, in one AudioContext. */
export class AudioLevels {
  #context: AudioContext | null = null;
  #watched = new Map<string, Watched>();
  #buffer = new Float32Array(512);

  /** Measures `stream`'s first audio track as `id` (replacing what was measured before); null stops measuring. */
  watch(id: string, stream: MediaStream | null): void {
    const track = stream?.getAudioTracks()[0] ?? null;
    const current = this.#watched.get(id);
    if (current?.trackId === track?.id) {
      return;
    }
    this.unwatch(id);
    if (!track || typeof AudioContext === 'undefined') {
      return;
    }
    this.#context ??= new AudioContext();
    const source = this.#context.createMediaStreamSource(new MediaStream([track]));
    const analyser = this.#context.createAnalyser();
    analyser.fftSize = this.#buffer.length;
    source.connect(analyser);
    this.#watched.set(id, { trackId: track.id, source, analyser });
  }

  /** The ids being measured. */
  ids(): string[] {
    return [...this.#watched.keys()];
  }

  unwatch(id: string): void {
    const watched = this.#watched.get(id);
    if (watched) {
      watched.source.disconnect();
      this.#watched.delete(id);
    }
  }

  /** The current level of everyone measured (0–1). */
  sample(): Map<string, number> {
    const levels = new Map<string, number>();
    if (this.#context?.state === 'suspended') {
      // The page was opened without a click yet; the join click normally lets the context run.
      void this.#context.resume();
    }
    for (const [id, { analyser }] of this.#watched) {
      analyser.getFloatTimeDomainData(this.#buffer);
      let sum = 0;
      for (const value of this.#buffer) {
        sum += value * value;
      }
      levels.set(id, Math.sqrt(sum / this.#buffer.length));
    }
    return levels;
  }

  close(): void {
    for (const id of [...this.#watched.keys()]) {
      this.unwatch(id);
    }
    void this.#context?.close();
    this.#context = null;
  }
}
