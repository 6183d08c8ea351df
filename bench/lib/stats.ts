/** Percentile of a list of numbers (nearest rank). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) {
    return Number.NaN;
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function summary(label: string, samplesMs: number[], elapsedMs: number): string {
  const rate = (samplesMs.length / elapsedMs) * 1000;
  return `${label.padEnd(34)} n=${String(samplesMs.length).padStart(5)}  p50=${percentile(samplesMs, 50).toFixed(2)} ms  p99=${percentile(samplesMs, 99).toFixed(2)} ms  ${rate.toFixed(0)} req/s`;
}
