import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { CollabQuery, Limits, RealtimePaths } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachRealtime, type Realtime } from '../src/index.ts';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { streamOversizeFrame } from './support/oversize-frame.ts';
import { silentLogger } from './support/silent-logger.ts';
import { testAuthorize } from './support/test-authorize.ts';

const MiB = 1024 * 1024;
/** The upgrade request, the greeting and one read of the socket leave some slack over a cap. */
const SLACK = 256 * 1024;

let httpServer: Server;
let realtime: Realtime;
let port: number;
/** Per server-side socket, in order of connection: the bytes it had read when it closed. */
const bytesReadAtClose: Promise<number>[] = [];

beforeAll(async () => {
  httpServer = createServer();
  httpServer.on('connection', (socket: Socket) => {
    bytesReadAtClose.push(
      new Promise((resolve) => {
        socket.once('close', () => {
          resolve(socket.bytesRead);
        });
      }),
    );
  });
  realtime = attachRealtime(httpServer, {
    logger: silentLogger,
    authenticate: () => Promise.resolve(null),
    isAllowedOrigin: () => true,
    collab: { store: createMemoryStore(), authorize: testAuthorize },
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  port = (httpServer.address() as AddressInfo).port;
});
afterAll(async () => {
  await realtime.close();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

/** Streams one frame of `length` bytes; returns the close code seen and the bytes the server read. */
async function sendOversize(path: string, length: number): Promise<{ closeCode: number | null; bytesRead: number }> {
  const index = bytesReadAtClose.length;
  const { closeCode } = await streamOversizeFrame(port, path, length);
  const bytesRead = await bytesReadAtClose[index];
  if (bytesRead === undefined) {
    throw new Error('the server saw no connection');
  }
  return { closeCode, bytesRead };
}

// The client announces the frame and streams it without pause, as fast as the server reads: before the fix the
// server read all of it (20 or 100 MiB); now it stops at the header and reads no more than one socket read past it.
describe.each([20 * MiB, 100 * MiB])('a %d-byte frame', (length) => {
  it('on the live-document endpoint: closed with messageTooLarge after the server read at most the cap', async () => {
    const outcome = await sendOversize(
      `${RealtimePaths.collabPrefix}oversize-${String(length)}?${CollabQuery.ticket}=write:mallory`,
      length,
    );
    expect(outcome.closeCode).toBe(4413);
    expect(outcome.bytesRead).toBeLessThanOrEqual(Limits.collabMessageBytes + SLACK);
  }, 120_000);

  it('on socket.io: closed with 1009 after the server read at most its cap', async () => {
    const outcome = await sendOversize(`${RealtimePaths.socketIo}/?EIO=4&transport=websocket`, length);
    expect(outcome.closeCode).toBe(1009);
    expect(outcome.bytesRead).toBeLessThanOrEqual(Limits.sessionMessageBytes + SLACK);
  }, 120_000);
});
