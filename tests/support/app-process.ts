import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));

export interface AppProcess {
  child: ChildProcess;
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Log lines (pino JSON) printed so far, parsed; for assertions on what the process reported. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM (if still running), then waits for the exit. */
  stop(): Promise<void>;
}

export interface AppProcessOptions {
  databaseUrl: string;
  /** Same for every process of one deployment (tickets are signed with it). */
  realtimeSecret: string;
  redisUrl?: string;
  redisKeyPrefix?: string;
  /** @default 'api,realtime' */
  services?: string;
  env?: Record<string, string>;
}

/**
 * Starts Crosswalk as a real child process (`node server/src/main.ts`) on a free port, as a deployment would run
 * it, so tests can SIGKILL or SIGTERM it. Resolves once it logged that it is ready.
 */
export async function startAppProcess(options: AppProcessOptions): Promise<AppProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-proc-'));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: options.databaseUrl,
    DATABASE_POOL_SIZE: '4',
    REALTIME_SECRET: options.realtimeSecret,
    SERVICES: options.services ?? 'api,realtime',
    LOG_LEVEL: 'info',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...(options.redisKeyPrefix ? { REDIS_KEY_PREFIX: options.redisKeyPrefix } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
  void exited.then(() => rm(dataDir, { recursive: true, force: true }));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      let entry: Record<string, unknown>;
      try {
        entry = JSON.parse(line) as Record<string, unknown>;
      } catch {
        return;
      }
      logs.push(entry);
      if (
        typeof entry.msg === 'string' &&
        entry.msg.startsWith('Crosswalk is ready') &&
        typeof entry.port === 'number'
      ) {
        resolve(entry.port);
      }
    });
    void exited.then(({ code, signal }) => {
      reject(new Error(`Crosswalk exited before it was ready (${code ?? signal ?? '?'}): ${stderr.slice(-2000)}`));
    });
  });
  return {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    exited,
    kill(signal) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
