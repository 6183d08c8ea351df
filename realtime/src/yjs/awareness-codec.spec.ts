import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate as encodeWithYProtocols } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, withIdentity } from './awareness-codec.ts';
import { ProtocolViolation } from '../updates/protocol-violation.ts';

function rawUpdate(entries: [number, number, string][]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const [client, clock, json] of entries) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

function codeOf(payload: Uint8Array, maxBytes = 1024): number | null {
  try {
    decodeAwarenessUpdate(payload, maxBytes);
    return null;
  } catch (error) {
    return error instanceof ProtocolViolation ? error.code : -1;
  }
}

describe('awareness codec', () => {
  it('reads what y-protocols writes, and writes what it reads', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ cursor: { anchor: 1 }, user: { name: 'A' } });
    const encoded = encodeWithYProtocols(awareness, [doc.clientID]);
    const entries = decodeAwarenessUpdate(encoded, 1024);
    expect(entries).toEqual([
      { clientId: doc.clientID, clock: 1, state: { cursor: { anchor: 1 }, user: { name: 'A' } } },
    ]);
    expect(Array.from(encodeAwarenessUpdate(entries))).toEqual(Array.from(encoded));
    awareness.destroy();
    doc.destroy();
  });

  it('accepts null states (a client leaving)', () => {
    expect(decodeAwarenessUpdate(rawUpdate([[5, 2, 'null']]), 1024)).toEqual([{ clientId: 5, clock: 2, state: null }]);
  });

  it('refuses non-object JSON, bad JSON and trailing bytes as malformed', () => {
    for (const json of ['[]', '"x"', '3', 'true', '{', '']) {
      expect(codeOf(rawUpdate([[1, 1, json]]))).toBe(4400);
    }
    expect(codeOf(Uint8Array.of(...rawUpdate([[1, 1, '{}']]), 9))).toBe(4400);
    expect(codeOf(Uint8Array.of(2, 1, 1))).toBe(4400);
  });

  it('refuses a state over the size limit as too large', () => {
    expect(codeOf(rawUpdate([[1, 1, JSON.stringify({ note: 'x'.repeat(2000) })]]))).toBe(4413);
  });

  it("replaces the user field with the server's identity", () => {
    expect(
      withIdentity(
        { user: { name: 'Head', colour: 'red', userId: 'head' }, cursor: 1 },
        { userId: 'u1', displayName: 'Ann', colour: '#123456' },
      ),
    ).toEqual({ user: { name: 'Ann', colour: '#123456', userId: 'u1' }, cursor: 1 });
  });
});
