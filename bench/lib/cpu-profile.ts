import path from 'node:path';

/** The parts of a V8 `.cpuprofile` (as written by `node --cpu-prof`) that self time needs. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  /** Microseconds on the system's monotonic clock (the one `process.hrtime` reads, in every process). */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A stretch of time on the monotonic clock, in microseconds (`process.hrtime.bigint() / 1000n`). */
export interface Window {
  from: number;
  to: number;
}

/** Now on the clock a profile's timestamps use, in microseconds. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export interface SelfTime {
  name: string;
  ms: number;
  share: number;
}

/** Where a function lives: a package (by its name under node_modules), our workspace folder, or Node itself. */
export function areaOf(url: string, functionName: string): string {
  if (url === '') {
    return functionName.startsWith('(') ? functionName : '(native)';
  }
  if (url.startsWith('node:')) {
    return 'node internals';
  }
  const modules = url.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const [scopeOrName = '', name = ''] = url.slice(modules + '/node_modules/'.length).split('/');
    return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const match = /\/(server|realtime|shared|web|bench)\/src\//.exec(url);
  return match ? `${match[1] ?? ''}/src (ours)` : path.basename(url);
}

/**
 * Self time (time a function was on top of the stack) from a profile's samples, summed by `key` over its nodes,
 * largest first; only samples taken within one of `windows` count, if given. Each sample's time is the delta
 * that follows it (how V8 and Chrome's DevTools count it).
 */
export function selfTimes(
  profile: CpuProfile,
  key: (frame: CpuProfile['nodes'][number]['callFrame']) => string,
  windows?: readonly Window[],
): SelfTime[] {
  const frames = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  let at = profile.startTime;
  profile.samples.forEach((nodeId, index) => {
    at += profile.timeDeltas[index] ?? 0;
    const micros = profile.timeDeltas[index + 1] ?? 0;
    const frame = frames.get(nodeId);
    if (frame && (!windows || windows.some((w) => at >= w.from && at <= w.to))) {
      const name = key(frame);
      totals.set(name, (totals.get(name) ?? 0) + micros);
      all += micros;
    }
  });
  return [...totals]
    .map(([name, micros]) => ({ name, ms: micros / 1000, share: all > 0 ? micros / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}

/** A function as a profile names it: `name (file:line)`, the file relative to the workspace or its package. */
export function functionKey(frame: CpuProfile['nodes'][number]['callFrame']): string {
  const name = frame.functionName || '(anonymous)';
  if (frame.url === '') {
    return name;
  }
  const modules = frame.url.lastIndexOf('/node_modules/');
  const file =
    modules !== -1
      ? frame.url.slice(modules + '/node_modules/'.length)
      : frame.url.replace(/^file:\/\/.*?\/((server|realtime|shared|web|bench)\/)/, '$1');
  return `${name} (${file}:${String(frame.lineNumber + 1)})`;
}
