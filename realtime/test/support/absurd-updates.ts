import * as encoding from 'lib0/encoding';

/**
 * Hand-encoded Yjs updates (format v1) that decode without error but carry clocks or lengths no real client
 * could produce. Found by fuzzing Yjs 13.6 directly; each is what a hostile writer can send in one frame.
 */

/** One client's run of GC structs starting at `clock`: a "garbage-collected" range of `length` per struct. */
export function gcRun(client: number, clock: number, lengths: readonly number[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint(encoder, lengths.length);
  encoding.writeVarUint(encoder, client);
  encoding.writeVarUint(encoder, clock);
  for (const length of lengths) {
    encoding.writeUint8(encoder, 0);
    encoding.writeVarUint(encoder, length);
  }
  encoding.writeVarUint(encoder, 0);
  return encoding.toUint8Array(encoder);
}

/**
 * Sixteen GC structs of length 2^53 − 1 for a new client (about 150 bytes): accepted by Yjs, after which the
 * document's state vector holds a clock past 2^56 that lib0 encodes but cannot decode again.
 */
export const BRICKING_UPDATE = gcRun(
  31_337,
  0,
  Array.from({ length: 16 }, () => 2 ** 53 - 1),
);

/**
 * Updates that pass the structural checks of the server as it was (no forward references, no missing
 * dependencies, origins in order), found by fuzzing Yjs 13.6 against those checks. Applying the last one of each
 * throws half-way through Yjs's transaction cleanup, after which the document applies later updates from anyone
 * without emitting `update` events: they were neither stored nor relayed, yet acknowledged.
 */
export const POISONING_SEQUENCES: readonly (readonly Uint8Array[])[] = [
  // A GC of 2^31 then a deleted item of length 2^53 for a new client, and a deletion of its first clock.
  ['01020800008080808008010107636f6e74656e7480808080808080200108010001'],
  [
    '01030700010107636f6e74656e748080808080808008010107636f6e74656e74010affffffffffffff0f0107010001',
    '0102078180808080808008000100feffffffffffff0f00',
    '0103080000feffffffffffff0f010107636f6e74656e748080808008010107636f6e74656e74808080808080802000',
  ],
].map((sequence) => sequence.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex'))));
