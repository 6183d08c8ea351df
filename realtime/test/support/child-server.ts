import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./collab-server-process.ts', import.meta.url));

export interface ServerMemory {
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  rss: number;
  /** Whether a full garbage collection ran first (the process was started with `ipc`). */
  collected: boolean;
}

export interface ChildServer {
  process: ChildProcess;
  /** The process's memory after a full garbage collection (only when started with `ipc`). */
  memory(): Promise<ServerMemory>;
  /** Base URL for `WebsocketProvider`. */
  url: string;
  /** Kills the process with SIGKILL: no flush, no goodbye. */
  crash(): void;
  /** Stops it with SIGTERM (or makes sure a crashed one is gone). */
  stop(): Promise<void>;
}

/**
 * Starts `collab-server-process.ts` on a database and waits until it listens. With `ipc`, it can be asked for its
 * memory after a full garbage collection.
 */
export async function startChildServer(databaseUrl: string, options: { ipc?: boolean } = {}): Promise<ChildServer> {
  const child = options.ipc
    ? spawn(process.execPath, ['--expose-gc', ENTRY, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] })
    : spawn(process.execPath, [ENTRY, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const { stdout, stderr: errors } = child;
  if (!stdout || !errors) {
    throw new Error('the collab server process has no output streams');
  }
  let stderr = '';
  errors.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code) => {
      reject(new Error(`collab server process exited (${code ?? 'signal'}): ${stderr}`));
    });
  });
  return {
    process: child,
    memory() {
      return new Promise((resolve, reject) => {
        if (!options.ipc) {
          reject(new Error('the server was started without ipc'));
          return;
        }
        child.once('message', (message) => {
          resolve(message as ServerMemory);
        });
        child.send('memory');
      });
    },
    url: `ws://127.0.0.1:${port}/collab`,
    crash() {
      child.kill('SIGKILL');
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
      }
      await exited;
    },
  };
}
