import { CollabMessageType } from '@crosswalk/shared';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { createPostgresStore } from '../src/storage/postgres-store.ts';
import { connectClient, type TestClient } from './support/collab-client.ts';
import {
  openTestDatabase,
  startCollabTestServer,
  type CollabTestServer,
  type TestDatabase,
} from './support/collab-harness.ts';
import { uniqueDocumentName } from './support/document-names.ts';
import { openRawSocket } from './support/raw-socket.ts';
import { createRecordingLogger } from './support/silent-logger.ts';
import { textOf } from './support/stored-text.ts';

/** Small limits so oversized frames are cheap to make. */
const MESSAGE_BYTES = 16 * 1024;
const HOSTILE_CODES = [4400, 4413, 4429];
const SECRET = 'confidential-inspection-note';

let database: TestDatabase;
let server: CollabTestServer;
const logger = createRecordingLogger();
let documentName: string;
let writer: TestClient;
let reader: TestClient;

beforeAll(async () => {
  database = await openTestDatabase();
  server = await startCollabTestServer({
    store: createPostgresStore(database.sql),
    logger,
    limits: { messageBytes: MESSAGE_BYTES, awarenessStateBytes: 1024 },
  });
  documentName = 'hostile-frames-witness';
  writer = connectClient(server.url, documentName, { ticket: 'write:alice' });
  reader = connectClient(server.url, documentName, { ticket: 'read:bob' });
  await Promise.all([writer.synced(), reader.synced()]);
  writer.edit((text) => {
    text.insert(0, SECRET);
  });
  writer.provider.awareness.setLocalStateField('cursor', { index: 7 });
  await vi.waitFor(() => {
    expect(reader.text.toJSON()).toBe(SECRET);
    expect(reader.provider.awareness.getStates().get(writer.doc.clientID)?.cursor).toEqual({ index: 7 });
  });
});
afterAll(async () => {
  writer.destroy();
  reader.destroy();
  await server.close();
  await database.close();
});

/** Opens a hostile connection, sends the frames, and returns how the server answered: 'open' or a close code. */
async function sendHostile(frames: Uint8Array[], ticket = 'write:mallory'): Promise<'open' | number> {
  const raw = await openRawSocket(server.url, documentName, ticket);
  for (const frame of frames) {
    raw.ws.send(frame);
  }
  const outcome = await raw.probe();
  await raw.close();
  return outcome;
}

function expectHostileOutcome(outcome: 'open' | number): void {
  if (outcome !== 'open') {
    expect(HOSTILE_CODES).toContain(outcome);
  }
}

/** Valid messages a real client sends, to truncate. */
function validMessages(): Uint8Array[] {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, 'hostile but well-formed');
  const sync = (write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, CollabMessageType.sync);
    write(encoder);
    return encoding.toUint8Array(encoder);
  };
  const awareness = new Awareness(doc);
  awareness.setLocalState({ cursor: { index: 1 }, user: { name: 'Mallory' } });
  const awarenessEncoder = encoding.createEncoder();
  encoding.writeVarUint(awarenessEncoder, CollabMessageType.awareness);
  encoding.writeVarUint8Array(awarenessEncoder, encodeAwarenessUpdate(awareness, [doc.clientID]));
  const messages = [
    sync((encoder) => {
      syncProtocol.writeSyncStep1(encoder, doc);
    }),
    sync((encoder) => {
      syncProtocol.writeSyncStep2(encoder, doc);
    }),
    sync((encoder) => {
      syncProtocol.writeUpdate(encoder, Y.encodeStateAsUpdate(doc));
    }),
    encoding.toUint8Array(awarenessEncoder),
  ];
  awareness.destroy();
  doc.destroy();
  return messages;
}

function awarenessFrame(entries: { clientId: number; clock: number; json: string }[]): Uint8Array {
  const payload = encoding.createEncoder();
  encoding.writeVarUint(payload, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(payload, entry.clientId);
    encoding.writeVarUint(payload, entry.clock);
    encoding.writeVarString(payload, entry.json);
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, CollabMessageType.awareness);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(payload));
  return encoding.toUint8Array(frame);
}

describe('hostile frames', () => {
  it('survives random bytes: only the sender is closed, with a protocol close code', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 96 }), async (bytes) => {
        expectHostileOutcome(await sendHostile([bytes]));
      }),
      { numRuns: 300 },
    );
  });

  it('survives random bodies behind every message type a client may send', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1, 2, 3, 100),
        fc.constantFrom(0, 1, 2),
        fc.uint8Array({ maxLength: 96 }),
        async (type, step, body) => {
          expectHostileOutcome(await sendHostile([Uint8Array.of(type, step, ...body)]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('closes a connection that sends a truncated message with malformedMessage', async () => {
    const messages = validMessages();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...messages), fc.nat(), async (message, cut) => {
        expect(await sendHostile([message.subarray(0, cut % message.length)])).toBe(4400);
      }),
      { numRuns: 60 },
    );
  });

  it('closes a connection that sends an oversized message with messageTooLarge', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: MESSAGE_BYTES + 1, max: 2 * MESSAGE_BYTES }), async (size) => {
        const frame = new Uint8Array(size);
        frame.set([CollabMessageType.sync, 2]);
        expect(await sendHostile([frame])).toBe(4413);
      }),
      { numRuns: 10 },
    );
  });

  it('closes every oversized frame with messageTooLarge and a reason, however large, never with 1009', async () => {
    const sizes = [2 * MESSAGE_BYTES + 1, 3 * MESSAGE_BYTES, 64 * MESSAGE_BYTES];
    for (const size of sizes) {
      const raw = await openRawSocket(server.url, documentName, 'write:mallory');
      const closed = new Promise<{ code: number; reason: string }>((resolve) => {
        raw.ws.once('close', (code, reason) => {
          resolve({ code, reason: reason.toString() });
        });
      });
      const frame = new Uint8Array(size);
      frame.set([CollabMessageType.sync, 2]);
      raw.ws.send(frame);
      expect({ size, ...(await closed) }).toEqual({ size, code: 4413, reason: 'message too large' });
    }
    expect(
      logger.records.filter(
        (r) => r.msg === 'collab connection closed: protocol violation' && 'code' in r.obj && r.obj.code === 4413,
      ).length,
    ).toBeGreaterThanOrEqual(sizes.length);
    // The witnesses are still connected and unaffected.
    expect(reader.text.toJSON()).toBe(SECRET);
  });

  it('closes a message sent in fragments that add up to more than the limit with messageTooLarge', async () => {
    const raw = await openRawSocket(server.url, documentName, 'write:mallory');
    const closed = new Promise<{ code: number; reason: string }>((resolve) => {
      raw.ws.once('close', (code, reason) => {
        resolve({ code, reason: reason.toString() });
      });
    });
    const fragment = new Uint8Array(MESSAGE_BYTES / 2);
    fragment.set([CollabMessageType.sync, 2]);
    for (let i = 0; i < 5; i += 1) {
      raw.ws.send(fragment, { binary: true, fin: i === 4 });
    }
    expect(await closed).toEqual({ code: 4413, reason: 'message too large' });
  });

  it('ignores or refuses bad awareness and never lets anyone pose as someone else', async () => {
    const victim = writer.doc.clientID;
    const entry = fc.record({
      clientId: fc.oneof(fc.constant(victim), fc.nat({ max: 2 ** 32 })),
      clock: fc.nat({ max: 1_000_000 }),
      json: fc.oneof(
        fc.jsonValue().map((value) => JSON.stringify(value)),
        fc
          .record({ user: fc.record({ name: fc.string(), userId: fc.constant('alice') }) })
          .map((v) => JSON.stringify(v)),
        fc.string(),
        fc.constant(JSON.stringify({ padding: 'x'.repeat(2000) })),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 6 }), async (entries) => {
        expectHostileOutcome(await sendHostile([awarenessFrame(entries)]));
        for (const [clientId, state] of reader.provider.awareness.getStates()) {
          if (clientId === victim) {
            expect(state).toEqual({
              cursor: { index: 7 },
              user: { name: 'Test alice', colour: expect.any(String) as string, userId: 'alice' },
            });
          } else if (clientId !== reader.doc.clientID) {
            expect((state.user as { userId?: string } | undefined)?.userId).toBe('mallory');
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('keeps a document loadable and editable when valid updates are mutated', async () => {
    const name = uniqueDocumentName();
    const author = connectClient(server.url, name, { ticket: 'write:alice' });
    try {
      await author.synced();
      author.edit((text) => {
        text.insert(0, 'The quick brown fox jumps over the lazy dog');
      });
      // Edits on a copy, so their updates refer to items the server has.
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(author.doc));
      const edits: Uint8Array[] = [];
      copy.on('update', (update: Uint8Array) => {
        const encoder = encoding.createEncoder();
        encoding.writeVarUint(encoder, CollabMessageType.sync);
        syncProtocol.writeUpdate(encoder, update);
        edits.push(encoding.toUint8Array(encoder));
      });
      const text = copy.getText('content');
      text.insert(4, 'very ');
      text.delete(10, 6);
      text.insert(text.length, '!');
      copy.getMap('meta').set('title', 'fox');
      copy.destroy();
      await server.collab.flush();
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...edits),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 3 }),
          async (edit, flips) => {
            const mutated = edit.slice();
            for (const [position, value] of flips) {
              mutated[3 + (position % (mutated.length - 3))] = value;
            }
            const raw = await openRawSocket(server.url, name, 'write:mallory');
            raw.ws.send(mutated);
            expectHostileOutcome(await raw.probe());
            await raw.close();
          },
        ),
        { numRuns: 200 },
      );
      await server.collab.flush();
      // What was stored still loads, and the document still works for its real editors.
      textOf(await createPostgresStore(database.sql).load(name));
      const check = connectClient(server.url, name, { ticket: 'read:bob' });
      try {
        await check.synced();
        author.edit((text) => {
          text.insert(0, 'still here ');
        });
        await vi.waitFor(() => {
          expect(check.text.toJSON()).toContain('still here ');
        });
        expect(author.closeCodes).toEqual([]);
      } finally {
        check.destroy();
      }
    } finally {
      author.destroy();
    }
  });

  it('closes an awareness flood with rateLimited', async () => {
    const frames = Array.from({ length: 400 }, (_, index) =>
      awarenessFrame([{ clientId: 42, clock: index + 1, json: '{}' }]),
    );
    const raw = await openRawSocket(server.url, documentName, 'write:mallory');
    for (const frame of frames) {
      raw.ws.send(frame);
    }
    expect(await raw.closed).toBe(4429);
  });

  it('keeps the document intact and working for everyone else, and logs no content', async () => {
    expect(writer.closeCodes).toEqual([]);
    expect(reader.closeCodes).toEqual([]);
    expect(reader.text.toJSON()).toBe(SECRET);
    writer.edit((text) => {
      text.insert(text.length, ' (still editable)');
    });
    await vi.waitFor(() => {
      expect(reader.text.toJSON()).toBe(`${SECRET} (still editable)`);
    });
    const late = connectClient(server.url, documentName, { ticket: 'read:carol' });
    try {
      await late.synced();
      expect(late.text.toJSON()).toBe(`${SECRET} (still editable)`);
    } finally {
      late.destroy();
    }
    const logged = JSON.stringify(logger.records, (_key, value: unknown) =>
      value instanceof Error ? `${value.name}: ${value.message} ${value.stack ?? ''}` : value,
    );
    expect(logged).toContain('protocol violation');
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('hostile but well-formed');
  });
});

describe('size limits', () => {
  it('refuses updates that would grow a document past its limit', async () => {
    const limited = await startCollabTestServer({
      store: createPostgresStore(database.sql),
      limits: { documentBytes: 4096 },
    });
    const name = uniqueDocumentName();
    const client = connectClient(limited.url, name, { ticket: 'write:alice' });
    try {
      await client.synced();
      client.edit((text) => {
        text.insert(0, 'small');
      });
      client.edit((text) => {
        text.insert(0, 'x'.repeat(5000));
      });
      await vi.waitFor(() => {
        expect(client.closeCodes).toEqual([4413]);
      });
      const check = connectClient(limited.url, name, { ticket: 'read:bob' });
      try {
        await check.synced();
        expect(check.text.toJSON()).toBe('small');
      } finally {
        check.destroy();
      }
    } finally {
      client.destroy();
      await limited.close();
    }
  });
});
