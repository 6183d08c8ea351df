import type { IncomingMessage } from 'node:http';
import type { LiveAccess } from '@crosswalk/shared';
import type { DocumentStore } from '../storage/document-store.ts';
import type { RealtimeLogger } from '../types.ts';
import type { AuthorFieldsOf } from './authorship.ts';
import type { CollabFanout } from './fanout.ts';

/**
 * Who is behind a connection and what they may do, decided by the host application before the upgrade completes.
 * The server shows `displayName` and `colour` to the other editors, whatever the client claims.
 */
export interface CollabGrant {
  userId: string;
  displayName: string;
  colour: string;
  access: LiveAccess;
  /** The sign-in the ticket was issued to (a hash, never the cookie): `CollabServer.endSignIn` closes it. */
  signInId?: string | undefined;
}

/**
 * Decides whether an upgrade request may open a document, from its ticket and the permission rules. Returning
 * null refuses with HTTP 401; throwing `CollabRefusal` refuses with its status (e.g. 403); any other error
 * refuses with 503. Runs before the upgrade completes, so a refused client never receives a document byte.
 */
export type CollabAuthorize = (request: IncomingMessage, documentName: string) => Promise<CollabGrant | null>;

/**
 * The least a WebSocket must offer for the collab core to use it (the `ws` package's `WebSocket` fits), so the
 * core does not depend on a transport.
 */
export interface WebSocketLike {
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket standard's values). */
  readonly readyState: number;
  /** Bytes queued but not yet sent; used to close clients that stop reading. */
  readonly bufferedAmount?: number;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  on(event: 'message', listener: (data: WebSocketData, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What a WebSocket implementation may hand to a `message` listener. */
export type WebSocketData = Uint8Array | ArrayBuffer | Uint8Array[];

/** Per-connection options taken from the upgrade request. */
export interface CollabConnectionOptions {
  /** Whether the client asked for `durableAck` messages (`acks=1`). @default false */
  acks?: boolean;
}

/** Limits the server enforces on every connection and document. */
export interface CollabLimits {
  /** Largest message accepted, in bytes. @default Limits.collabMessageBytes */
  messageBytes: number;
  /** Largest document, in stored bytes. @default Limits.collabDocumentBytes */
  documentBytes: number;
  /**
   * Largest clock (or clock plus length) an update may carry for any client; beyond it the update is refused as
   * malformed. @default Limits.collabMaxClock
   */
  maxClock: number;
  /** Awareness messages per second (and burst). @default Limits.collabAwarenessPerSecond */
  awarenessPerSecond: number;
  /** Largest awareness state of one client, in bytes of JSON. @default Limits.collabAwarenessStateBytes */
  awarenessStateBytes: number;
  /** Awareness client ids one connection may control (an editor uses one). @default 4 */
  awarenessClientsPerConnection: number;
  /**
   * Sync step 1 and awareness queries per second: each makes the server encode the whole document or all
   * states, so they are limited separately from awareness. @default 10
   */
  requestsPerSecond: number;
  /** Messages held while a document loads; more closes the connection as rate-limited. @default 256 */
  pendingMessages: number;
  /** Unsent bytes allowed to queue for one client before it is closed as too slow. @default 64 MiB */
  sendBufferBytes: number;
}

/**
 * What the host may observe of the live-document server, e.g. to export metrics, without the core depending on a
 * metrics library. Called synchronously on the hot path: keep them cheap. A throw is logged, never propagated.
 */
export interface CollabObserver {
  /**
   * A group commit made a batch durable: how many updates it held and how long the oldest of them waited from being
   * queued to being durable, in milliseconds (the batch's worst edit → durable latency).
   */
  groupCommitted?: (batch: { updates: number; waitedMs: number }) => void;
  /**
   * A writer that asked for acknowledgements (`acks=1`) was told one of its updates is durable: milliseconds from
   * the update's arrival to the acknowledgement being sent. Called once per acknowledged update.
   */
  acknowledged?: (lagMs: number) => void;
}

/**
 * Who wrote under which Yjs client ids, kept by the host (e.g. so it can erase a person's text later). The
 * live-document server only reports what a connection writes and keeps one writer per client id in a document: an
 * update that writes under a client id recorded for someone else is refused as forbidden, so nobody can have their
 * text attributed to another person, or hide it behind them.
 */
export interface CollabAuthorship {
  /** The client ids recorded for a document, and whose each is; read once when the document loads. */
  load(documentName: string): Promise<Iterable<readonly [clientId: number, userId: string]>>;
  /**
   * A connection wrote items under client ids it had not written under before (reported once per connection and
   * client id). Must not resolve before the record is durable: the writer's acknowledgements wait for it. Resolves
   * to the ids of those found recorded for someone else meanwhile (another process accepted them): the connection
   * is then closed as forbidden.
   */
  record(write: { documentName: string; userId: string; clientIds: readonly number[] }): Promise<readonly number[]>;
}

/** Options of `createCollabServer`. Durations are in milliseconds. */
export interface CollabServerOptions {
  store: DocumentStore;
  logger: RealtimeLogger;
  /** Decides upgrade requests; used by the WebSocket adapter (`ws-adapter.ts`). */
  authorize: CollabAuthorize;
  /**
   * The map keys that say who wrote a record, per document: a client's update may only set them in a record it
   * creates, to its own connection's identity (`authorship.ts`). @default none
   */
  authorFields?: AuthorFieldsOf;
  limits?: Partial<CollabLimits>;
  /**
   * How long the group commit waits to gather updates from all documents before writing them in one
   * statement. Bounds edit → durable latency from below. @default 2
   */
  commitDelayMs?: number;
  /**
   * Least time between the starts of two group commits under load (a full batch goes at once). Bounds edit →
   * durable latency from above, together with the commit itself. @default 20
   */
  commitIntervalMs?: number;
  /** A batch is written at once when it holds this many updates. @default 512 */
  commitMaxUpdates?: number;
  /** How long a document with no connections stays in memory, in case someone reconnects. @default 5000 */
  unloadDelayMs?: number;
  /**
   * Compact a document's log into its snapshot once it holds this many rows. Rows, not updates, are what loading
   * and compacting a document cost: the group commit writes one row per document and batch, so a burst of typing
   * by many editors is a few rows, while a lone typist's updates are a row each. @default 1000
   */
  compactAfterRows?: number;
  /** …or once the log holds this many bytes. @default 4 MiB */
  compactAfterBytes?: number;
  /** How long `close()` waits for pending writes before giving up and logging them. @default 10000 */
  closeTimeoutMs?: number;
  /**
   * Carries updates and awareness to other processes that hold the same documents (`fanout.ts`). @default
   * `createLocalFanout()` (one process)
   */
  fanout?: CollabFanout;
  /**
   * With a distributed fan-out: how often each loaded document reads the store for updates other processes wrote,
   * in case a fan-out message was lost without a later one showing the gap. @default 5000
   */
  catchUpIntervalMs?: number;
  /** …and how often while the fan-out is disconnected (then the store is the only way updates arrive). @default 1000 */
  disconnectedCatchUpIntervalMs?: number;
  /** Where the host records who wrote under which client ids (`CollabAuthorship`). @default none kept */
  authorship?: CollabAuthorship;
  /** Hooks for the host's metrics (`CollabObserver`). @default none */
  observer?: CollabObserver;
}
