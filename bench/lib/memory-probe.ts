/**
 * Preloaded (`--import`) into a Crosswalk server a benchmark starts, so it can read that process's memory and
 * event-loop delay over the IPC channel without any endpoint in the application: the parent sends `'memory'`
 * and gets `process.memoryUsage()` (after a full garbage collection when the process runs with `--expose-gc`),
 * the p99 event-loop delay in milliseconds since the previous question, and its CPU time (the process's and the
 * main thread's) before and after
 * that collection (so the CPU time between two questions can leave out the collections they asked for).
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** CPU microseconds so far of the whole process (user + system, and system alone) and of its main thread. */
function cpuNow(): { process: number; system: number; mainThread: number } {
  const all = process.cpuUsage();
  const main = process.threadCpuUsage();
  return { process: all.user + all.system, system: all.system, mainThread: main.user + main.system };
}

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
process.on('message', (message) => {
  if (message === 'memory') {
    const lagP99 = lag.percentile(99) / 1e6;
    const cpuBeforeGc = cpuNow();
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ memory: process.memoryUsage(), lagP99, cpuBeforeGc, cpuAfterGc: cpuNow() });
    lag.reset();
  }
});
// The channel must not keep the server alive once it has been told to stop.
process.channel?.unref();
