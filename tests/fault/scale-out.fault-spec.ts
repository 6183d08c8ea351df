import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startCluster, type TestCluster } from '../support/cluster.ts';
import { ensurePostgres, ensureRedis, stopPostgresImmediately, stopRedis } from '../support/faults.ts';
import { missingLabels } from '../support/headless-editor.ts';
import { testRedisUrl } from '../support/redis.ts';

/**
 * Scale-out under faults: real Crosswalk processes (`node server/src/main.ts`) on the real PostgreSQL and Redis,
 * behind a round-robin TCP balancer, with headless y-websocket editors that track "All changes saved" the way
 * the browser does. Each scenario ends with a negative control showing its checker does report a lost edit.
 *
 * This file runs in the `fault` project: alone, while no other test runs (it stops PostgreSQL and Redis).
 */

let cluster: TestCluster | undefined;

afterEach(async () => {
  // Whatever happened, leave PostgreSQL and Redis running for whatever comes next.
  await ensurePostgres();
  await ensureRedis();
  await cluster?.close();
  cluster = undefined;
});

async function readiness(url: string): Promise<{ status: number; body: { status?: string; redis?: string } }> {
  try {
    const response = await fetch(`${url}/api/health/ready`);
    return { status: response.status, body: (await response.json()) as { status?: string; redis?: string } };
  } catch {
    return { status: 0, body: {} };
  }
}

describe('two processes with Redis', () => {
  it('editors of one document split across the processes converge, and everything is stored', async () => {
    cluster = await startCluster();
    const editors = await cluster.openEditors(4);
    const [a, b] = cluster.processes;
    expect(new Set(editors.map((e) => cluster?.processOf(e)))).toEqual(new Set([a, b]));
    const stop = cluster.startLoad(20);
    await vi.waitFor(
      () => {
        expect(cluster?.confirmed().length).toBeGreaterThan(100);
      },
      { timeout: 20_000 },
    );
    // On PostgreSQL each process writes its update log from a thread of its own, on a connection of its own.
    const writers = await cluster.sql<{ count: number }[]>`
      select count(*)::int as count from pg_stat_activity
      where application_name = 'crosswalk-log-writer' and datname = current_database()`;
    expect(writers[0]?.count).toBe(2);
    stop();
    await cluster.converged();
    await cluster.expectStoredEverything();
    await cluster.expectCheckerCatchesLoss();
  });

  it('negative control: without Redis the same checker sees two processes diverge', async () => {
    // Two processes on one database without REDIS_URL is a misconfiguration: nothing carries updates between them.
    cluster = await startCluster({ redis: false });
    const editors = await cluster.openEditors(2);
    const [onA, onB] = editors;
    if (!onA || !onB) {
      throw new Error('two editors expected');
    }
    expect(cluster.processOf(onA)).not.toBe(cluster.processOf(onB));
    onA.add('only on A');
    onB.add('only on B');
    await vi.waitFor(
      () => {
        expect(onA.confirmed.has('only on A') && onB.confirmed.has('only on B')).toBe(true);
      },
      { timeout: 20_000 },
    );
    // Both are durable, yet neither editor ever receives the other's entry.
    await cluster.expectStoredEverything();
    expect(missingLabels(cluster.added(), onA.doc)).toEqual(['only on B']);
    expect(missingLabels(cluster.added(), onB.doc)).toEqual(['only on A']);
  });

  it('SIGKILL of one process under load: its editors reconnect to the other and no confirmed edit is lost', async () => {
    cluster = await startCluster();
    const editors = await cluster.openEditors(4);
    const [a, b] = cluster.processes;
    if (!a || !b) {
      throw new Error('two processes expected');
    }
    const onA = editors.filter((e) => cluster?.processOf(e) === a);
    expect(onA.length).toBeGreaterThan(0);
    const stop = cluster.startLoad(25);
    await vi.waitFor(
      () => {
        expect(Math.min(...onA.map((e) => e.confirmed.size))).toBeGreaterThan(10);
      },
      { timeout: 20_000 },
    );
    a.kill('SIGKILL');
    cluster.balancer.setHealthy(a.port, false);
    const confirmedAtKill = new Map(onA.map((e) => [e, e.confirmed.size]));
    // Keep writing until every editor that was on A has had more edits confirmed, by B.
    await vi.waitFor(
      () => {
        for (const editor of onA) {
          expect(editor.confirmed.size).toBeGreaterThan((confirmedAtKill.get(editor) ?? 0) + 10);
        }
      },
      { timeout: 30_000 },
    );
    stop();
    expect((await a.exited).signal).toBe('SIGKILL');
    await cluster.converged();
    await cluster.expectStoredEverything();
    await cluster.expectCheckerCatchesLoss();
  });

  it('SIGTERM under load: the process flushes every pending write, says goodbye and exits cleanly within 10 s', async () => {
    cluster = await startCluster();
    const editors = await cluster.openEditors(4);
    const [a] = cluster.processes;
    if (!a) {
      throw new Error('a process expected');
    }
    const onA = editors.filter((e) => cluster?.processOf(e) === a);
    const stop = cluster.startLoad(25);
    await vi.waitFor(
      () => {
        expect(Math.min(...onA.map((e) => e.confirmed.size))).toBeGreaterThan(10);
      },
      { timeout: 20_000 },
    );
    cluster.balancer.setHealthy(a.port, false);
    a.kill('SIGTERM');
    // main.ts exits with 1 if closing takes longer than 10 s; 0 means everything was flushed in time.
    expect(await a.exited).toEqual({ code: 0, signal: null });
    expect(a.logs.some((entry) => entry.msg === 'collab updates not written at shutdown')).toBe(false);
    expect(onA.every((e) => e.closeCodes.includes(1001))).toBe(true);
    await vi.waitFor(
      () => {
        expect(onA.every((e) => e.provider.wsconnected)).toBe(true);
      },
      { timeout: 30_000 },
    );
    stop();
    await cluster.converged();
    await cluster.expectStoredEverything();
    await cluster.expectCheckerCatchesLoss();
  });

  it('Redis killed and restarted: editing goes on through PostgreSQL meanwhile, and the service recovers by itself', async () => {
    cluster = await startCluster();
    await cluster.openEditors(4);
    const { processes } = cluster;
    for (const process of processes) {
      expect((await readiness(process.url)).body.redis).toBe('connected');
    }
    let stop = cluster.startLoad(25);
    await vi.waitFor(
      () => {
        expect(cluster?.confirmed().length).toBeGreaterThan(40);
      },
      { timeout: 20_000 },
    );
    await stopRedis();
    // The recovery checker's negative control: with Redis gone, every process reports it (and stays ready).
    await vi.waitFor(
      async () => {
        for (const process of processes) {
          expect((await readiness(process.url)).body).toEqual({ status: 'ready', redis: 'unavailable' });
        }
      },
      { timeout: 15_000 },
    );
    stop();
    // Without a single Redis message, both processes' editors converge through the PostgreSQL log.
    await cluster.converged();
    stop = cluster.startLoad(25);
    await ensureRedis();
    await vi.waitFor(
      async () => {
        for (const process of processes) {
          expect((await readiness(process.url)).body.redis).toBe('connected');
        }
      },
      { timeout: 30_000 },
    );
    expect(processes.every((process) => process.child.exitCode === null)).toBe(true);
    const confirmedAtRecovery = cluster.confirmed().length;
    await vi.waitFor(
      () => {
        expect(cluster?.confirmed().length).toBeGreaterThan(confirmedAtRecovery + 40);
      },
      { timeout: 20_000 },
    );
    stop();
    await cluster.converged();
    await cluster.expectStoredEverything();
    // Shared rate limits count in Redis again: a failed sign-in leaves its counter there.
    const first = processes[0];
    const response = await fetch(`${first?.url ?? ''}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: first?.url ?? '' },
      body: JSON.stringify({ email: 'nobody@crosswalk.demo', password: 'wrong password' }),
    });
    expect(response.status).toBe(401);
    const keys = await redisKeys(`${cluster.redisKeyPrefix}login-*`);
    expect(keys.length).toBeGreaterThan(0);
    await cluster.expectCheckerCatchesLoss();
  });

  it('PostgreSQL stopped (immediate) under load: confirmations stop, editors show unsaved changes, and everything is saved once it is back', async () => {
    cluster = await startCluster();
    const editors = await cluster.openEditors(4);
    const { processes } = cluster;
    const stop = cluster.startLoad(50);
    await vi.waitFor(
      () => {
        expect(cluster?.confirmed().length).toBeGreaterThan(40);
      },
      { timeout: 20_000 },
    );
    try {
      await stopPostgresImmediately();
      editors.forEach((editor, index) => {
        editor.add(`written while the database is down ${index}`);
      });
      // The processes notice (a failed group commit, readiness 503) …
      await vi.waitFor(
        async () => {
          for (const process of processes) {
            expect(process.logs.some((entry) => entry.msg === 'collab append failed')).toBe(true);
            expect((await readiness(process.url)).status).toBe(503);
          }
        },
        { timeout: 30_000 },
      );
      // … nothing written since is confirmed, and every editor shows that its changes are not saved.
      const down = editors.map((_, index) => `written while the database is down ${index}`);
      expect(cluster.confirmed().filter((label) => down.includes(label))).toEqual([]);
      for (const editor of editors) {
        expect(editor.saveStatus).not.toBe('saved');
      }
    } finally {
      await ensurePostgres();
    }
    stop();
    await cluster.converged(60_000);
    for (const process of processes) {
      // Still the same processes: they rode out the outage rather than crashing and being replaced.
      expect(process.child.exitCode).toBeNull();
      expect((await readiness(process.url)).status).toBe(200);
    }
    await cluster.expectStoredEverything();
    await cluster.expectCheckerCatchesLoss();
  });
});

async function redisKeys(pattern: string): Promise<string[]> {
  const port = new URL(testRedisUrl()).port || '6379';
  const { stdout } = await promisify(execFile)('redis-cli', ['-p', port, '--scan', '--pattern', pattern]);
  return stdout.split('\n').filter(Boolean);
}
