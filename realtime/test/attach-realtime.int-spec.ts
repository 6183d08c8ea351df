import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { attachRealtime, type Realtime } from '../src/index.ts';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { silentLogger } from './support/silent-logger.ts';
import { testAuthorize } from './support/test-authorize.ts';

const ALLOWED_ORIGIN = 'http://crosswalk.test';
let httpServer: Server;
let realtime: Realtime;
let port: number;
const clients: TestClient[] = [];

beforeAll(async () => {
  httpServer = createServer();
  realtime = attachRealtime(httpServer, {
    logger: silentLogger,
    authenticate: () => Promise.resolve(null),
    isAllowedOrigin: (request) => request.headers.origin === undefined || request.headers.origin === ALLOWED_ORIGIN,
    collab: { store: createMemoryStore(), authorize: testAuthorize, unloadDelayMs: 50 },
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  port = (httpServer.address() as AddressInfo).port;
});
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  await realtime.close();
  httpServer.closeAllConnections();
  await new Promise((resolve) => httpServer.close(resolve));
});

function upgradeStatus(path: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`http://127.0.0.1:${port}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        origin,
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('attachRealtime with the collab option', () => {
  it('serves live documents on /collab/<name> and exposes the collab server', async () => {
    const name = uniqueDocumentName();
    const alice = connectClient(`ws://127.0.0.1:${port}/collab`, name, { ticket: 'write:alice' });
    const bob = connectClient(`ws://127.0.0.1:${port}/collab`, name, { ticket: 'read:bob' });
    clients.push(alice, bob);
    await Promise.all([alice.synced(), bob.synced()]);
    alice.edit((text) => {
      text.insert(0, 'through attachRealtime');
    });
    await vi.waitFor(() => {
      expect(bob.text.toJSON()).toBe('through attachRealtime');
    });
    expect(realtime.collab?.loadedDocuments()).toContain(name);
  });

  it('refuses other sites with 403 and bad tickets with 401, before upgrading', async () => {
    const name = uniqueDocumentName();
    expect(await upgradeStatus(`/collab/${name}?ticket=write:alice`, 'https://evil.example')).toBe(403);
    expect(await upgradeStatus(`/collab/${name}?ticket=nope`, ALLOWED_ORIGIN)).toBe(401);
    expect(await upgradeStatus(`/collab/${name}?ticket=write:alice`, ALLOWED_ORIGIN)).toBe(101);
  });
});
