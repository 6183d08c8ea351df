import { CloseCode } from '@crosswalk/shared';
import {
  Awareness,
  applyAwarenessUpdate,
  encodeAwarenessUpdate as encodeAwarenessStates,
  removeAwarenessStates,
} from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DocumentLog } from '../storage/document-log.ts';
import type { DocumentStore, LogCursor, StoredDocument } from '../storage/document-store.ts';
import type { RealtimeLogger } from '../types.ts';
import { assertAuthorship, type AuthorField, type AuthorFieldsOf } from './authorship.ts';
import { encodeAwarenessUpdate, withIdentity, type AwarenessEntry } from './awareness-codec.ts';
import type { CollabConnection } from './collab-connection.ts';
import type { CollabFanout, FanoutChannel } from './fanout.ts';
import type { GroupCommit } from '../storage/group-commit.ts';
import type { UpdateMerger } from '../storage/update-merger.ts';
import { encodeAwareness, encodeUpdate } from './messages.ts';
import { malformed, ProtocolViolation } from '../updates/protocol-violation.ts';
import { hasPending, isSettled, loadUpdates, type RejectedUpdate } from '../updates/settled-doc.ts';
import type { CollabAuthorship, CollabLimits } from './types.ts';
import { assertOriginsInOrder, decodeUpdateStrictly, hasMissingDependencies } from '../updates/update-inspection.ts';

/**
 * Transaction origin of updates and awareness from other processes (fan-out or catch-up from the store): sent to
 * local clients, but neither stored (their own process stored them) nor published again.
 */
export const REMOTE_ORIGIN = Symbol('collab-remote');

/** Awareness origin y-protocols uses when it drops a state nobody renewed: each process does that on its own. */
const AWARENESS_TIMEOUT_ORIGIN = 'timeout';

export interface DocumentContext {
  store: DocumentStore;
  commits: GroupCommit;
  logger: RealtimeLogger;
  limits: CollabLimits;
  compactAfterRows: number;
  compactAfterBytes: number;
  fanout: CollabFanout;
  /** Merges for compaction: small ones in place, large ones off the event loop. */
  merger: UpdateMerger;
  /**
   * The document could not be put back from the store after an update failed to apply: its connections must be
   * closed (they reconnect and load it afresh) and the instance dropped.
   */
  onUnrecoverable(document: CollabDocument): void;
  authorFields: AuthorFieldsOf;
  /** Where who wrote under which client ids is recorded, if the host keeps it. */
  authorship: CollabAuthorship | undefined;
}

/**
 * One live document in memory: its `Y.Doc`, its awareness, its connections, and the bookkeeping that ties
 * client updates to the group commit (for acknowledgements) and to compaction.
 */
export class CollabDocument {
  readonly name: string;
  #doc: Y.Doc;
  #awareness: Awareness;
  readonly connections = new Set<CollabConnection>();
  /**
   * While an update is being applied: the `update` events it caused, held back until it has applied whole (then
   * stored and relayed) or has failed (then dropped with the document instance it half-changed).
   */
  #staged: { update: Uint8Array; origin: unknown }[] | null = null;
  /** Set while the document is being put back from the store after an update failed to apply. */
  #reloading: Promise<void> | null = null;
  readonly #context: DocumentContext;
  /** This document's author fields, if it has any (see `authorship.ts`). */
  readonly #authorFields: Readonly<Record<string, AuthorField>> | null;
  /** Which connection controls each awareness client id. */
  readonly #awarenessOwners = new Map<number, CollabConnection>();
  /** What this document queued for the store, what is durable, compaction, publishing (`document-log.ts`). */
  readonly #log: DocumentLog;
  /** Whether an update went out in this turn of the event loop; later ones wait in the outbox. */
  #batching = false;
  #outbox: { update: Uint8Array; origin: unknown }[] = [];
  readonly #channel: FanoutChannel;
  /** Where reading the store for other processes' updates continues from. */
  #cursor: LogCursor;
  #catchUp: Promise<void> | null = null;
  #catchUpAgain = false;
  /** `performance.now()` when the last catch-up started. */
  lastCaughtUp = performance.now();
  #destroyed = false;
  /** Whose each Yjs client id of this document is (`CollabAuthorship`): recorded ones, and those claimed since. */
  readonly #clientOwners: Map<number, string>;

  constructor(
    name: string,
    stored: StoredDocument,
    context: DocumentContext,
    owners: Iterable<readonly [number, string]> = [],
  ) {
    this.name = name;
    this.#context = context;
    this.#clientOwners = new Map(owners);
    this.#authorFields = context.authorFields(name);
    this.#log = new DocumentLog(
      name,
      {
        ...context,
        publish: context.fanout.distributed
          ? (update) => {
              this.#channel.publishUpdate(update);
            }
          : undefined,
      },
      { rows: 0, logBytes: 0, snapshotBytes: 0 },
    );
    this.#doc = this.#loadStored(stored);
    this.#cursor = stored.cursor;
    this.#awareness = new Awareness(this.#doc);
    this.#awareness.setLocalState(null);
    this.#doc.on('update', this.#onUpdate);
    this.#awareness.on('update', this.#onAwarenessUpdate);
    this.#channel = context.fanout.subscribe(name, {
      update: (update) => {
        this.#applyRemote(update);
      },
      awareness: (update) => {
        if (!this.#destroyed) {
          applyAwarenessUpdate(this.#awareness, update, REMOTE_ORIGIN);
        }
      },
      missed: () => {
        void this.catchUp();
      },
    });
    this.#log.compactIfDue();
  }

  /** The document's current instance (replaced when an update fails to apply; see `#reload`). */
  get doc(): Y.Doc {
    return this.#doc;
  }

  get awareness(): Awareness {
    return this.#awareness;
  }

  /**
   * Whether the document is being put back from the store: connections hold their messages until it is done
   * (`CollabConnection.resume`).
   */
  get reloading(): boolean {
    return this.#reloading !== null;
  }

  /** Resolves once the document is not being reloaded. */
  async ready(): Promise<void> {
    while (this.#reloading) {
      await this.#reloading;
    }
  }

  /** The group-commit ticket up to which everything is durable. */
  get durableTicket(): number {
    return this.#context.commits.durableTicket;
  }

  /** Whether updates of this document are still waiting for the group commit. */
  get hasPendingWrites(): boolean {
    return this.#log.hasPendingWrites;
  }

  get hasLog(): boolean {
    return this.#log.hasLog;
  }

  /** A running compaction (and the round after it, if one was asked for), if any. */
  get compaction(): Promise<void> | null {
    return this.#log.compaction;
  }

  /**
   * Validates and applies a writer's update. Returns the ticket the update's durability depends on, or null when
   * the update was set aside because it depends on content the server does not have yet.
   *
   * The update is applied whole or not at all: what it changes is stored and relayed only once it has applied
   * completely and left the document settled. If Yjs still fails on it, this document instance is discarded and
   * put back from the store (`#reload`), the other connections are resynchronised, and the sender is refused.
   *
   * @throws ProtocolViolation for a malformed update or one that would grow the document past its limit
   */
  applyClientUpdate(connection: CollabConnection, update: Uint8Array): number | null {
    if (this.#log.storedBytes + update.byteLength > this.#context.limits.documentBytes) {
      throw new ProtocolViolation(CloseCode.messageTooLarge, 'document is at its size limit');
    }
    const decoded = decodeUpdateStrictly(update, this.#context.limits.maxClock);
    if (hasMissingDependencies(this.#doc, decoded)) {
      // Dropped, not refused: the client's answer to our sync step 1 brings it again with what it depends on.
      this.#context.logger.debug({ documentName: this.name, userId: connection.userId }, 'collab update deferred');
      return null;
    }
    assertOriginsInOrder(this.#doc, decoded);
    if (this.#authorFields) {
      assertAuthorship(this.#doc, decoded, this.#authorFields, connection.grant);
    }
    const authorship = this.#context.authorship;
    const claimed = authorship ? this.#claimClients(connection, decoded.structs) : null;
    if (!this.#applyWhole(update, connection)) {
      throw malformed('update could not be applied');
    }
    if (authorship && claimed) {
      for (const client of claimed) {
        this.#clientOwners.set(client, connection.userId);
        connection.writtenClients.add(client);
      }
      connection.holdAcknowledgements(this.#recordAuthors(authorship, connection, claimed));
    }
    // Everything the document holds is in the store or queued for it up to this ticket: the update's own row if it
    // changed anything, otherwise the rows that brought its content first.
    return this.#log.lastTicket;
  }

  /**
   * The client ids under which the update writes new items and whose authorship is not recorded for this connection
   * yet (usually none: each connection checks a client id once), or null.
   *
   * @throws ProtocolViolation (forbidden) when it writes under a client id recorded for someone else, or the server's
   */
  #claimClients(connection: CollabConnection, structs: readonly unknown[]): number[] | null {
    const written = connection.writtenClients;
    let claimed: number[] | null = null;
    for (const struct of structs) {
      // GC and skip structs carry no content; only items are someone's writing.
      if (!(struct instanceof Y.Item) || written.has(struct.id.client)) {
        continue;
      }
      const client = struct.id.client;
      if (struct.id.clock + struct.length <= Y.getState(this.#doc.store, client)) {
        continue;
      }
      const owner = this.#clientOwners.get(client);
      if (owner === connection.userId) {
        written.add(client);
        continue;
      }
      if (owner !== undefined || client === this.#doc.clientID) {
        throw new ProtocolViolation(CloseCode.forbidden, 'update writes under another person’s client id');
      }
      claimed ??= [];
      if (!claimed.includes(client)) {
        claimed.push(client);
      }
    }
    return claimed;
  }

  /** Records the claimed client ids; rejects with a violation if the record failed or another person holds one. */
  async #recordAuthors(authorship: CollabAuthorship, connection: CollabConnection, clients: number[]): Promise<void> {
    let contested: readonly number[];
    try {
      contested = await authorship.record({ documentName: this.name, userId: connection.userId, clientIds: clients });
    } catch (error) {
      // Forgotten, so the connection's next update under them (after it reconnects) records them again.
      for (const client of clients) {
        if (this.#clientOwners.get(client) === connection.userId) {
          this.#clientOwners.delete(client);
        }
      }
      this.#context.logger.error(
        { err: error, documentName: this.name, userId: connection.userId, clientIds: clients },
        'collab authorship could not be recorded',
      );
      throw new ProtocolViolation(CloseCode.tryAgainLater, 'authorship could not be recorded');
    }
    if (contested.length > 0) {
      throw new ProtocolViolation(CloseCode.forbidden, 'update writes under another person’s client id');
    }
  }

  /**
   * Applies a connection's awareness entries: only for client ids it controls (or newly claims), with `user`
   * rewritten to the connection's identity.
   */
  applyClientAwareness(connection: CollabConnection, entries: readonly AwarenessEntry[]): void {
    const accepted: AwarenessEntry[] = [];
    for (const entry of entries) {
      if (entry.clientId === this.doc.clientID || !this.#claim(connection, entry.clientId)) {
        continue;
      }
      accepted.push({ ...entry, state: entry.state && withIdentity(entry.state, connection.grant) });
    }
    if (accepted.length > 0) {
      applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), connection);
    }
  }

  /** An awareness message with every known state (possibly none). */
  encodeAllAwareness(): Uint8Array {
    return encodeAwareness(encodeAwarenessStates(this.awareness, [...this.awareness.getStates().keys()]));
  }

  addConnection(connection: CollabConnection): void {
    this.connections.add(connection);
  }

  /** Forgets a closed connection and removes (and announces the removal of) its awareness states. */
  removeConnection(connection: CollabConnection): void {
    if (!this.connections.delete(connection)) {
      return;
    }
    const clients = [...connection.awarenessClients].filter((id) => this.#awarenessOwners.get(id) === connection);
    for (const id of clients) {
      this.#awarenessOwners.delete(id);
    }
    if (clients.length > 0) {
      removeAwarenessStates(this.awareness, clients, null);
    }
  }

  /**
   * After a group commit that wrote `rows` log rows of this document: publish to the other processes and
   * acknowledge what became durable, and compact once the log is long enough.
   */
  onDurable(rows: number): void {
    const durable = this.#log.onDurable(rows);
    for (const connection of this.connections) {
      connection.acknowledge(durable);
    }
  }

  /** Merges the stored log into the snapshot (see `DocumentLog.compact`). */
  compact(): Promise<void> {
    return this.#log.compact();
  }

  /**
   * Reads what other processes stored since the last read and applies it (as `REMOTE_ORIGIN`). One read at a
   * time; a call during a read asks for one more after it. Never rejects: failures are logged and the next
   * trigger tries again.
   */
  catchUp(): Promise<void> {
    if (this.#destroyed) {
      return Promise.resolve();
    }
    if (this.#catchUp) {
      this.#catchUpAgain = true;
      return this.#catchUp;
    }
    this.lastCaughtUp = performance.now();
    this.#catchUp = this.#context.store
      .readSince(this.name, this.#cursor)
      .then(({ updates, cursor }) => {
        if (this.#destroyed) {
          return;
        }
        this.#cursor = cursor;
        for (const update of updates) {
          this.#applyRemote(update);
        }
      })
      .catch((error: unknown) => {
        this.#context.logger.warn({ err: error, documentName: this.name }, 'collab catch-up failed');
      })
      .finally(() => {
        this.#catchUp = null;
        if (this.#catchUpAgain && !this.#destroyed) {
          this.#catchUpAgain = false;
          void this.catchUp();
        }
      });
    return this.#catchUp;
  }

  /** Frees the document's memory and timers. Its connections must be gone. */
  destroy(): void {
    this.#destroyed = true;
    this.#log.close();
    this.#channel.unsubscribe();
    this.#doc.off('update', this.#onUpdate);
    this.#awareness.destroy();
    this.#doc.destroy();
  }

  /**
   * Builds the document from what the store holds. A stored update that cannot be applied whole (written before
   * the server checked updates as it does now, or damaged) is left out and set aside in the store, so it can
   * block neither loading nor compaction; it is logged with its row, never silently dropped.
   */
  #loadStored(stored: StoredDocument): Y.Doc {
    const parts = stored.snapshot ? [stored.snapshot, ...stored.updates] : stored.updates;
    const { doc, rejected } = loadUpdates(parts, this.#context.limits.maxClock);
    if (rejected.length > 0) {
      this.#setAside(stored, rejected);
    }
    const kept = stored.updates.filter(
      (_update, index) => !rejected.some((r) => r.index === index + (stored.snapshot ? 1 : 0)),
    );
    this.#log.reset({
      rows: kept.length,
      logBytes: kept.reduce((sum, update) => sum + update.byteLength, 0),
      snapshotBytes: stored.snapshot?.byteLength ?? 0,
    });
    return doc;
  }

  #setAside(stored: StoredDocument, rejected: readonly RejectedUpdate[]): void {
    const offset = stored.snapshot ? 1 : 0;
    const rows = rejected.map(({ index, reason }) => ({
      row: index < offset ? ('snapshot' as const) : (stored.rows[index - offset] ?? 'unknown'),
      reason,
    }));
    for (const { row, reason } of rows) {
      this.#context.logger.error(
        { documentName: this.name, row, reason },
        'collab stored update could not be applied; set aside',
      );
    }
    // Compaction waits: rows set aside must have left the log first, or the merge would meet them again.
    this.#log.waitBeforeCompacting(
      this.#context.store.quarantine(this.name, rows).catch((error: unknown) => {
        this.#context.logger.error(
          { err: error, documentName: this.name },
          'collab stored update could not be set aside',
        );
      }),
    );
  }

  #claim(connection: CollabConnection, clientId: number): boolean {
    const owner = this.#awarenessOwners.get(clientId);
    if (owner === connection) {
      return true;
    }
    if (owner && owner.userId !== connection.userId) {
      return false;
    }
    if (connection.awarenessClients.size >= this.#context.limits.awarenessClientsPerConnection) {
      return false;
    }
    // The same person reconnecting takes their client id over from a connection that has not noticed yet.
    owner?.awarenessClients.delete(clientId);
    this.#awarenessOwners.set(clientId, connection);
    connection.awarenessClients.add(clientId);
    return true;
  }

  #applyRemote(update: Uint8Array): void {
    if (this.#destroyed || this.#reloading) {
      // A reload reads the store after it starts; everything another process published was stored before.
      return;
    }
    if (!this.#applyWhole(update, REMOTE_ORIGIN)) {
      this.#context.logger.error({ documentName: this.name }, 'collab remote update could not be applied');
    }
  }

  /**
   * Applies an update as one unit: the `update` events it causes are held back until Yjs has finished with it, then
   * stored and relayed. If Yjs throws, leaves the document unsettled, or holds part of the update back as pending
   * (the checks before should make that impossible), nothing of it is stored or relayed, this document instance
   * is discarded and put back from the store, and false is returned.
   */
  #applyWhole(update: Uint8Array, origin: unknown): boolean {
    const doc = this.#doc;
    const pendingBefore = hasPending(doc);
    this.#staged = [];
    let failed = false;
    try {
      Y.applyUpdate(doc, update, origin);
    } catch {
      failed = true;
    }
    const staged = this.#staged;
    this.#staged = null;
    if (failed || !isSettled(doc) || (!pendingBefore && hasPending(doc))) {
      void this.#reload();
      return false;
    }
    for (const change of staged) {
      this.#accept(change.update, change.origin);
    }
    return true;
  }

  /**
   * Replaces a document instance that an update left half-changed with one built from the store. Everything it
   * relayed was queued for the store first, so the store (after the pending writes) holds exactly what the
   * connections were sent. Messages that arrive meanwhile wait on their connections; each connection is then sent
   * the document whole and each writer asked for what it has (sync step 1), so nothing anyone typed is lost.
   */
  #reload(): Promise<void> {
    if (this.#reloading || this.#destroyed) {
      return this.#reloading ?? Promise.resolve();
    }
    const started = performance.now();
    const broken = this.#doc;
    broken.off('update', this.#onUpdate);
    const reloading = (async () => {
      try {
        await this.#context.commits.flush();
        const stored = await this.#context.store.load(this.name);
        if (this.#destroyed) {
          return;
        }
        const doc = this.#loadStored(stored);
        this.#cursor = stored.cursor;
        this.#replaceInstance(doc);
        if (this.#context.fanout.distributed) {
          // Other processes' updates that arrived during the reload were dropped; the store has them.
          void this.catchUp();
        }
        this.#context.logger.error(
          { documentName: this.name, ms: Math.round(performance.now() - started), connections: this.connections.size },
          'collab document reloaded after a failed update',
        );
      } catch (error) {
        // The store is unavailable: nobody may go on with the broken instance. Reconnecting loads it afresh.
        this.#context.logger.error({ err: error, documentName: this.name }, 'collab document could not be reloaded');
        this.#context.onUnrecoverable(this);
      } finally {
        this.#reloading = null;
      }
      for (const connection of [...this.connections]) {
        connection.resume(this);
      }
    })();
    this.#reloading = reloading;
    this.#log.waitBeforeCompacting(reloading);
    return reloading;
  }

  #replaceInstance(doc: Y.Doc): void {
    const previous = this.#awareness;
    const awareness = new Awareness(doc);
    awareness.setLocalState(null);
    for (const [clientId, state] of previous.getStates()) {
      awareness.states.set(clientId, state);
    }
    for (const [clientId, meta] of previous.meta) {
      awareness.meta.set(clientId, meta);
    }
    previous.off('update', this.#onAwarenessUpdate);
    previous.destroy();
    this.#doc.destroy();
    this.#doc = doc;
    this.#awareness = awareness;
    doc.on('update', this.#onUpdate);
    awareness.on('update', this.#onAwarenessUpdate);
  }

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (this.#staged) {
      this.#staged.push({ update, origin });
      return;
    }
    this.#accept(update, origin);
  };

  /** Relays a change to the other connections and, unless another process stored it, queues it for the store. */
  #accept(update: Uint8Array, origin: unknown): void {
    if (this.#batching) {
      this.#outbox.push({ update, origin });
    } else {
      this.#broadcast(encodeUpdate(update), new Set([origin]));
      this.#batching = true;
      setImmediate(this.#flushOutbox);
    }
    if (origin === REMOTE_ORIGIN) {
      // Stored by the process that accepted it.
      this.#log.countRemote(update.byteLength);
    } else {
      // Published to the other processes once durable, never before (see `DocumentLogContext.publish`).
      this.#log.append(update);
    }
  }

  /**
   * The first update of a turn of the event loop goes out at once; the ones that follow in the same turn wait for
   * its end and go out merged into one message per connection (one frame and one write instead of one per update
   * and connection), which keeps the server's CPU for the editing and not for system calls under load. A
   * connection that sent every one of them gets nothing; one that sent some gets the merged update and ignores
   * its own part.
   */
  readonly #flushOutbox = (): void => {
    const outbox = this.#outbox;
    this.#outbox = [];
    this.#batching = false;
    const [first] = outbox;
    if (!first || this.#destroyed) {
      return;
    }
    const update = outbox.length === 1 ? first.update : Y.mergeUpdates(outbox.map((entry) => entry.update));
    this.#broadcast(encodeUpdate(update), new Set(outbox.map((entry) => entry.origin)));
  };

  /** Sends to every connection except the one that was the only origin of the message's content. */
  #broadcast(message: Uint8Array, origins: ReadonlySet<unknown>): void {
    for (const connection of this.connections) {
      if (!(origins.size === 1 && origins.has(connection))) {
        connection.send(message);
      }
    }
  }

  readonly #onAwarenessUpdate = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ): void => {
    const changed = [...added, ...updated, ...removed];
    const publish = this.#context.fanout.distributed && origin !== REMOTE_ORIGIN && origin !== AWARENESS_TIMEOUT_ORIGIN;
    if (changed.length === 0 || (this.connections.size === 0 && !publish)) {
      return;
    }
    const states = encodeAwarenessStates(this.awareness, changed);
    if (publish) {
      this.#channel.publishAwareness(states);
    }
    if (this.connections.size > 0) {
      const message = encodeAwareness(states);
      for (const connection of this.connections) {
        connection.send(message);
      }
    }
  };
}
