import { describe, expect, it } from 'vitest';
import { splitAtRandom } from './split.ts';

describe('random breakout split', () => {
  it('puts everyone in exactly one group, in groups whose sizes differ by at most one', () => {
    const people = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const groups = splitAtRandom(people, 3);
    expect(groups).toHaveLength(3);
    expect(groups.flat().sort()).toEqual(people);
    const sizes = groups.map((g) => g.length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });
});
