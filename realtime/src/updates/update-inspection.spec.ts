import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { ProtocolViolation } from './protocol-violation.ts';
import { BRICKING_UPDATE, gcRun, POISONING_SEQUENCES } from '../../test/support/absurd-updates.ts';
import { assertOriginsInOrder, decodeUpdateStrictly, updateWouldChange } from './update-inspection.ts';

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, text);
  return doc;
}

describe('update inspection', () => {
  it('refuses bytes that are not an update, including a truncated one', () => {
    const update = Y.encodeStateAsUpdate(docWith('hello'));
    for (const bad of [Uint8Array.of(1), update.subarray(0, update.length - 2), Uint8Array.of(5, 1, 2, 3)]) {
      expect(() => decodeUpdateStrictly(bad)).toThrow(ProtocolViolation);
    }
  });

  it('sees that a copy of the server state changes nothing', () => {
    const server = docWith('hello world');
    server.getText('content').delete(0, 6);
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const step2 = Y.encodeStateAsUpdate(client, Y.encodeStateVector(server));
    expect(updateWouldChange(server, decodeUpdateStrictly(step2))).toBe(false);
  });

  it('sees new insertions and new deletions as changes', () => {
    const server = docWith('hello');
    const client = new Y.Doc();
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server));
    const vector = Y.encodeStateVector(client);
    client.getText('content').insert(5, '!');
    expect(updateWouldChange(server, decodeUpdateStrictly(Y.encodeStateAsUpdate(client, vector)))).toBe(true);

    const deleter = new Y.Doc();
    Y.applyUpdate(deleter, Y.encodeStateAsUpdate(server));
    let deletion: Uint8Array = new Uint8Array();
    deleter.on('update', (update: Uint8Array) => {
      deletion = update;
    });
    deleter.getText('content').delete(1, 2);
    expect(updateWouldChange(server, decodeUpdateStrictly(deletion))).toBe(true);
  });

  describe('updates that decode but make Yjs fail half-way (found by fuzzing)', () => {
    // "hello world" typed by client 1594304896.
    const base = Buffer.from('010180d39cf80500040107636f6e74656e740b68656c6c6f20776f726c6400', 'hex');
    // One item of that client at clock 11 whose right origin is its own clock 127.
    const forward = Buffer.from('010180d39cf8050bc480d39cf8050480d39cf8057f0341424300', 'hex');

    function emptyDeleteRange(): Uint8Array {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 1594304896);
      encoding.writeVarUint(encoder, 1);
      encoding.writeVarUint(encoder, 50);
      encoding.writeVarUint(encoder, 0);
      return encoding.toUint8Array(encoder);
    }

    it.each([
      ['a forward reference within one client', forward],
      ['an empty delete range', emptyDeleteRange()],
    ])('refuses %s before it reaches the document', (_label, update) => {
      const victim = new Y.Doc();
      Y.applyUpdate(victim, base);
      // Why it must be refused up front: Yjs throws in the middle of applying it.
      expect(() => {
        Y.applyUpdate(victim, update);
      }).toThrow();
      expect(() => decodeUpdateStrictly(update)).toThrow(ProtocolViolation);
    });
  });

  describe('origins out of order (found by fuzzing: replicas would diverge)', () => {
    // "The quick brown fox…" typed by client 1; then client 2 inserts "very " after "The ".
    const author = new Y.Doc();
    author.clientID = 1;
    author.getText('content').insert(0, 'The quick brown fox');
    const editor = new Y.Doc();
    editor.clientID = 2;
    Y.applyUpdate(editor, Y.encodeStateAsUpdate(author));
    const vector = Y.encodeStateVector(editor);
    editor.getText('content').insert(4, 'very ');
    const honest = Y.encodeStateAsUpdate(editor, vector);

    /** The same insertion placed between "b" (clock 10) on the left and " " (clock 3) on the right. */
    function swappedOrigins() {
      const decoded = decodeUpdateStrictly(honest);
      const item = decoded.structs[0];
      expect(item).toBeInstanceOf(Y.Item);
      if (item instanceof Y.Item) {
        item.origin = Y.createID(1, 10);
        item.rightOrigin = Y.createID(1, 3);
      }
      return decoded;
    }

    it('accepts the honest insertion, and one between origins with concurrent inserts in between', () => {
      expect(() => {
        assertOriginsInOrder(author, decodeUpdateStrictly(honest));
      }).not.toThrow();
      const busy = new Y.Doc();
      Y.applyUpdate(busy, Y.encodeStateAsUpdate(author));
      busy.getText('content').insert(4, 'rather ');
      expect(() => {
        assertOriginsInOrder(busy, decodeUpdateStrictly(honest));
      }).not.toThrow();
    });

    it('leaves items the document already holds alone, however their origins read (Yjs skips them)', () => {
      // A sync step 2 repeats what the server holds: typed in the middle, each letter's right origin is the same
      // far item, with everything typed after it in between. Checking those walked the text once per letter.
      const decoded = swappedOrigins();
      const holder = new Y.Doc();
      Y.applyUpdate(holder, Y.encodeStateAsUpdate(author));
      Y.applyUpdate(holder, honest);
      const before = holder.getText('content').toJSON();
      expect(() => {
        assertOriginsInOrder(holder, decoded);
      }).not.toThrow();
      expect(holder.getText('content').toJSON()).toBe(before);
    });

    it('refuses an item whose left origin is right of its right origin', () => {
      const decoded = swappedOrigins();
      expect(() => {
        assertOriginsInOrder(author, decoded);
      }).toThrow(ProtocolViolation);
    });
  });
});

describe('clock bounds', () => {
  it('refuses updates whose clocks or lengths reach past the limit, and accepts them below it', () => {
    expect(() => decodeUpdateStrictly(BRICKING_UPDATE)).toThrow(/clock out of range/);
    for (const sequence of POISONING_SEQUENCES) {
      expect(
        sequence.some((update) => {
          try {
            decodeUpdateStrictly(update);
            return false;
          } catch {
            return true;
          }
        }),
      ).toBe(true);
    }
    expect(() => decodeUpdateStrictly(gcRun(9, 0, [2 ** 31, 2 ** 31]), 2 ** 32)).not.toThrow();
    expect(() => decodeUpdateStrictly(gcRun(9, 0, [2 ** 31, 2 ** 31 + 1]), 2 ** 32)).toThrow(ProtocolViolation);
    expect(() => decodeUpdateStrictly(gcRun(9, 2 ** 32, [1]), 2 ** 32)).toThrow(ProtocolViolation);
  });

  it('refuses empty structs, which no Yjs makes and which every client would fail to apply once relayed', () => {
    expect(() => decodeUpdateStrictly(gcRun(9, 0, [0]))).toThrow(/empty struct/);
  });
});
