import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** What the memory probe reports besides memory: event-loop delay and CPU time (see memory-probe.ts). */
export interface ProbeTimes {
  lagP99: number;
  /**
   * CPU microseconds so far of the whole process (and the part of it in the kernel: system calls, mostly socket
   * reads and writes) and of its main thread, before and after the collection.
   */
  cpuBeforeGc: { process: number; system: number; mainThread: number };
  cpuAfterGc: { process: number; system: number; mainThread: number };
}

/** A whole Crosswalk server (`server/src/main.ts`) started by a benchmark in a process of its own. */
export interface CrosswalkProcess {
  baseUrl: string;
  pid: number;
  /**
   * `process.memoryUsage()` of the server after a full garbage collection, its event loop's p99 delay (ms)
   * since the previous call, and its CPU time (see memory-probe.ts).
   */
  memory(): Promise<NodeJS.MemoryUsage & ProbeTimes>;
  /** Stops it with SIGTERM (a CPU profile, if asked for, is written as it exits). */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts `server/src/main.ts` as `pnpm start` would (authentication on, no web pages unless `env` says so) with
 * `env` added, and resolves once `/api/health` answers. `nodeFlags` are given to that process, e.g. `--cpu-prof`.
 * Without the probe (`probe: false`) the process runs exactly as `pnpm start` runs it, and `memory()` fails.
 */
export async function startCrosswalkProcess(
  env: Record<string, string>,
  nodeFlags: string[] = [],
  { probe = true } = {},
): Promise<CrosswalkProcess> {
  const port = await freePort();
  const main = new URL('../../server/src/main.ts', import.meta.url).pathname;
  const probeFlags = probe ? ['--expose-gc', '--import', new URL('./memory-probe.ts', import.meta.url).pathname] : [];
  const child = spawn(process.execPath, [...probeFlags, ...nodeFlags, main], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      SERVICES: 'api,realtime',
      LOG_LEVEL: 'warn',
      LOGIN_MAX_FAILURES_PER_IP: '10000',
      WRITE_REQUESTS_PER_MINUTE: '100000',
      ...env,
    },
    stdio: probe ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'inherit', 'inherit'],
  });
  const exited = once(child, 'exit');
  const baseUrl = `http://127.0.0.1:${String(port)}`;
  let up = false;
  const state = { dead: false };
  void exited.then(() => {
    state.dead = true;
  });
  while (!up) {
    if (state.dead) {
      throw new Error('the Crosswalk server exited while starting');
    }
    up = await fetch(`${baseUrl}/api/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (!up) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    baseUrl,
    pid: child.pid ?? 0,
    async memory() {
      const answer = once(child, 'message') as Promise<[{ memory: NodeJS.MemoryUsage } & ProbeTimes]>;
      child.send('memory');
      const [{ memory, ...times }] = await answer;
      return { ...memory, ...times };
    },
    async stop() {
      if (!state.dead) {
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}
