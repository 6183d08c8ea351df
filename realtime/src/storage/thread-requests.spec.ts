import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EchoRequest } from '../../test/support/echo-thread.ts';
import { createThreadRequests, type ThreadRequests } from './thread-requests.ts';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined };
const opened: ThreadRequests<EchoRequest, string>[] = [];

afterEach(async () => {
  await Promise.all(opened.splice(0).map((thread) => thread.close(0)));
});

function open(idleMs?: number): { thread: ThreadRequests<EchoRequest, string>; endMarker: string } {
  const endMarker = join(mkdtempSync(join(tmpdir(), 'thread-requests-')), 'ended');
  const thread = createThreadRequests<EchoRequest, string>({
    url: new URL('../../test/support/echo-thread.ts', import.meta.url),
    workerData: { endMarker },
    logger,
    name: 'echo',
    ...(idleMs === undefined ? {} : { idleMs }),
  });
  opened.push(thread);
  return { thread, endMarker };
}

describe('thread requests', () => {
  it('answers each request with its own answer, whatever order they finish in', async () => {
    const { thread } = open();
    const answers = await Promise.all([
      thread.request({ op: 'echo-later', value: 'slow' }),
      thread.request({ op: 'echo', value: 'quick' }),
    ]);
    expect(answers).toEqual(['slow', 'quick']);
    expect(thread.threadsStarted).toBe(1);
  });

  it("rejects with the thread's error and goes on answering", async () => {
    const { thread } = open();
    await expect(thread.request({ op: 'fail', value: 'this' })).rejects.toThrow('echo failed: refused this');
    expect(await thread.request({ op: 'echo', value: 'after' })).toBe('after');
    expect(thread.threadsStarted).toBe(1);
  });

  it('fails what waits on a thread that dies, and starts a new one for the next request', async () => {
    const { thread } = open();
    const waiting = expect(thread.request({ op: 'echo-later', value: 'lost' })).rejects.toThrow(/stopped/);
    await expect(thread.request({ op: 'die', value: '' })).rejects.toThrow(/echo thread stopped \(exit code 3\)/);
    await waiting;
    expect(await thread.request({ op: 'echo', value: 'again' })).toBe('again');
    expect(thread.threadsStarted).toBe(2);
  });

  it('stops an idle thread and starts another when needed', async () => {
    const { thread } = open(10);
    expect(await thread.request({ op: 'echo', value: 'one' })).toBe('one');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(await thread.request({ op: 'echo', value: 'two' })).toBe('two');
    expect(thread.threadsStarted).toBe(2);
  });

  it("closes gracefully after the thread's end handler, then refuses requests", async () => {
    const { thread, endMarker } = open();
    expect(await thread.request({ op: 'echo', value: 'before' })).toBe('before');
    await thread.close(5000);
    expect(readFileSync(endMarker, 'utf8')).toBe('ended');
    await expect(thread.request({ op: 'echo', value: 'after' })).rejects.toThrow('the echo thread is closed');
  });

  it('closes at once without the end handler when given no grace', async () => {
    const { thread, endMarker } = open();
    const waiting = expect(thread.request({ op: 'echo-later', value: 'cut off' })).rejects.toThrow(
      'the echo thread is closed',
    );
    await thread.close(0);
    await waiting;
    expect(existsSync(endMarker)).toBe(false);
  });
});
