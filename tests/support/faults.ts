import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';
import { adminUrl } from './pg-urls.ts';
import { testRedisUrl } from './redis.ts';

const run = promisify(execFile);

/**
 * Stopping and starting the real PostgreSQL and Redis the tests use, for the fault tests (which run alone, after
 * every other test: see the `fault` project in vitest.config.ts). CI runs as root with the Debian cluster; a
 * developer on a shared machine can point the tests at a private cluster and Redis with TEST_DATABASE_URL,
 * TEST_PG_CLUSTER ("15/scratch") and TEST_REDIS_URL, so a fault run does not stop anybody else's database.
 */
function cluster(): [string, string] {
  const configured = process.env.TEST_PG_CLUSTER;
  if (configured) {
    const [version = '', name = 'main'] = configured.split('/');
    return [version, name];
  }
  const [version] = readdirSync('/etc/postgresql').sort();
  if (!version) {
    throw new Error('no PostgreSQL cluster in /etc/postgresql; set TEST_PG_CLUSTER');
  }
  return [version, 'main'];
}

async function pgCtl(action: 'start' | 'stop'): Promise<void> {
  const [version, name] = cluster();
  const args = ['--skip-systemctl-redirect', version, name, action, ...(action === 'stop' ? ['-m', 'immediate'] : [])];
  await run('pg_ctlcluster', args);
}

async function pgReady(): Promise<boolean> {
  const url = new URL(adminUrl());
  try {
    await run('pg_isready', ['-q', '-h', url.hostname, '-p', url.port || '5432']);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `pg_ctlcluster … stop -m immediate`: no checkpoint, every connection cut, like a crash. */
export async function stopPostgresImmediately(): Promise<void> {
  await pgCtl('stop');
  await until(async () => !(await pgReady()), 'PostgreSQL stopping');
}

/** Starts PostgreSQL if it is not running and waits until it accepts connections. */
export async function ensurePostgres(): Promise<void> {
  if (await pgReady()) {
    return;
  }
  await pgCtl('start').catch(() => undefined);
  await until(pgReady, 'PostgreSQL accepting connections', 60_000);
}

function redisPort(): string {
  return new URL(testRedisUrl()).port || '6379';
}

async function redisReady(): Promise<boolean> {
  try {
    const { stdout } = await run('redis-cli', ['-h', '127.0.0.1', '-p', redisPort(), 'ping']);
    return stdout.trim() === 'PONG';
  } catch {
    return false;
  }
}

/** `redis-cli shutdown nosave`: Redis goes away with everything it held. */
export async function stopRedis(): Promise<void> {
  await run('redis-cli', ['-h', '127.0.0.1', '-p', redisPort(), 'shutdown', 'nosave']).catch(() => undefined);
  await until(async () => !(await redisReady()), 'Redis stopping');
}

/** Starts Redis (no persistence, as CI runs it) if it is not running. */
export async function ensureRedis(): Promise<void> {
  if (await redisReady()) {
    return;
  }
  await run('redis-server', [
    '--daemonize',
    'yes',
    '--bind',
    '127.0.0.1',
    '--port',
    redisPort(),
    '--save',
    '',
    '--appendonly',
    'no',
  ]);
  await until(redisReady, 'Redis accepting connections');
}
