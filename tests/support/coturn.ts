/**
 * A real coturn (Debian's `turnserver`, installed by .ci/run) on 127.0.0.1, for tests that relay video through
 * TURN. No daemon and no configuration file: everything is on the command line, and the log goes to our pipe.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Coturn {
  /** `turn:127.0.0.1:<port>?transport=udp` and the same over TCP. */
  urls: string[];
  /** The shared secret (coturn's static-auth-secret; Crosswalk's TURN_SECRET). */
  secret: string;
  /** Everything coturn has logged so far. */
  log(): string;
  /** Resolves once the log matches `pattern`; rejects after `timeoutMs` quoting the log's end. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** A port free for both TCP and UDP on 127.0.0.1 (coturn listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => {
          resolve(typeof address === 'object' && address ? address.port : 0);
        });
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = createSocket('udp4');
      socket.once('error', () => {
        resolve(false);
      });
      socket.bind(port, '127.0.0.1', () => {
        socket.close(() => {
          resolve(true);
        });
      });
    });
    if (udpFree) {
      return port;
    }
  }
}

const STARTUP_TIMEOUT_MS = 20_000;

/** Starts coturn with the TURN REST API (use-auth-secret) and waits until it listens on UDP and TCP. */
export async function startCoturn(): Promise<Coturn> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-coturn-'));
  const port = await freePort();
  const secret = randomBytes(24).toString('hex');
  const child = spawn(
    process.env.TURNSERVER_PATH ?? 'turnserver',
    [
      '-n', // no configuration file
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${String(port)}`,
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      '--realm=crosswalk.test',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      // Both browsers' relay addresses are on 127.0.0.1: coturn refuses loopback peers unless told otherwise.
      '--allow-loopback-peers',
      '--log-file=stdout',
      '--simple-log',
      '--verbose',
      `--userdb=${path.join(dir, 'turndb')}`,
      `--pidfile=${path.join(dir, 'turnserver.pid')}`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    log += chunk.toString('utf8');
    for (const listener of listeners) {
      listener();
    }
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
  });
  let running = true;
  void exited.then(() => {
    running = false;
    for (const listener of listeners) {
      listener();
    }
  });

  const waitForLog = (pattern: RegExp, timeoutMs = STARTUP_TIMEOUT_MS) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (pattern.test(log)) {
          done();
          resolve();
        } else if (!running) {
          done();
          reject(new Error(`coturn exited before logging ${String(pattern)}:\n${log.slice(-2000)}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`coturn did not log ${String(pattern)} within ${String(timeoutMs)} ms:\n${log.slice(-2000)}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });

  const stop = async () => {
    if (running) {
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitForLog(new RegExp(`UDP listener opened on: 127\\.0\\.0\\.1:${String(port)}\\b`));
    await waitForLog(new RegExp(`TCP listener opened on : 127\\.0\\.0\\.1:${String(port)}\\b`));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    urls: [`turn:127.0.0.1:${String(port)}?transport=udp`, `turn:127.0.0.1:${String(port)}?transport=tcp`],
    secret,
    log: () => log,
    waitForLog,
    stop,
  };
}
