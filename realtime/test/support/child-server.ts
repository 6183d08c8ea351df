import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./collab-server-process.ts', import.meta.url));

export interface ChildServer {
  process: ChildProcess;
  /** Base URL for `WebsocketProvider`. */
  url: string;
  /** Kills the process with SIGKILL: no flush, no goodbye. */
  crash(): void;
  /** Stops it with SIGTERM (or makes sure a crashed one is gone). */
  stop(): Promise<void>;
}

/** Starts `collab-server-process.ts` on a database and waits until it listens. */
export async function startChildServer(databaseUrl: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [ENTRY, databaseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
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
