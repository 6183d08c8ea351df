import * as Y from 'yjs';
import { malformed } from './protocol-violation.ts';

/** A client's update, decoded once to validate it and, for read-only clients, to see what it would change. */
export type DecodedUpdate = ReturnType<typeof Y.decodeUpdate>;

/**
 * Decodes a Yjs update completely (every struct, every content and the delete set) without touching any
 * document, so a malformed update is refused before it could be half-applied: `Y.applyUpdate` integrates the
 * structs before it reads the delete set.
 *
 * @throws ProtocolViolation (malformed) when the bytes are not a valid update
 */
export function decodeUpdateStrictly(update: Uint8Array): DecodedUpdate {
  let decoded: DecodedUpdate;
  try {
    decoded = Y.decodeUpdate(update);
  } catch {
    throw malformed('update does not decode');
  }
  for (const struct of decoded.structs) {
    if (struct instanceof Y.Item && !referencesEarlierStructs(struct)) {
      throw malformed('update refers forward within one client');
    }
  }
  for (const ranges of decoded.ds.clients.values()) {
    // Yjs cannot re-encode an empty range it has to keep pending, and throws after applying the others.
    if (ranges.some((range) => range.len <= 0)) {
      throw malformed('update deletes an empty range');
    }
  }
  return decoded;
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
