/** Breakout groups are split in the facilitator's browser (so the split can be adjusted before opening). */

/** Splits people at random into `count` groups of nearly equal size (Fisher–Yates with the given random source). */
export function splitAtRandom<T>(people: readonly T[], count: number, random: () => number = Math.random): T[][] {
  const shuffled = [...people];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as T, shuffled[i] as T];
  }
  const groups: T[][] = Array.from({ length: Math.max(1, count) }, () => []);
  shuffled.forEach((person, i) => groups[i % groups.length]?.push(person));
  return groups;
}
