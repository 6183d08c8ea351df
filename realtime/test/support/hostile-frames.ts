/**
 * Generators (fast-check) of what a hostile writer can send on a live-document socket: updates that are
 * structurally valid but semantically absurd (huge clocks and lengths, GC and skip structs, deletions over
 * unknown ranges, items referring to missing origins, sequences out of order), mutations of valid sync and
 * awareness messages, and raw noise. Free of vitest, so the fuzzing benchmark uses it too.
 *
 * The attacker never aims at the honest editors' text (it does not know their client ids): what it may change
 * by right as a writer (inserting at the start of a text, deleting its own items) leaves their markers intact, so
 * "every acknowledged marker is still there" stays a fair check.
 */
import { CollabMessageType, CollabSyncStep } from '@crosswalk/shared';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/** Client ids the attacker writes as; a real editor's are random 32-bit numbers. */
const ATTACKER_CLIENTS = [7, 8, 0x7fff_ffff];

const absurdNumber = fc.oneof(
  fc.constantFrom(0, 1, 2, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 52, 2 ** 53 - 1, 2 ** 53, 2 ** 60),
  fc.nat({ max: 1000 }),
  fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
);

type Reference = { client: number; clock: number };

const reference: fc.Arbitrary<Reference> = fc.record({
  client: fc.oneof(fc.constantFrom(...ATTACKER_CLIENTS), fc.nat({ max: 2 ** 32 - 1 })),
  clock: absurdNumber,
});

type Struct =
  | { kind: 'gc' | 'skip'; length: number }
  | { kind: 'deleted'; parent: string | Reference; length: number }
  | {
      kind: 'string';
      origin: Reference | null;
      rightOrigin: Reference | null;
      parent: string | Reference;
      text: string;
    }
  | { kind: 'any'; origin: Reference | null; parent: string | Reference; values: number[] };

const parent = fc.oneof(fc.constantFrom('content', 'other', ''), reference);

const struct: fc.Arbitrary<Struct> = fc.oneof(
  fc.record({ kind: fc.constantFrom('gc' as const, 'skip' as const), length: absurdNumber }),
  fc.record({ kind: fc.constant('deleted' as const), parent, length: absurdNumber }),
  fc.record({
    kind: fc.constant('string' as const),
    origin: fc.option(reference, { nil: null }),
    rightOrigin: fc.option(reference, { nil: null }),
    parent,
    text: fc.string({ unit: fc.constantFrom('a', 'b', 'z', ' ', 'é'), minLength: 1, maxLength: 8 }),
  }),
  fc.record({
    kind: fc.constant('any' as const),
    origin: fc.option(reference, { nil: null }),
    parent,
    values: fc.array(fc.integer(), { minLength: 1, maxLength: 3 }),
  }),
);

interface AbsurdUpdate {
  clients: { client: number; clock: number; structs: Struct[] }[];
  deletions: { client: number; ranges: { clock: number; length: number }[] }[];
}

const absurdUpdate: fc.Arbitrary<AbsurdUpdate> = fc.record({
  clients: fc.array(
    fc.record({
      client: fc.constantFrom(...ATTACKER_CLIENTS),
      clock: absurdNumber,
      structs: fc.array(struct, { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 0, maxLength: 2 },
  ),
  deletions: fc.array(
    fc.record({
      client: fc.oneof(fc.constantFrom(...ATTACKER_CLIENTS), fc.nat({ max: 2 ** 32 - 1 })),
      ranges: fc.array(fc.record({ clock: absurdNumber, length: absurdNumber }), { minLength: 1, maxLength: 3 }),
    }),
    { maxLength: 2 },
  ),
});

function writeReference(encoder: encoding.Encoder, id: Reference): void {
  encoding.writeVarUint(encoder, id.client);
  encoding.writeVarUint(encoder, id.clock);
}

function writeParent(encoder: encoding.Encoder, value: string | Reference): void {
  if (typeof value === 'string') {
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarString(encoder, value);
  } else {
    encoding.writeVarUint(encoder, 0);
    writeReference(encoder, value);
  }
}

/** Encodes an update in Yjs's format v1, byte for byte as Yjs would, whatever the numbers. */
export function encodeAbsurdUpdate(update: AbsurdUpdate): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, update.clients.length);
  for (const { client, clock, structs } of update.clients) {
    encoding.writeVarUint(encoder, structs.length);
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, clock);
    for (const item of structs) {
      switch (item.kind) {
        case 'gc':
          encoding.writeUint8(encoder, 0);
          encoding.writeVarUint(encoder, item.length);
          break;
        case 'skip':
          encoding.writeUint8(encoder, 10);
          encoding.writeVarUint(encoder, item.length);
          break;
        case 'deleted':
          encoding.writeUint8(encoder, 1);
          writeParent(encoder, item.parent);
          encoding.writeVarUint(encoder, item.length);
          break;
        case 'string':
          encoding.writeUint8(encoder, 4 | (item.origin ? 0x80 : 0) | (item.rightOrigin ? 0x40 : 0));
          if (item.origin) {
            writeReference(encoder, item.origin);
          }
          if (item.rightOrigin) {
            writeReference(encoder, item.rightOrigin);
          }
          if (!item.origin && !item.rightOrigin) {
            writeParent(encoder, item.parent);
          }
          encoding.writeVarString(encoder, item.text);
          break;
        case 'any':
          encoding.writeUint8(encoder, 8 | (item.origin ? 0x80 : 0));
          if (item.origin) {
            writeReference(encoder, item.origin);
          } else {
            writeParent(encoder, item.parent);
          }
          encoding.writeVarUint(encoder, item.values.length);
          for (const value of item.values) {
            encoding.writeAny(encoder, value);
          }
          break;
      }
    }
  }
  encoding.writeVarUint(encoder, update.deletions.length);
  for (const { client, ranges } of update.deletions) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, ranges.length);
    for (const range of ranges) {
      encoding.writeVarUint(encoder, range.clock);
      encoding.writeVarUint(encoder, range.length);
    }
  }
  return encoding.toUint8Array(encoder);
}

function message(type: number, build: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  build(encoder);
  return encoding.toUint8Array(encoder);
}

export function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  return message(CollabMessageType.sync, (encoder) => {
    encoding.writeVarUint(encoder, step);
    encoding.writeVarUint8Array(encoder, payload);
  });
}

/**
 * Valid updates of a document of the attacker's own, in order: each inserts at the start of the text or deletes
 * some of its own text. Sent out of order they have missing dependencies.
 */
const ownHistory = fc
  .array(fc.tuple(fc.boolean(), fc.string({ minLength: 1, maxLength: 6 })), {
    minLength: 1,
    maxLength: 5,
  })
  .map((steps) => {
    const doc = new Y.Doc();
    doc.clientID = 0x7fff_fffe;
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const text = doc.getText('content');
    for (const [remove, insert] of steps) {
      if (remove && text.length > 0) {
        text.delete(0, 1);
      } else {
        text.insert(0, insert.replace(/[^a-z ]/gi, 'x'));
      }
    }
    doc.destroy();
    return updates;
  });

const awarenessPayload = fc
  .array(
    fc.record({
      client: fc.oneof(fc.constantFrom(...ATTACKER_CLIENTS), absurdNumber),
      clock: absurdNumber,
      state: fc.oneof(fc.constant('null'), fc.json({ maxDepth: 2 }), fc.string({ maxLength: 40 })),
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((entries) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const entry of entries) {
      encoding.writeVarUint(encoder, entry.client);
      encoding.writeVarUint(encoder, entry.clock);
      encoding.writeVarString(encoder, entry.state);
    }
    return encoding.toUint8Array(encoder);
  });

/** A valid-looking message, before mutation. */
const wellFormed: fc.Arbitrary<Uint8Array[]> = fc.oneof(
  absurdUpdate.map((update) => [syncMessage(CollabSyncStep.update, encodeAbsurdUpdate(update))]),
  absurdUpdate.map((update) => [syncMessage(CollabSyncStep.step2, encodeAbsurdUpdate(update))]),
  ownHistory.map((updates) => updates.map((update) => syncMessage(CollabSyncStep.update, update))),
  ownHistory.map((updates) => updates.reverse().map((update) => syncMessage(CollabSyncStep.update, update))),
  awarenessPayload.map((payload) => [
    message(CollabMessageType.awareness, (encoder) => {
      encoding.writeVarUint8Array(encoder, payload);
    }),
  ]),
  fc.array(fc.tuple(fc.nat({ max: 2 ** 32 - 1 }), absurdNumber), { maxLength: 3 }).map((entries) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, entries.length);
    for (const [client, clock] of entries) {
      encoding.writeVarUint(encoder, client);
      encoding.writeVarUint(encoder, clock);
    }
    return [syncMessage(CollabSyncStep.step1, encoding.toUint8Array(encoder))];
  }),
);

type Mutation = { at: number; kind: 'flip' | 'truncate' | 'insert' | 'delete'; byte: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('flip' as const, 'truncate' as const, 'insert' as const, 'delete' as const),
  byte: fc.nat({ max: 255 }),
});

function mutate(frame: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let bytes = [...frame];
  for (const { at, kind, byte } of mutations) {
    const index = bytes.length === 0 ? 0 : at % bytes.length;
    if (kind === 'flip') {
      bytes[index] = (bytes[index] ?? 0) ^ (1 << (byte % 8));
    } else if (kind === 'truncate') {
      bytes = bytes.slice(0, index);
    } else if (kind === 'insert') {
      bytes.splice(index, 0, byte);
    } else {
      bytes.splice(index, 1);
    }
  }
  return Uint8Array.from(bytes);
}

/** One hostile burst: a few frames the attacker sends back to back. */
export const hostileBurst: fc.Arbitrary<Uint8Array[]> = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  {
    weight: 4,
    arbitrary: fc
      .tuple(wellFormed, fc.array(mutation, { minLength: 1, maxLength: 3 }))
      .map(([frames, mutations]) => frames.map((frame) => mutate(frame, mutations))),
  },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 0, maxLength: 64 }).map((noise) => [noise]) },
);
