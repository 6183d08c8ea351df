import { describe, expect, it } from 'vitest';
import { formatFingerprint, versionFingerprint } from './fingerprint.ts';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('versionFingerprint', () => {
  it('is the same for the same parts in any order', () => {
    const a = versionFingerprint([
      { part: 'findings', state: bytes(1, 2) },
      { part: 'context', state: bytes(3) },
    ]);
    const b = versionFingerprint([
      { part: 'context', state: bytes(3) },
      { part: 'findings', state: bytes(1, 2) },
    ]);
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes when a byte moves from one part to another', () => {
    const a = versionFingerprint([
      { part: 'context', state: bytes(1, 2) },
      { part: 'evidence', state: bytes(3) },
    ]);
    const b = versionFingerprint([
      { part: 'context', state: bytes(1) },
      { part: 'evidence', state: bytes(2, 3) },
    ]);
    expect(a).not.toBe(b);
  });

  it('reads in groups of eight', () => {
    expect(formatFingerprint('a'.repeat(64)).split(' ')).toHaveLength(8);
  });
});
