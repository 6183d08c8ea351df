import { describe, expect, it } from 'vitest';
import {
  LatencyDistribution,
  median,
  pairedRatioInterval,
  percentile,
  pooledPercentile,
  roundRatios,
} from './stats.ts';

/** Latencies 0.005, 0.015, … ms: one sample in the middle of each 10 µs bin, `count` of them from `firstBin`. */
function spread(count: number, firstBin = 0): number[] {
  return Array.from({ length: count }, (_, index) => (firstBin + index) * 0.01 + 0.005);
}

describe('benchmark statistics', () => {
  it('gives the same percentile as the sorted samples, to the upper edge of a 10 µs bin', () => {
    const samples = spread(1000).reverse();
    const distribution = new LatencyDistribution(samples);
    for (const p of [1, 50, 99, 100]) {
      expect(pooledPercentile([distribution], p)).toBeCloseTo(percentile(samples, p) + 0.005, 9);
    }
  });

  it('pools runs as one set of samples, a run listed twice counting twice', () => {
    const fast = new LatencyDistribution(spread(100));
    const slow = new LatencyDistribution(spread(100, 1000));
    // Together: 200 samples, the 99th percentile is the 198th, the 98th of the slow run.
    expect(pooledPercentile([fast, slow], 99)).toBeCloseTo(10.98, 9);
    expect(pooledPercentile([fast, slow], 50)).toBeCloseTo(1.0, 9);
    // Twice the fast run and the slow one: 300 samples, the median is the 150th, the 50th of the (second) fast run.
    expect(pooledPercentile([fast, fast, slow], 50)).toBeCloseTo(0.75, 9);
  });

  it('puts samples beyond a second in the last bin and has no percentile of nothing', () => {
    expect(pooledPercentile([new LatencyDistribution([5000])], 99)).toBe(1000);
    expect(pooledPercentile([new LatencyDistribution([])], 99)).toBeNaN();
  });

  it('brackets the ratio of two servers by resampling paired rounds, the same way every time', () => {
    const reference = [0, 1, 2, 3, 4, 5].map((round) => new LatencyDistribution(spread(100, round * 10)));
    const same = pairedRatioInterval(reference, reference, 99);
    expect(same).toEqual({ ratio: 1, low: 1, high: 1 });

    const slower = reference.map((_, round) => new LatencyDistribution(spread(100, round * 10).map((x) => x * 2)));
    const interval = pairedRatioInterval(slower, reference, 99);
    expect(interval.ratio).toBeGreaterThan(1.9);
    expect(interval.low).toBeGreaterThan(1.5);
    expect(interval.low).toBeLessThanOrEqual(interval.ratio);
    expect(interval.high).toBeGreaterThanOrEqual(interval.ratio);
    expect(pairedRatioInterval(slower, reference, 99)).toEqual(interval);
  });

  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('compares round by round, so one disturbed round moves the median by one place, not the whole figure', () => {
    const reference = [0, 1, 2, 3, 4, 5].map((round) => new LatencyDistribution(spread(100, round * 10)));
    // Ours: 10% faster in every round but the fourth, where a stall made its slowest fifth ten times slower.
    const ours = reference.map(
      (_, round) =>
        new LatencyDistribution(
          spread(100, round * 10).map((x, index) => (round === 3 && index >= 80 ? x * 10 : x * 0.9)),
        ),
    );
    const pooled = pairedRatioInterval(ours, reference, 99);
    expect(pooled.ratio).toBeGreaterThan(1.5);
    const rounds = roundRatios(ours, reference, 99);
    expect(rounds.each).toHaveLength(6);
    expect(rounds.each[3]).toBeGreaterThan(5);
    expect(rounds.median).toBeGreaterThan(0.85);
    expect(rounds.median).toBeLessThan(0.95);
    expect(rounds.notWorse).toBe(5);
    expect(rounds.low).toBeLessThanOrEqual(rounds.median);
    expect(rounds.high).toBeGreaterThanOrEqual(rounds.median);
    expect(roundRatios(ours, reference, 99)).toEqual(rounds);
  });
});
