import { CloseCode } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { malformed, ProtocolViolation } from '../updates/protocol-violation.ts';

const utf8 = new TextDecoder();

/** A JSON object: what an awareness state must be (or null, meaning "this client left"). */
export type AwarenessState = Record<string, unknown>;

/** One client's entry in an awareness update. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: AwarenessState | null;
}

/** How the server presents a person in awareness, whatever their client claimed. */
export interface AwarenessIdentity {
  userId: string;
  displayName: string;
  colour: string;
}

/**
 * Decodes an awareness update (y-protocols/awareness format: `varUint count`, then per client
 * `varUint clientID, varUint clock, varString JSON`) and checks every state is a JSON object or null.
 *
 * @throws ProtocolViolation malformed for bad bytes or JSON, messageTooLarge for a state over `maxStateBytes`
 */
export function decodeAwarenessUpdate(payload: Uint8Array, maxStateBytes: number): AwarenessEntry[] {
  const decoder = decoding.createDecoder(payload);
  const entries: AwarenessEntry[] = [];
  try {
    const count = decoding.readVarUint(decoder);
    for (let index = 0; index < count; index++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarUint8Array(decoder);
      if (json.byteLength > maxStateBytes) {
        throw new ProtocolViolation(CloseCode.messageTooLarge, 'awareness state too large');
      }
      entries.push({ clientId, clock, state: parseState(utf8.decode(json)) });
    }
  } catch (error) {
    throw error instanceof ProtocolViolation ? error : malformed('awareness update does not decode');
  }
  if (decoding.hasContent(decoder)) {
    throw malformed('trailing bytes after awareness update');
  }
  return entries;
}

/** Encodes entries back into an awareness update. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, JSON.stringify(entry.state));
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Replaces the state's `user` field with the server's record of who is connected, so nobody can appear under
 * someone else's name or colour.
 */
export function withIdentity(state: AwarenessState, identity: AwarenessIdentity): AwarenessState {
  return { ...state, user: { name: identity.displayName, colour: identity.colour, userId: identity.userId } };
}

function parseState(json: string): AwarenessState | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw malformed('awareness state is not JSON');
  }
  if (value === null) {
    return null;
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw malformed('awareness state is not an object');
  }
  return value as AwarenessState;
}
