import type { ClientToServerEvents, ServerToClientEvents } from '@crosswalk/shared';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { upgradeStatus } from '../support/upgrade.ts';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
let cookie: string;
type Socket = ClientSocket<ServerToClientEvents, ClientToServerEvents>;
const sockets: Socket[] = [];

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  const client = new HttpClient(server.url);
  await client.login('reviewer@princerock.demo', DEMO_PASSWORD);
  cookie = client.cookieHeader;
});
afterAll(async () => {
  for (const socket of sockets) {
    socket.disconnect();
  }
  await server.close();
});

function socketFor(headers: Record<string, string>): Socket {
  const socket: Socket = connect(server.url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
  sockets.push(socket);
  return socket;
}

const upgrade = (path: string, headers: Record<string, string>) => upgradeStatus(`${server.url}${path}`, headers);

describe('socket.io session control', () => {
  it('accepts a signed-in person and greets them', async () => {
    const socket = socketFor({ cookie, origin: server.url });
    const ready = await new Promise<{ displayName: string }>((resolve, reject) => {
      socket.on('session.ready', resolve);
      socket.on('connect_error', reject);
    });
    expect(ready.displayName).toBe('Peer Reviewer (Prince Rock)');
    const reply = await socket.emitWithAck('session.ping');
    expect(typeof reply.serverTime).toBe('number');
  });

  it('refuses a connection without a session', async () => {
    const socket = socketFor({ origin: server.url });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error.message).toBe('unauthorized');
  });

  it('refuses a connection from another site', async () => {
    const socket = socketFor({ cookie, origin: 'https://evil.example' });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    expect(error).toBeInstanceOf(Error);
    expect(socket.connected).toBe(false);
  });
});

describe('WebSocket upgrades', () => {
  it('refuses /collab without a session before the upgrade completes', async () => {
    expect(await upgrade('/collab/some-document', { origin: server.url })).toBe(401);
  });

  it('refuses /collab from another site', async () => {
    expect(await upgrade('/collab/some-document', { cookie, origin: 'https://evil.example' })).toBe(403);
  });

  it('refuses /collab for a signed-in person without a ticket, before the upgrade', async () => {
    expect(await upgrade('/collab/some-document', { cookie, origin: server.url })).toBe(401);
  });

  it('drops upgrades on any other path', async () => {
    expect(await upgrade('/elsewhere', { cookie, origin: server.url })).toBe('destroyed');
  });
});
