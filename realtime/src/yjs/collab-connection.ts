import type { LiveAccess } from '@crosswalk/shared';
import { CloseCode, encodeDurableAck } from '@crosswalk/shared';
import type { RealtimeLogger } from '../types.ts';
import { decodeAwarenessUpdate } from './awareness-codec.ts';
import type { CollabDocument } from './collab-document.ts';
import { decodeClientMessage, encodePermissionDenied, encodeSyncStep1, encodeSyncStep2 } from './messages.ts';
import { ProtocolViolation, malformed } from '../updates/protocol-violation.ts';
import { TokenBucket } from './token-bucket.ts';
import type { CollabGrant, CollabLimits, WebSocketData, WebSocketLike } from './types.ts';
import { decodeUpdateStrictly, updateWouldChange } from '../updates/update-inspection.ts';

const OPEN = 1;
/** Awareness messages beyond this multiple of the rate, within one second, close the connection. */
const AWARENESS_FLOOD_FACTOR = 10;

export interface ConnectionContext {
  limits: CollabLimits;
  logger: RealtimeLogger;
  /** Whether the server is shutting down: updates are no longer applied (clients resend them on reconnect). */
  isClosing(): boolean;
  /** Called once when the connection ends, whoever ended it. */
  onClosed(connection: CollabConnection): void;
  /** Called for each update acknowledged as durable, with milliseconds since it arrived (for the host's metrics). */
  onAcknowledged?: ((lagMs: number) => void) | undefined;
}

/**
 * One client's WebSocket on one document: decodes its messages, enforces its access and limits, and counts its
 * updates so it can be told when they are durable (see the design note in `shared/src/realtime/protocol.ts`).
 * Any protocol violation closes only this connection, with a close code from `CloseCode`.
 */
export class CollabConnection {
  readonly socket: WebSocketLike;
  readonly documentName: string;
  readonly userId: string;
  readonly grant: CollabGrant;
  /** Yjs client ids this connection wrote under and whose authorship is recorded (or being recorded). */
  readonly writtenClients = new Set<number>();
  /** Authorship records in flight, and the first update whose acknowledgement waits for them. */
  #recording = 0;
  #holdFromSeq = Number.POSITIVE_INFINITY;
  /** Awareness client ids this connection controls; their states are removed when it closes. */
  readonly awarenessClients = new Set<number>();
  readonly #wantsAcks: boolean;
  readonly #context: ConnectionContext;
  #access: LiveAccess;
  #document: CollabDocument | null = null;
  /** Messages that arrived while the document loaded, with when (performance.now()). */
  #pending: { bytes: Uint8Array; arrived: number }[] = [];
  #closed = false;
  /** Update-bearing messages received on this connection. */
  #seq = 0;
  #ackedSeq = 0;
  /**
   * Accepted updates not yet acknowledged: each waits for the group-commit ticket it depends on. `arrived` is when
   * its message was received (performance.now()), for the acknowledgement lag.
   */
  #unacked: { seq: number; ticket: number; arrived: number }[] = [];
  readonly #awarenessBucket: TokenBucket;
  readonly #requestBucket: TokenBucket;
  #deferredAwareness: Uint8Array | null = null;
  #deferTimer: NodeJS.Timeout | undefined;
  #awarenessWindowStart = 0;
  #awarenessInWindow = 0;

  constructor(
    socket: WebSocketLike,
    grant: CollabGrant,
    documentName: string,
    wantsAcks: boolean,
    context: ConnectionContext,
  ) {
    this.socket = socket;
    this.grant = { ...grant };
    this.userId = grant.userId;
    this.documentName = documentName;
    this.#access = grant.access;
    this.#wantsAcks = wantsAcks;
    this.#context = context;
    const { awarenessPerSecond, requestsPerSecond } = context.limits;
    this.#awarenessBucket = new TokenBucket(awarenessPerSecond, awarenessPerSecond);
    this.#requestBucket = new TokenBucket(requestsPerSecond, requestsPerSecond);
  }

  get access(): LiveAccess {
    return this.#access;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts serving once the document is in memory; handles what arrived while it loaded. */
  attach(document: CollabDocument): void {
    if (this.#closed) {
      return;
    }
    this.#document = document;
    if (document.reloading) {
      // `resume` greets it once the document is back.
      return;
    }
    this.#greet(document);
    this.#drainPending();
  }

  #greet(document: CollabDocument): void {
    if (this.#access === 'write') {
      this.send(encodeSyncStep1(document.doc));
    }
    if (document.awareness.getStates().size > 0) {
      this.send(document.encodeAllAwareness());
    }
  }

  /**
   * After the document was put back from the store (an update failed to apply): sends it whole, asks a writer for
   * what it has, then handles the messages that arrived meanwhile.
   */
  resume(document: CollabDocument): void {
    if (this.#closed || this.#document !== document) {
      return;
    }
    this.send(encodeSyncStep2(document.doc));
    this.#greet(document);
    this.#drainPending();
  }

  #drainPending(): void {
    while (this.#pending.length > 0 && !this.#closed && this.#document && !this.#document.reloading) {
      const message = this.#pending.shift();
      if (message) {
        this.#handle(message.bytes, message.arrived);
      }
    }
  }

  /** Handles one WebSocket message. Never throws. */
  receive(data: WebSocketData, isBinary: boolean): void {
    if (this.#closed) {
      return;
    }
    try {
      if (!isBinary) {
        throw malformed('text frame');
      }
      const bytes = toBytes(data);
      if (bytes.byteLength > this.#context.limits.messageBytes) {
        throw new ProtocolViolation(CloseCode.messageTooLarge, 'message too large');
      }
      if (this.#document && !this.#document.reloading && this.#pending.length === 0) {
        this.#handle(bytes);
      } else if (this.#pending.length >= this.#context.limits.pendingMessages) {
        throw new ProtocolViolation(CloseCode.rateLimited, 'too many messages while the document loads');
      } else {
        this.#pending.push({ bytes, arrived: performance.now() });
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Sends a message if the socket is open; closes clients that stopped reading. */
  send(message: Uint8Array): void {
    if (this.#closed || this.socket.readyState !== OPEN) {
      return;
    }
    if ((this.socket.bufferedAmount ?? 0) > this.#context.limits.sendBufferBytes) {
      this.close(CloseCode.tryAgainLater, 'Too slow');
      return;
    }
    try {
      this.socket.send(message);
    } catch (error) {
      this.#context.logger.warn({ err: error, documentName: this.documentName }, 'collab send failed');
      this.close(CloseCode.serverError, 'Send failed');
    }
  }

  /** Ends the connection with a close code; idempotent. */
  close(code: number, reason: string): void {
    this.#end(() => {
      try {
        this.socket.close(code, reason);
      } catch (error) {
        this.#context.logger.debug({ err: error }, 'collab socket close failed');
      }
    });
  }

  /** The peer closed the socket (or it failed). */
  socketClosed(): void {
    this.#end();
  }

  /** Ends the connection once: drops what it still held, closes the socket if asked, tells the server. */
  #end(closeSocket?: () => void): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    clearTimeout(this.#deferTimer);
    this.#pending = [];
    this.#unacked = [];
    closeSocket?.();
    this.#context.onClosed(this);
  }

  /** Changes what the connection may send from now on; a new writer is asked for what it has. */
  setAccess(access: LiveAccess): void {
    const wasWriter = this.#access === 'write';
    this.#access = access;
    this.grant.access = access;
    if (access === 'write' && !wasWriter && this.#document) {
      this.send(encodeSyncStep1(this.#document.doc));
    }
  }

  /**
   * Holds back the acknowledgement of the update being handled, and of later ones, until `recorded` (the record of
   * who wrote it) is durable: an acknowledged edit is never unattributed. A failed record closes the connection.
   */
  holdAcknowledgements(recorded: Promise<void>): void {
    if (this.#recording === 0) {
      this.#holdFromSeq = this.#seq;
    }
    this.#recording += 1;
    recorded.then(
      () => {
        this.#recording -= 1;
        if (this.#recording === 0) {
          this.#holdFromSeq = Number.POSITIVE_INFINITY;
          if (this.#document) {
            this.acknowledge(this.#document.durableTicket);
          }
        }
      },
      (error: unknown) => {
        this.#fail(error);
      },
    );
  }

  /** Sends a `durableAck` for every accepted update whose ticket is now durable. */
  acknowledge(durableTicket: number): void {
    let seq = 0;
    let count = 0;
    for (const entry of this.#unacked) {
      if (entry.ticket > durableTicket || entry.seq >= this.#holdFromSeq) {
        break;
      }
      seq = entry.seq;
      count += 1;
    }
    if (count === 0) {
      return;
    }
    const acknowledged = this.#unacked.splice(0, count);
    if (seq > this.#ackedSeq) {
      this.#ackedSeq = seq;
      this.send(encodeDurableAck(seq));
    }
    const observe = this.#context.onAcknowledged;
    if (observe) {
      const now = performance.now();
      for (const entry of acknowledged) {
        observe(now - entry.arrived);
      }
    }
  }

  /** Handles one message; `arrived` is when it was received, if it waited (else now). */
  #handle(bytes: Uint8Array, arrived?: number): void {
    const document = this.#document;
    if (!document || this.#closed) {
      return;
    }
    try {
      const message = decodeClientMessage(bytes);
      switch (message.kind) {
        case 'syncStep1':
          this.#takeRequest();
          this.send(encodeSyncStep2(document.doc, message.stateVector));
          break;
        case 'update':
          this.#seq += 1;
          this.#receiveUpdate(document, message.update, arrived ?? performance.now());
          break;
        case 'awareness':
          this.#receiveAwareness(message.payload);
          break;
        case 'queryAwareness':
          this.#takeRequest();
          this.send(document.encodeAllAwareness());
          break;
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  #receiveUpdate(document: CollabDocument, update: Uint8Array, arrived: number): void {
    if (this.#access !== 'write') {
      if (updateWouldChange(document.doc, decodeUpdateStrictly(update))) {
        this.send(encodePermissionDenied('This document is read-only for you; your change was not saved.'));
      }
      return;
    }
    if (this.#context.isClosing()) {
      return;
    }
    const ticket = document.applyClientUpdate(this, update);
    // A set-aside update is not acknowledged by itself: the sync step 2 that brings it again is.
    if (this.#wantsAcks && ticket !== null) {
      this.#unacked.push({ seq: this.#seq, ticket, arrived });
      this.acknowledge(document.durableTicket);
    }
  }

  #receiveAwareness(payload: Uint8Array): void {
    const now = performance.now();
    if (now - this.#awarenessWindowStart >= 1000) {
      this.#awarenessWindowStart = now;
      this.#awarenessInWindow = 0;
    }
    this.#awarenessInWindow += 1;
    if (this.#awarenessInWindow > this.#context.limits.awarenessPerSecond * AWARENESS_FLOOD_FACTOR) {
      throw new ProtocolViolation(CloseCode.rateLimited, 'awareness flood');
    }
    const entries = decodeAwarenessUpdate(payload, this.#context.limits.awarenessStateBytes);
    if (this.#awarenessBucket.take()) {
      this.#document?.applyClientAwareness(this, entries);
      return;
    }
    // Over the rate: keep only the latest message (it supersedes the earlier ones) and apply it when allowed.
    this.#deferredAwareness = payload;
    if (this.#deferTimer === undefined) {
      this.#deferTimer = setTimeout(() => {
        this.#applyDeferredAwareness();
      }, this.#awarenessBucket.msUntilToken());
    }
  }

  #applyDeferredAwareness(): void {
    this.#deferTimer = undefined;
    const payload = this.#deferredAwareness;
    this.#deferredAwareness = null;
    if (this.#closed || !payload) {
      return;
    }
    if (!this.#awarenessBucket.take()) {
      this.#deferredAwareness = payload;
      this.#deferTimer = setTimeout(() => {
        this.#applyDeferredAwareness();
      }, this.#awarenessBucket.msUntilToken());
      return;
    }
    try {
      const entries = decodeAwarenessUpdate(payload, this.#context.limits.awarenessStateBytes);
      this.#document?.applyClientAwareness(this, entries);
    } catch (error) {
      this.#fail(error);
    }
  }

  #takeRequest(): void {
    if (!this.#requestBucket.take()) {
      throw new ProtocolViolation(CloseCode.rateLimited, 'too many sync requests');
    }
  }

  #fail(error: unknown): void {
    const violation = error instanceof ProtocolViolation ? error : undefined;
    const code = violation?.code ?? CloseCode.malformedMessage;
    const log = { documentName: this.documentName, userId: this.userId, code };
    if (violation) {
      this.#context.logger.warn({ ...log, reason: violation.message }, 'collab connection closed: protocol violation');
    } else {
      // Not a problem we anticipated. Only the error's name is logged: a message could quote document content.
      const name = error instanceof Error ? error.name : typeof error;
      this.#context.logger.warn({ ...log, error: name }, 'collab connection closed: message failed');
    }
    this.close(code, violation?.message ?? 'Message failed');
  }
}

function toBytes(data: WebSocketData): Uint8Array {
  if (data instanceof Uint8Array) {
    return data;
  }
  if (Array.isArray(data)) {
    return Buffer.concat(data);
  }
  return new Uint8Array(data);
}
