/**
 * Preloaded (`--import`) into a Crosswalk server a benchmark starts, so it can read that process's memory and
 * event-loop delay over the IPC channel without any endpoint in the application: the parent sends `'memory'`
 * and gets `process.memoryUsage()` (after a full garbage collection when the process runs with `--expose-gc`)
 * and the p99 event-loop delay in milliseconds since the previous question.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

const lag = monitorEventLoopDelay({ resolution: 10 });
lag.enable();
process.on('message', (message) => {
  if (message === 'memory') {
    const lagP99 = lag.percentile(99) / 1e6;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ memory: process.memoryUsage(), lagP99 });
    lag.reset();
  }
});
// The channel must not keep the server alive once it has been told to stop.
process.channel?.unref();
