import { CollabMessageType, CollabSyncStep } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as authProtocol from 'y-protocols/auth';
import * as Y from 'yjs';
import { malformed, ProtocolViolation } from '../updates/protocol-violation.ts';

/** A message from a client, decoded and checked for shape (not yet for meaning). */
export type ClientMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  /** Sync step 2 or a sync update: both carry one Yjs update and count as one `seq` for acknowledgements. */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; payload: Uint8Array }
  | { kind: 'queryAwareness' };

/**
 * Decodes one frame from a client. Strict: a frame must hold exactly one message of a type a client may send,
 * with nothing after it.
 *
 * @throws ProtocolViolation (malformed) otherwise
 */
export function decodeClientMessage(bytes: Uint8Array): ClientMessage {
  let message: ClientMessage;
  const decoder = decoding.createDecoder(bytes);
  try {
    const type = decoding.readVarUint(decoder);
    if (type === CollabMessageType.sync) {
      const step = decoding.readVarUint(decoder);
      if (step === CollabSyncStep.step1) {
        const stateVector = decoding.readVarUint8Array(decoder);
        Y.decodeStateVector(stateVector);
        message = { kind: 'syncStep1', stateVector };
      } else if (step === CollabSyncStep.step2 || step === CollabSyncStep.update) {
        message = { kind: 'update', update: decoding.readVarUint8Array(decoder) };
      } else {
        throw malformed('unknown sync step');
      }
    } else if (type === CollabMessageType.awareness) {
      message = { kind: 'awareness', payload: decoding.readVarUint8Array(decoder) };
    } else if (type === CollabMessageType.queryAwareness) {
      message = { kind: 'queryAwareness' };
    } else {
      throw malformed('unknown message type');
    }
  } catch (error) {
    throw error instanceof ProtocolViolation ? error : malformed('message does not decode');
  }
  if (decoding.hasContent(decoder)) {
    throw malformed('trailing bytes after message');
  }
  return message;
}

/** The server's sync step 1: its state vector, so the client answers with what the server lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return encodeSync(CollabSyncStep.step1, Y.encodeStateVector(doc));
}

/** Sync step 2: everything the document has that a state vector lacks. */
export function encodeSyncStep2(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  return encodeSync(CollabSyncStep.step2, Y.encodeStateAsUpdate(doc, stateVector));
}

/** A sync update, as broadcast to the other connections of a document. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  return encodeSync(CollabSyncStep.update, update);
}

/** An awareness message carrying an encoded awareness update. */
export function encodeAwareness(payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessageType.awareness);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** y-protocols/auth "permission denied": standard clients log it and keep the connection. */
export function encodePermissionDenied(reason: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessageType.auth);
  authProtocol.writePermissionDenied(encoder, reason);
  return encoding.toUint8Array(encoder);
}

function encodeSync(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
