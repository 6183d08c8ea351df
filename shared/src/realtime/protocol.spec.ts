import { describe, expect, it } from 'vitest';
import { CollabMessageType, decodeDurableAck, encodeDurableAck, isCollabDocumentName } from './protocol.ts';

describe('durable acknowledgement framing', () => {
  it('round-trips sequence numbers of every size', () => {
    for (const seq of [0, 1, 127, 128, 300, 16_383, 16_384, 2 ** 31, Number.MAX_SAFE_INTEGER]) {
      expect(decodeDurableAck(encodeDurableAck(seq))).toBe(seq);
    }
  });

  it('starts with the message type and uses LEB128 varints', () => {
    expect(Array.from(encodeDurableAck(300))).toEqual([CollabMessageType.durableAck, 0xac, 0x02]);
  });

  it('rejects other messages, truncation and trailing bytes', () => {
    expect(decodeDurableAck(Uint8Array.of(0, 0, 0))).toBeNull();
    expect(decodeDurableAck(Uint8Array.of(CollabMessageType.durableAck))).toBeNull();
    expect(decodeDurableAck(Uint8Array.of(CollabMessageType.durableAck, 0x80))).toBeNull();
    expect(decodeDurableAck(Uint8Array.of(CollabMessageType.durableAck, 1, 1))).toBeNull();
  });
});

describe('document names', () => {
  it('accepts URL-safe names up to the limit', () => {
    expect(isCollabDocumentName('review-42:enquiry.v1_a')).toBe(true);
    expect(isCollabDocumentName('a'.repeat(200))).toBe(true);
  });

  it('refuses empty, long, path-like or odd names', () => {
    for (const name of ['', 'a'.repeat(201), '../x', 'a/b', '-x', 'a b', 'é', 'x?y']) {
      expect(isCollabDocumentName(name)).toBe(false);
    }
  });
});
