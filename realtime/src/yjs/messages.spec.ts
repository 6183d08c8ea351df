import { CollabMessageType, encodeDurableAck } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { decodeClientMessage, encodePermissionDenied } from './messages.ts';
import { ProtocolViolation } from '../updates/protocol-violation.ts';

function syncMessage(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function violationCode(bytes: Uint8Array): number | null {
  try {
    decodeClientMessage(bytes);
    return null;
  } catch (error) {
    return error instanceof ProtocolViolation ? error.code : -1;
  }
}

describe('client message decoding', () => {
  const doc = new Y.Doc();
  doc.getText('content').insert(0, 'hello');

  it('reads the messages y-websocket clients send', () => {
    expect(
      decodeClientMessage(
        syncMessage((e) => {
          syncProtocol.writeSyncStep1(e, doc);
        }),
      ).kind,
    ).toBe('syncStep1');
    expect(
      decodeClientMessage(
        syncMessage((e) => {
          syncProtocol.writeSyncStep2(e, doc);
        }),
      ).kind,
    ).toBe('update');
    expect(
      decodeClientMessage(
        syncMessage((e) => {
          syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc));
        }),
      ).kind,
    ).toBe('update');
    expect(decodeClientMessage(Uint8Array.of(CollabMessageType.awareness, 1, 0))).toEqual({
      kind: 'awareness',
      payload: Uint8Array.of(0),
    });
    expect(decodeClientMessage(Uint8Array.of(CollabMessageType.queryAwareness))).toEqual({ kind: 'queryAwareness' });
  });

  it('refuses empty, unknown, truncated and padded frames as malformed', () => {
    const valid = syncMessage((e) => {
      syncProtocol.writeSyncStep2(e, doc);
    });
    const cases = [
      new Uint8Array(),
      Uint8Array.of(CollabMessageType.auth, 0, 0),
      Uint8Array.of(CollabMessageType.durableAck, 1),
      Uint8Array.of(CollabMessageType.sync, 7, 0),
      valid.subarray(0, valid.length - 1),
      Uint8Array.of(...valid, 0),
      Uint8Array.of(CollabMessageType.sync, 0, 3, 0xff, 0xff, 0xff),
    ];
    expect(cases.map(violationCode)).toEqual(cases.map(() => 4400));
  });
});

describe('server messages', () => {
  it('encodes permission denied as y-protocols/auth reads it', () => {
    const decoder = decoding.createDecoder(encodePermissionDenied('read-only'));
    expect(decoding.readVarUint(decoder)).toBe(CollabMessageType.auth);
    expect(decoding.readVarUint(decoder)).toBe(0);
    expect(decoding.readVarString(decoder)).toBe('read-only');
  });

  it("frames acknowledgements with lib0's varints", () => {
    const decoder = decoding.createDecoder(encodeDurableAck(123_456_789));
    expect(decoding.readVarUint(decoder)).toBe(CollabMessageType.durableAck);
    expect(decoding.readVarUint(decoder)).toBe(123_456_789);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});
