/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Median of a list of numbers: the middle one, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const upper = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[upper] ?? Number.NaN)
    : ((sorted[upper - 1] ?? Number.NaN) + (sorted[upper] ?? Number.NaN)) / 2;
}

export function summary(label: string, samplesMs: number[], elapsedMs: number): string {
  const rate = (samplesMs.length / elapsedMs) * 1000;
  return `${label.padEnd(34)} n=${String(samplesMs.length).padStart(5)}  p50=${percentile(samplesMs, 50).toFixed(2)} ms  p99=${percentile(samplesMs, 99).toFixed(2)} ms  ${rate.toFixed(0)} req/s`;
}

/** Width of a `LatencyDistribution` bin in milliseconds, and the last bin's upper edge (slower samples go in it). */
const BIN_MS = 0.01;
const MAX_MS = 1000;

/**
 * The latencies of one run as cumulative counts over 10 µs bins (up to 1 s): runs can then be pooled, and rounds
 * resampled, without keeping or sorting every sample again.
 */
export class LatencyDistribution {
  /** `cumulative[b]`: samples in bins 0…b. */
  readonly cumulative: Uint32Array;
  readonly count: number;

  constructor(samplesMs: readonly number[]) {
    const bins = Math.round(MAX_MS / BIN_MS);
    const counts = new Uint32Array(bins);
    for (const sample of samplesMs) {
      const bin = Math.min(bins - 1, Math.max(0, Math.floor(sample / BIN_MS)));
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    for (let bin = 1; bin < bins; bin++) {
      counts[bin] = (counts[bin] ?? 0) + (counts[bin - 1] ?? 0);
    }
    this.cumulative = counts;
    this.count = samplesMs.length;
  }
}

/**
 * The p-th percentile (nearest rank, to the upper edge of its 10 µs bin) of the samples of several runs taken
 * together; a run listed twice counts twice (as in a bootstrap resample).
 */
export function pooledPercentile(runs: readonly LatencyDistribution[], p: number): number {
  const total = runs.reduce((sum, run) => sum + run.count, 0);
  if (total === 0) {
    return Number.NaN;
  }
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  const atOrBelow = (bin: number) => runs.reduce((sum, run) => sum + (run.cumulative[bin] ?? 0), 0);
  let low = 0;
  let high = (runs[0]?.cumulative.length ?? 1) - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (atOrBelow(middle) >= rank) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return (low + 1) * BIN_MS;
}

/**
 * Ratio of two servers' pooled p-th percentiles over runs made in pairs (round `i` of each ran back to back), with
 * a bootstrap interval: rounds are drawn with replacement, both servers' runs of a drawn round together, so what
 * made one round slow for both stays paired. `confidence` 0.9 gives the 5th and 95th percentiles of the resampled
 * ratios. Seeded, so the same runs always print the same interval.
 */
export function pairedRatioInterval(
  ours: readonly LatencyDistribution[],
  reference: readonly LatencyDistribution[],
  p: number,
  { iterations = 2000, confidence = 0.9, seed = 1 } = {},
): { ratio: number; low: number; high: number } {
  const rounds = Math.min(ours.length, reference.length);
  const ratio = pooledPercentile(ours.slice(0, rounds), p) / pooledPercentile(reference.slice(0, rounds), p);
  const random = mulberry32(seed);
  const ratios: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    const drawn = Array.from({ length: rounds }, () => Math.floor(random() * rounds));
    const pick = (runs: readonly LatencyDistribution[]) =>
      drawn.map((round) => runs[round]).filter((run): run is LatencyDistribution => run !== undefined);
    ratios.push(pooledPercentile(pick(ours), p) / pooledPercentile(pick(reference), p));
  }
  const tail = ((1 - confidence) / 2) * 100;
  return { ratio, low: percentile(ratios, tail), high: percentile(ratios, 100 - tail) };
}

/**
 * The same comparison made round by round: each round's ratio of the two servers' p-th percentiles, their median,
 * a bootstrap interval of that median (rounds drawn with replacement, seeded) and in how many rounds ours was at
 * or below the reference's. Unlike the pooled ratio, one round that something outside both servers disturbed
 * (a stall of the virtual machine, a neighbour's burst) moves the median by at most one place.
 */
export function roundRatios(
  ours: readonly LatencyDistribution[],
  reference: readonly LatencyDistribution[],
  p: number,
  { iterations = 2000, confidence = 0.9, seed = 1 } = {},
): { each: number[]; median: number; low: number; high: number; notWorse: number } {
  const rounds = Math.min(ours.length, reference.length);
  const each = Array.from({ length: rounds }, (_, round) => {
    const mine = ours[round];
    const theirs = reference[round];
    return mine && theirs ? pooledPercentile([mine], p) / pooledPercentile([theirs], p) : Number.NaN;
  });
  const random = mulberry32(seed);
  const medians: number[] = [];
  for (let iteration = 0; iteration < iterations; iteration++) {
    medians.push(median(Array.from({ length: rounds }, () => each[Math.floor(random() * rounds)] ?? Number.NaN)));
  }
  const tail = ((1 - confidence) / 2) * 100;
  return {
    each,
    median: median(each),
    low: percentile(medians, tail),
    high: percentile(medians, 100 - tail),
    notWorse: each.filter((ratio) => ratio <= 1).length,
  };
}

/** A small seeded pseudo-random generator (mulberry32): numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
