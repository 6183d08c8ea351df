import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LiveDecision } from '@crosswalk/shared';
import type { CollabConnectionInfo } from '../src/index.ts';
import { createMemoryStore } from '../src/storage/memory-store.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';

let server: CollabTestServer;
const clients: TestClient[] = [];

beforeAll(async () => {
  server = await startCollabTestServer({ store: createMemoryStore() });
});
afterEach(() => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
});
afterAll(async () => {
  await server.close();
});

async function pair(): Promise<{ name: string; alice: TestClient; bob: TestClient }> {
  const name = uniqueDocumentName();
  const alice = connectClient(server.url, name, { ticket: 'write:alice' });
  const bob = connectClient(server.url, name, { ticket: 'write:bob' });
  clients.push(alice, bob);
  await Promise.all([alice.synced(), bob.synced()]);
  return { name, alice, bob };
}

/** Sets every open connection's access as `decide` says (as a host re-deciding them would). */
function setEach(decide: (connection: CollabConnectionInfo) => LiveDecision): void {
  for (const connection of server.collab.connections()) {
    server.collab.setAccess(connection, decide(connection));
  }
}

describe('connections and setAccess', () => {
  it('downgrades a writer to read-only, then lets it write again', async () => {
    const { name, alice, bob } = await pair();
    setEach((connection) => (connection.userId === 'bob' && connection.documentName === name ? 'read' : 'write'));
    bob.edit((text) => {
      text.insert(0, 'ignored ');
    });
    await vi.waitFor(() => {
      expect(bob.permissionDenied).toHaveLength(1);
    });
    alice.edit((text) => {
      text.insert(0, 'from alice');
    });
    await vi.waitFor(() => {
      expect(bob.text.toJSON()).toContain('from alice');
    });
    expect(alice.text.toJSON()).toBe('from alice');
    expect(bob.closeCodes).toEqual([]);

    setEach(() => 'write');
    bob.edit((text) => {
      text.insert(bob.text.length, ' and bob');
    });
    await vi.waitFor(() => {
      expect(alice.text.toJSON()).toContain(' and bob');
    });
  });

  it('closes a connection whose access is gone with forbidden within a second, and only that one', async () => {
    const { alice, bob } = await pair();
    setEach((connection) => (connection.userId === 'bob' ? 'none' : 'write'));
    await vi.waitFor(
      () => {
        expect(bob.closeCodes).toEqual([4403]);
      },
      { timeout: 1000, interval: 10 },
    );
    expect(bob.provider.shouldConnect).toBe(false);
    alice.edit((text) => {
      text.insert(0, 'still connected');
    });
    const check = connectClient(server.url, bob.provider.roomname, { ticket: 'read:carol' });
    clients.push(check);
    await vi.waitFor(() => {
      expect(check.text.toJSON()).toBe('still connected');
    });
    expect(alice.closeCodes).toEqual([]);
  });
});

describe('connections', () => {
  it('lists the open connections with their current access, and forgets closed ones', async () => {
    const { name, bob } = await pair();
    const listed = () => [...server.collab.connections()].filter((c) => c.documentName === name);
    expect(listed().map((c) => [c.userId, c.access])).toEqual([
      ['alice', 'write'],
      ['bob', 'write'],
    ]);
    const bobs = listed().find((c) => c.userId === 'bob');
    if (!bobs) {
      throw new Error('bob is not listed');
    }
    server.collab.setAccess(bobs, 'read');
    expect(bobs.access).toBe('read');
    server.collab.setAccess(bobs, 'none');
    await vi.waitFor(() => {
      expect(bob.closeCodes).toEqual([4403]);
    });
    expect(listed().map((c) => c.userId)).toEqual(['alice']);
    // Setting a closed connection's access again changes nothing.
    server.collab.setAccess(bobs, 'write');
    expect(bobs.access).toBe('read');
  });
});
