import { Limits } from '@crosswalk/shared';
import * as Y from 'yjs';
import { malformed } from './protocol-violation.ts';

/** A client's update, decoded once to validate it and, for read-only clients, to see what it would change. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Decodes a Yjs update completely (every struct, every content and the delete set) without touching any
 * document, so a malformed update is refused before it could be half-applied: `Y.applyUpdate` integrates the
 * structs before it reads the delete set.
 *
 * Every clock it carries, and every clock plus length, must stay within `maxClock`: Yjs decodes GC, skip and
 * deleted structs of any length up to 2^64, and past 2^53 its arithmetic goes wrong (clocks that lib0 cannot
 * decode again, transactions that throw half-way through their cleanup, loops that never end).
 *
 * @throws ProtocolViolation (malformed) when the bytes are not a valid update
 */
export function decodeUpdateStrictly(update: Uint8Array, maxClock: number = Limits.collabMaxClock): DecodedUpdate {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw malformed('update does not decode');
  }
  for (const struct of decoded.structs) {
    if (!(struct.id.clock + struct.length <= maxClock)) {
      throw malformed('update has a clock out of range');
    }
    // Yjs never makes an empty struct; relayed, an empty deleted one makes every client's Yjs throw.
    if (!(struct.length > 0)) {
      throw malformed('update has an empty struct');
    }
    if (struct instanceof Y.Item) {
      if (!referencesEarlierStructs(struct)) {
        throw malformed('update refers forward within one client');
      }
      if (!referencesWithin(struct, maxClock)) {
        throw malformed('update has a clock out of range');
      }
    }
  }
  for (const ranges of decoded.ds.clients.values()) {
    // Yjs cannot re-encode an empty range it has to keep pending, and throws after applying the others.
    if (ranges.some((range) => range.len <= 0)) {
      throw malformed('update deletes an empty range');
    }
    if (ranges.some((range) => !(range.clock + range.len <= maxClock))) {
      throw malformed('update has a clock out of range');
    }
  }
  return decoded;
}

function referencesWithin(item: Y.Item, maxClock: number): boolean {
  const parent = item.parent instanceof Y.ID ? item.parent : null;
  return [item.origin, item.rightOrigin, parent].every((reference) => reference === null || reference.clock < maxClock);
}

/**
 * Yjs assumes an item's left, right and parent references to its own client point to earlier clocks (they
 * existed when the item was created) and fails mid-integration, leaving the document half-changed, when a
 * crafted update breaks that. Such an update cannot come from a real client, so it is refused up front.
 */
function referencesEarlierStructs(item: Y.Item): boolean {
  const { client, clock } = item.id;
  const parent = item.parent instanceof Y.ID ? item.parent : null;
  return [item.origin, item.rightOrigin, parent].every(
    (reference) => reference === null || reference.client !== client || reference.clock < clock,
  );
}

/**
 * Whether an update depends on content the document does not have: a gap in a client's clocks, an origin or
 * parent that is neither in the document nor in the update, or a deletion beyond what exists. Yjs would keep such
 * parts pending (and serve them to every client that syncs, conflicting versions included); the server drops the
 * whole update instead. A real client never loses anything by this: it only sends an update with missing
 * dependencies before it has answered the server's sync step 1, and that answer carries the update again together
 * with its dependencies.
 */
export function hasMissingDependencies(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  const store = doc.store;
  const known = new Map<number, number>();
  const knownClock = (client: number) => known.get(client) ?? Y.getState(store, client);
  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    if (clock > knownClock(client)) {
      return true;
    }
    if (!(struct instanceof Y.Skip)) {
      known.set(client, Math.max(knownClock(client), clock + struct.length));
    }
  }
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item) {
      const parent = struct.parent instanceof Y.ID ? struct.parent : null;
      for (const reference of [struct.origin, struct.rightOrigin, parent]) {
        if (reference !== null && reference.clock >= knownClock(reference.client)) {
          return true;
        }
      }
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    if (ranges.some((range) => range.clock + range.len > knownClock(client))) {
      return true;
    }
  }
  return false;
}

/**
 * Refuses an update with an item whose left origin is not to the left of its right origin in the document.
 * Yjs integrates such a crafted item differently depending on what a replica already holds, so the server, the
 * store and each client would each end up with a different document. A real client never produces one: it takes
 * both origins from neighbours in its own replica, and every replica keeps existing items in the same order.
 * Origins that are not in the document yet (pending, or in the same update) or were garbage-collected are left to
 * Yjs, which handles them the same way everywhere, and so are items the document already holds (Yjs skips them).
 *
 * @throws ProtocolViolation (malformed)
 */
export function assertOriginsInOrder(doc: Y.Doc, decoded: DecodedUpdate): void {
  const store = doc.store;
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item) || struct.origin === null || struct.rightOrigin === null) {
      continue;
    }
    // Yjs skips an item the document already holds, so its origins decide nothing. Walking them would cost the
    // whole run typed after the item (later text sits between its origins): quadratic for a sync step 2.
    if (struct.id.clock + struct.length <= Y.getState(store, struct.id.client)) {
      continue;
    }
    const { origin, rightOrigin } = struct;
    if (
      origin.clock >= Y.getState(store, origin.client) ||
      rightOrigin.clock >= Y.getState(store, rightOrigin.client)
    ) {
      continue;
    }
    const left: unknown = Y.getItem(store, origin);
    const right: unknown = Y.getItem(store, rightOrigin);
    if (!(left instanceof Y.Item) || !(right instanceof Y.Item)) {
      continue;
    }
    if (left === right) {
      if (origin.clock >= rightOrigin.clock) {
        throw malformed('update has an item whose origins are out of order');
      }
      continue;
    }
    let cursor = left.right;
    while (cursor !== null && cursor !== right) {
      cursor = cursor.right;
    }
    if (cursor === null) {
      throw malformed('update has an item whose origins are out of order');
    }
  }
}

/**
 * Whether applying a decoded update would change the document: it has structs the document lacks, or deletes
 * something the document has not deleted. A read-only client's sync step 2 usually changes nothing (it repeats
 * what the server sent, including the whole delete set); only real edits earn a "permission denied" answer.
 */
export function updateWouldChange(doc: Y.Doc, decoded: DecodedUpdate): boolean {
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Skip) && struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) {
      return true;
    }
  }
  if (decoded.ds.clients.size === 0) {
    return false;
  }
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, items] of decoded.ds.clients) {
    const known = deleted.clients.get(client) ?? [];
    for (const item of items) {
      if (item.len > 0 && !covers(known, item.clock, item.len)) {
        return true;
      }
    }
  }
  return false;
}

/** Whether sorted, merged delete ranges cover `[clock, clock + len)`. */
function covers(ranges: readonly { clock: number; len: number }[], clock: number, len: number): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const range = ranges[middle];
    if (!range) {
      return false;
    }
    if (clock < range.clock) {
      high = middle - 1;
    } else if (clock >= range.clock + range.len) {
      low = middle + 1;
    } else {
      return clock + len <= range.clock + range.len;
    }
  }
  return false;
}
