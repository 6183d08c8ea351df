import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from './support/collab-client.ts';
import { startChildServer, type ChildServer } from './support/child-server.ts';
import { openTestDatabase, type TestDatabase } from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';

/** Edits whose text is absent from a document: the checker for "every acknowledged edit survived". */
function missingEdits(text: string, edits: readonly { token: string }[]): string[] {
  return edits.filter((edit) => !text.includes(edit.token)).map((edit) => edit.token);
}

let database: TestDatabase;
const children: ChildServer[] = [];
const clients: TestClient[] = [];

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  for (const child of children) {
    await child.stop();
  }
  await database.close();
});

async function child(): Promise<ChildServer> {
  const started = await startChildServer(database.url);
  children.push(started);
  return started;
}

describe('crash durability', () => {
  it('keeps every acknowledged edit when the server is killed mid-typing', async () => {
    const first = await child();
    const name = uniqueDocumentName();
    const typist = connectClient(first.url, name, { ticket: 'write:alice', acks: true });
    clients.push(typist);
    await typist.synced();

    const edits: { token: string; seq: number }[] = [];
    const type = () => {
      const token = `[e${edits.length}]`;
      const seq = typist.edit((text) => {
        text.insert(text.length, token);
      });
      edits.push({ token, seq });
    };
    // Type steadily, one edit per turn of the event loop, until a hundred edits are acknowledged.
    while (edits.filter((edit) => edit.seq <= typist.ackedSeq).length < 100) {
      type();
      await new Promise((resolve) => setImmediate(resolve));
    }
    // Keep typing and kill the server in the same breath: these edits cannot have been acknowledged yet.
    for (let burst = 0; burst < 20; burst++) {
      type();
    }
    first.crash();
    await vi.waitFor(() => {
      expect(typist.provider.wsconnected).toBe(false);
    });
    const acknowledged = edits.filter((edit) => edit.seq <= typist.ackedSeq);
    // The client must not bring its copy to the new server: we check what the server itself kept.
    typist.destroy();
    expect(acknowledged.length).toBeGreaterThanOrEqual(100);
    expect(acknowledged.length).toBeLessThan(edits.length);
    await first.stop();

    const second = await child();
    const reader = connectClient(second.url, name, { ticket: 'read:bob' });
    clients.push(reader);
    await reader.synced();
    const recovered = reader.text.toJSON();
    expect(missingEdits(recovered, acknowledged)).toEqual([]);

    // Negative control: the same check on a copy missing one acknowledged edit reports exactly that edit.
    const dropped = acknowledged[Math.floor(acknowledged.length / 2)]?.token ?? '';
    expect(missingEdits(recovered.replace(dropped, ''), acknowledged)).toEqual([dropped]);
  });
});
