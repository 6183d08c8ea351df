/**
 * The live-document wire protocol on `/collab/<documentName>`: the plain y-websocket protocol, plus one
 * message type of our own for durability acknowledgements.
 *
 * Design note
 * -----------
 * Every WebSocket message is one binary frame: `varUint messageType` followed by the body of that type
 * (lib0 variable-length encoding, as in y-protocols).
 *
 * - `sync` (0), `awareness` (1), `auth` (2) and `queryAwareness` (3) are exactly y-websocket's, so any standard
 *   client (y-websocket 3 `WebsocketProvider`) works unchanged.
 * - `durableAck` (100) is sent by the server only, and only to connections that opted in with the query
 *   parameter `acks=1` (standard clients log an error on message types they do not know). Its body is one
 *   `varUint seq`: every update-bearing message (sync step 2 or sync update) that this connection sent, up to
 *   and including its `seq`-th one (counting from 1 on each new connection), is stored durably, or was already
 *   contained in content that is. Acknowledgements are cumulative and only ever grow. A message the server refused
 *   (a read-only connection's update, answered with `auth` permission denied) is never durable.
 *
 * Why a per-connection sequence number rather than a state vector: deletions do not advance a Yjs state vector,
 * so a state vector cannot tell an editor that a deletion is saved; a counter of messages can. The editor
 * counts the update messages it sends on the current socket, remembers the count at each local change, and shows
 * "All changes saved" once the latest acknowledged `seq` reaches the count. After a reconnect the count starts
 * again at 0 and the y-websocket sync handshake resends anything the server lacks.
 */
export const CollabMessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Ours: `varUint seq`, see the design note above. */
  durableAck: 100,
} as const;
export type CollabMessageType = (typeof CollabMessageType)[keyof typeof CollabMessageType];

/** Sub-types of a `sync` message (y-protocols/sync). */
export const CollabSyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;

/** Query parameters of the `/collab/<documentName>` URL. */
export const CollabQuery = {
  /** The short-lived ticket that authorizes this connection. */
  ticket: 'ticket',
  /** `1` opts in to `durableAck` messages. */
  acks: 'acks',
} as const;

/** Longest document name the collab endpoint accepts, in characters. */
export const COLLAB_DOCUMENT_NAME_MAX_LENGTH = 200;

/** Letters, digits and `-_.:` only, so names are safe in URLs, logs and keys. */
const DOCUMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]*$/;

/** Whether a string is an acceptable live-document name. */
export function isCollabDocumentName(name: string): boolean {
  return name.length <= COLLAB_DOCUMENT_NAME_MAX_LENGTH && DOCUMENT_NAME.test(name);
}

/** Encodes a `durableAck` message (`varUint 100`, `varUint seq`). */
export function encodeDurableAck(seq: number): Uint8Array {
  const bytes: number[] = [];
  writeVarUint(bytes, CollabMessageType.durableAck);
  writeVarUint(bytes, seq);
  return Uint8Array.from(bytes);
}

/**
 * Reads the `seq` of a `durableAck` message, or null when the bytes are not one. Self-contained (no lib0), so the
 * browser can use it without the realtime package.
 */
export function decodeDurableAck(message: Uint8Array): number | null {
  const type = readVarUint(message, 0);
  if (type?.value !== CollabMessageType.durableAck) {
    return null;
  }
  const seq = readVarUint(message, type.next);
  return seq && seq.next === message.length ? seq.value : null;
}

function writeVarUint(out: number[], value: number): void {
  let rest = value;
  while (rest > 0x7f) {
    out.push(0x80 | (rest % 0x80));
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

function readVarUint(bytes: Uint8Array, start: number): { value: number; next: number } | null {
  let value = 0;
  let multiplier = 1;
  for (let index = start; index < bytes.length && index < start + 8; index++) {
    const byte = bytes[index] ?? 0;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) {
      return { value, next: index + 1 };
    }
    multiplier *= 0x80;
  }
  return null;
}
