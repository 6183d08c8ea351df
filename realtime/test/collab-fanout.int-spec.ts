import { afterEach, describe, expect, it } from 'vitest';
import type { DocumentStore } from '../src/storage/document-store.ts';
import { createLocalFanoutHub, type CollabFanout } from '../src/yjs/fanout.ts';
import { createRedisFanout } from '../src/yjs/redis-fanout.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startCollabTestServer, usePostgresStore, type CollabTestServer } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { textOf } from './support/stored-text.ts';
import { testRedisUrl, uniqueRedisPrefix } from '../../tests/support/redis.ts';
import { silentLogger } from './support/silent-logger.ts';

const db = usePostgresStore();
const servers: CollabTestServer[] = [];
const fanouts: CollabFanout[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) {
    client.destroy();
  }
  await Promise.all(servers.splice(0).map((server) => server.close()));
  await Promise.all(fanouts.splice(0).map((fanout) => fanout.close()));
});

async function twoServers(make: () => CollabFanout, options: { catchUpIntervalMs?: number } = {}) {
  const started = await Promise.all(
    [make(), make()].map((fanout) => {
      fanouts.push(fanout);
      return startCollabTestServer({ store: db.store, fanout, ...options });
    }),
  );
  servers.push(...started);
  return started as [CollabTestServer, CollabTestServer];
}

function client(server: CollabTestServer, name: string, who: string): TestClient {
  const created = connectClient(server.url, name, { ticket: `write:${who}`, acks: true });
  clients.push(created);
  return created;
}

/** Alice on one server and Bob on the other (or the same), both synced on a new document. */
async function aliceAndBob([a, b]: readonly [CollabTestServer, CollabTestServer]) {
  const name = uniqueDocumentName();
  const alice = client(a, name, 'alice');
  const bob = client(b, name, 'bob');
  await Promise.all([alice.synced(), bob.synced()]);
  return { name, alice, bob };
}

describe('live documents across processes', () => {
  for (const [kind, make] of [
    ['in-process hub', () => createLocalFanoutHub()],
    [
      'Redis',
      () => {
        const keyPrefix = uniqueRedisPrefix();
        return {
          fanout: () => createRedisFanout({ url: testRedisUrl(), keyPrefix, logger: silentLogger }),
          drop: () => undefined,
        };
      },
    ],
  ] as const) {
    it(`makes writers on two servers converge, each update stored once (${kind})`, async () => {
      const hub = make();
      const { name, alice, bob } = await aliceAndBob(await twoServers(() => hub.fanout()));
      for (let index = 0; index < 20; index++) {
        alice.edit((text) => {
          text.insert(text.length, 'a');
        });
        bob.edit((text) => {
          text.insert(0, 'b');
        });
      }
      await expect.poll(() => alice.text.length, { timeout: 10_000 }).toBe(40);
      await expect.poll(() => bob.text.toJSON(), { timeout: 10_000 }).toBe(alice.text.toJSON());
      await expect.poll(() => alice.ackedSeq).toBe(alice.sentSeq);
      await expect.poll(() => bob.ackedSeq).toBe(bob.sentSeq);
      const stored = await db.store.load(name);
      expect(textOf(stored)).toBe(alice.text.toJSON());
      // Neither server stored what it received from the other: 20 edits each, merged per batch, never doubled.
      const rows = await db.database.sql<{ count: string }[]>`select count(*) from collab_updates where name = ${name}`;
      expect(Number(rows[0]?.count)).toBeLessThanOrEqual(40);
    });
  }

  it('shows presence from the other server', async () => {
    const hub = createLocalFanoutHub();
    const { alice, bob } = await aliceAndBob(await twoServers(() => hub.fanout()));
    alice.provider.awareness.setLocalStateField('cursor', { at: 1 });
    await expect
      .poll(() => bob.provider.awareness.getStates().get(alice.doc.clientID)?.user as { name?: string } | undefined)
      .toMatchObject({ name: expect.any(String) as string });
    alice.destroy();
    await expect.poll(() => bob.provider.awareness.getStates().has(alice.doc.clientID)).toBe(false);
  });

  it('catches up from the store when fan-out messages are lost', async () => {
    const hub = createLocalFanoutHub();
    const { alice, bob } = await aliceAndBob(await twoServers(() => hub.fanout(), { catchUpIntervalMs: 200 }));
    hub.drop(true);
    alice.edit((text) => {
      text.insert(0, 'written while the broker lost everything');
    });
    await expect.poll(() => alice.ackedSeq).toBe(alice.sentSeq);
    await expect.poll(() => bob.text.toJSON(), { timeout: 10_000 }).toBe('written while the broker lost everything');
  });

  it('without periodic catch-up, a lost message is recovered when a later one shows the gap', async () => {
    const hub = createLocalFanoutHub();
    const { alice, bob } = await aliceAndBob(await twoServers(() => hub.fanout(), { catchUpIntervalMs: 3_600_000 }));
    hub.drop(true);
    alice.edit((text) => {
      text.insert(0, 'lost');
    });
    await expect.poll(() => alice.ackedSeq).toBe(alice.sentSeq);
    // A later message that does arrive reveals the gap, and the catch-up it triggers brings the lost edit.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bob.text.toJSON()).toBe('');
    hub.drop(false);
    alice.edit((text) => {
      text.insert(text.length, '!');
    });
    await expect.poll(() => bob.text.toJSON(), { timeout: 10_000 }).toBe('lost!');
  });
  it('sends an update to the other server only once it is durable', async () => {
    // Published before its commit, an update whose server then crashed would live only in the other server's
    // memory, and its author's reconnect sync would not send it again: it would never be stored.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gated: DocumentStore = {
      ...db.store,
      async appendBatch(entries) {
        await held;
        await db.store.appendBatch(entries);
      },
    };
    const hub = createLocalFanoutHub();
    const [fanoutA, fanoutB] = [hub.fanout(), hub.fanout()];
    fanouts.push(fanoutA, fanoutB);
    const options = { catchUpIntervalMs: 3_600_000 };
    const a = await startCollabTestServer({ store: gated, fanout: fanoutA, ...options });
    const b = await startCollabTestServer({ store: db.store, fanout: fanoutB, ...options });
    servers.push(a, b);
    const { alice, bob } = await aliceAndBob([a, b]);
    alice.edit((text) => {
      text.insert(0, 'held');
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(bob.text.toJSON()).toBe('');
    expect(alice.ackedSeq).toBeLessThan(alice.sentSeq);
    release();
    await expect.poll(() => alice.ackedSeq).toBe(alice.sentSeq);
    await expect.poll(() => bob.text.toJSON(), { timeout: 10_000 }).toBe('held');
  });

  it('asks a fan-out that is not distributed (one process) to publish nothing', async () => {
    const published = { updates: 0, awareness: 0 };
    const single: CollabFanout = {
      connected: true,
      distributed: false,
      subscribe: () => ({
        publishUpdate: () => {
          published.updates += 1;
        },
        publishAwareness: () => {
          published.awareness += 1;
        },
        unsubscribe: () => undefined,
      }),
      close: () => Promise.resolve(),
    };
    const server = await startCollabTestServer({ store: db.store, fanout: single });
    servers.push(server);
    const { alice, bob } = await aliceAndBob([server, server]);
    for (let index = 0; index < 20; index++) {
      alice.edit((text) => {
        text.insert(text.length, `${index} `);
      });
    }
    await expect.poll(() => bob.text.toJSON()).toBe(Array.from({ length: 20 }, (_, index) => `${index} `).join(''));
    await expect.poll(() => alice.ackedSeq).toBe(alice.sentSeq);
    expect(published.updates).toBe(0);
  });
});
