import { describe, expect, it } from 'vitest';
import { areaOf, functionKey, selfTimes, type CpuProfile } from './cpu-profile.ts';

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });

/** Three nodes; samples at 1000 µs intervals starting at 10,000 µs (the last one's time is not known yet). */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(idle)', '') },
    { id: 2, callFrame: frame('applyUpdate', 'file:///w/node_modules/.pnpm/yjs@13/node_modules/yjs/dist/yjs.mjs', 9) },
    { id: 3, callFrame: frame('relay', 'file:///w/realtime/src/yjs/collab-document.ts', 41) },
  ],
  startTime: 10_000,
  samples: [2, 2, 3, 1, 2],
  timeDeltas: [0, 1000, 1000, 1000, 1000],
};

describe('selfTimes', () => {
  it('counts each sample for the time until the next one, largest first', () => {
    const times = selfTimes(profile, functionKey);
    expect(times.map((t) => [t.name, t.ms])).toEqual([
      ['applyUpdate (yjs/dist/yjs.mjs:10)', 2],
      ['relay (realtime/src/yjs/collab-document.ts:42)', 1],
      ['(idle)', 1],
    ]);
    expect(times[0]?.share).toBeCloseTo(1 / 2);
  });

  it('keeps only the samples inside the windows', () => {
    const times = selfTimes(profile, functionKey, [{ from: 11_500, to: 12_500 }]);
    expect(times.map((t) => [t.name, t.ms])).toEqual([['relay (realtime/src/yjs/collab-document.ts:42)', 1]]);
  });

  it('groups by package, our folders and Node itself', () => {
    const times = selfTimes(profile, (f) => areaOf(f.url, f.functionName));
    expect(times.map((t) => t.name).sort()).toEqual(['(idle)', 'realtime/src (ours)', 'yjs']);
    expect(areaOf('node:internal/streams/writable', 'writev')).toBe('node internals');
    expect(areaOf('file:///w/node_modules/.pnpm/@y+ws/node_modules/@y/websocket-server/x.js', 'f')).toBe(
      '@y/websocket-server',
    );
  });
});
