import type { LiveAccess } from '@crosswalk/shared';
import { CloseCode, isCollabDocumentName, Limits } from '@crosswalk/shared';
import * as Y from 'yjs';
import { CollabConnection, type ConnectionContext } from './collab-connection.ts';
import { CollabDocument, type DocumentContext } from './collab-document.ts';
import { createLocalFanout } from './fanout.ts';
import { createGroupCommit } from '../storage/group-commit.ts';
import { createUpdateMerger } from '../storage/update-merger.ts';
import type {
  CollabAuthorize,
  CollabConnectionOptions,
  CollabGrant,
  CollabLimits,
  CollabServerOptions,
  WebSocketLike,
} from './types.ts';

/** One live connection as the host sees it (`connections()`), and the handle it gives back to `setAccess`. */
export interface CollabConnectionInfo {
  readonly userId: string;
  readonly documentName: string;
  /** What it may send now. */
  readonly access: LiveAccess;
}

/**
 * The transport-agnostic live-document server: feed it authorized sockets with `handleConnection`; mount it on
 * `ws` with `createCollabWsAdapter` (`ws-adapter.ts`).
 */
export interface CollabServer {
  /** The limits in force (defaults merged with the options). */
  readonly limits: CollabLimits;
  /** The injected authorization, used by the WebSocket adapter before upgrading. */
  readonly authorize: CollabAuthorize;
  /**
   * Serves an open, already authorized socket on a document. The first connection to a document loads it from
   * the store; concurrent first connections share that one load.
   */
  handleConnection(
    socket: WebSocketLike,
    grant: CollabGrant,
    documentName: string,
    options?: CollabConnectionOptions,
  ): void;
  /** The open connections, for reading (e.g. to re-decide them after a review's membership changed). */
  connections(): Iterable<CollabConnectionInfo>;
  /**
   * Changes one connection listed by `connections()`: 'none' closes it with `forbidden` before this returns; 'read'
   * or 'write' changes what it may send from now on. A connection closed meanwhile is left alone.
   */
  setAccess(connection: CollabConnectionInfo, access: LiveAccess | 'none'): void;
  /** Closes every live connection of one sign-in with `signedOut` before this returns; how many it closed. */
  endSignIn(signInId: string): number;
  /** The sign-ins of the live connections (for the host's periodic check that they are still live). */
  openSignIns(): Set<string>;
  /**
   * Reads or changes a document on the server's own behalf (named versions: snapshot and restore). Changes made
   * in `change` are broadcast and stored like an editor's; resolves once they are durable.
   */
  withDocument<T>(documentName: string, change: (doc: Y.Doc) => T): Promise<T>;
  /**
   * Drops the documents whose names match from this process without writing them back, before their stored rows are
   * deleted (retention): closes their connections with `notFound`, waits for what was already queued and any
   * running compaction to be written, then forgets them (no compaction on the way out). Resolves with their names.
   * A document is loaded again only if someone asks for it later, so the caller must refuse that first.
   */
  discard(matches: (documentName: string) => boolean): Promise<string[]>;
  /** Names of the documents currently in memory (diagnostics, tests). */
  loadedDocuments(): string[];
  /** Resolves once every update received so far is durable. */
  flush(): Promise<void>;
  /** Shutdown: stops applying updates, flushes pending writes, then closes every socket with `goingAway`. */
  close(): Promise<void>;
}

interface DocumentSlot {
  loading: Promise<CollabDocument>;
  document: CollabDocument | null;
  unloadTimer: NodeJS.Timeout | undefined;
  /** Unload as soon as pending writes are durable. */
  unloadWhenDurable: boolean;
}

const DEFAULT_LIMITS: CollabLimits = {
  messageBytes: Limits.collabMessageBytes,
  documentBytes: Limits.collabDocumentBytes,
  maxClock: Limits.collabMaxClock,
  awarenessPerSecond: Limits.collabAwarenessPerSecond,
  awarenessStateBytes: Limits.collabAwarenessStateBytes,
  awarenessClientsPerConnection: 4,
  requestsPerSecond: 10,
  pendingMessages: 256,
  sendBufferBytes: 64 * 1024 * 1024,
};

/** Creates the live-document server described on `CollabServer`. */
export function createCollabServer(options: CollabServerOptions): CollabServer {
  const { store, logger } = options;
  const limits: CollabLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const unloadDelayMs = options.unloadDelayMs ?? 5000;
  const slots = new Map<string, DocumentSlot>();
  const connections = new Set<CollabConnection>();
  /** The read-only view of each connection handed to the host, and back from it to the connection. */
  const views = new WeakMap<CollabConnection, CollabConnectionInfo>();
  const viewed = new WeakMap<CollabConnectionInfo, CollabConnection>();

  function viewOf(connection: CollabConnection): CollabConnectionInfo {
    let view = views.get(connection);
    if (!view) {
      view = Object.freeze({
        userId: connection.userId,
        documentName: connection.documentName,
        get access() {
          return connection.access;
        },
      });
      views.set(connection, view);
      viewed.set(view, connection);
    }
    return view;
  }
  /** Compactions of unloaded documents, awaited by `close()` so they do not outlive the store. */
  const backgroundCompactions = new Set<Promise<void>>();
  let closing = false;

  /**
   * Documents with log rows that a group commit made durable, not yet told. One is told per turn of the event
   * loop, the first at once: telling a document sends an acknowledgement to each of its writers (a write per
   * connection), and an editor's update that arrives meanwhile is relayed between two documents, not after all
   * of them.
   */
  const durableNotices = new Map<CollabDocument, number>();
  let noticeScheduled = false;

  /** Tells the document longest waiting, if it is still the one in memory under its name. */
  function tellOneDocument(): void {
    const next = durableNotices.entries().next();
    if (next.done) {
      return;
    }
    const [document, rows] = next.value;
    durableNotices.delete(document);
    const slot = slots.get(document.name);
    if (slot?.document === document) {
      document.onDurable(rows);
      if (slot.unloadWhenDurable) {
        unloadIfIdle(document.name, slot);
      }
    }
  }

  function tellNextDocument(): void {
    noticeScheduled = false;
    tellOneDocument();
    if (durableNotices.size > 0) {
      noticeScheduled = true;
      setImmediate(tellNextDocument);
    }
  }

  const commits = createGroupCommit({
    store,
    logger,
    delayMs: options.commitDelayMs ?? 2,
    minIntervalMs: options.commitIntervalMs ?? 20,
    maxUpdates: options.commitMaxUpdates ?? 512,
    onBatchCommitted: options.observer?.groupCommitted,
    onDurable(rows) {
      for (const [name, count] of rows) {
        const document = slots.get(name)?.document;
        if (document) {
          durableNotices.set(document, (durableNotices.get(document) ?? 0) + count);
        }
      }
      if (!noticeScheduled) {
        tellNextDocument();
      }
    },
  });

  const fanout = options.fanout ?? createLocalFanout();
  const merger = createUpdateMerger({ logger });
  const documentContext: DocumentContext = {
    store,
    commits,
    logger,
    limits,
    compactAfterRows: options.compactAfterRows ?? 1000,
    compactAfterBytes: options.compactAfterBytes ?? 4 * 1024 * 1024,
    fanout,
    merger,
    onUnrecoverable(document) {
      const slot = slots.get(document.name);
      if (slot?.document === document) {
        slots.delete(document.name);
        clearTimeout(slot.unloadTimer);
      }
      for (const connection of [...document.connections]) {
        connection.close(CloseCode.serverError, 'Document unavailable');
      }
      document.destroy();
    },
    authorFields: options.authorFields ?? (() => null),
    authorship: options.authorship,
  };
  const { authorship } = options;

  // Fan-out messages can be lost; reading the store now and then bounds how long a loss can go unnoticed.
  const catchUpIntervalMs = options.catchUpIntervalMs ?? 5000;
  const disconnectedCatchUpIntervalMs = options.disconnectedCatchUpIntervalMs ?? 1000;
  const catchUpTimer = fanout.distributed
    ? setInterval(
        () => {
          const now = performance.now();
          const interval = fanout.connected ? catchUpIntervalMs : disconnectedCatchUpIntervalMs;
          for (const slot of slots.values()) {
            if (slot.document && now - slot.document.lastCaughtUp >= interval) {
              void slot.document.catchUp();
            }
          }
        },
        Math.max(50, Math.min(catchUpIntervalMs, disconnectedCatchUpIntervalMs) / 4),
      )
    : undefined;
  catchUpTimer?.unref();

  const acknowledged = options.observer?.acknowledged;
  const connectionContext: ConnectionContext = {
    limits,
    logger,
    isClosing: () => closing,
    onAcknowledged: acknowledged
      ? (lagMs) => {
          try {
            acknowledged(lagMs);
          } catch (error) {
            logger.error({ err: error }, 'collab acknowledgement observer failed');
          }
        }
      : undefined,
    onClosed(connection) {
      connections.delete(connection);
      const slot = slots.get(connection.documentName);
      if (slot?.document) {
        slot.document.removeConnection(connection);
        if (slot.document.connections.size === 0) {
          scheduleUnload(connection.documentName, slot);
        }
      }
    },
  };

  function slotFor(name: string): DocumentSlot {
    const existing = slots.get(name);
    if (existing) {
      clearTimeout(existing.unloadTimer);
      existing.unloadTimer = undefined;
      existing.unloadWhenDurable = false;
      return existing;
    }
    const started = performance.now();
    const slot: DocumentSlot = {
      document: null,
      unloadTimer: undefined,
      unloadWhenDurable: false,
      loading: Promise.all([store.load(name), authorship ? authorship.load(name) : []]).then(([stored, owners]) => {
        const document = new CollabDocument(name, stored, documentContext, owners);
        if (closing) {
          document.destroy();
          return document;
        }
        slot.document = document;
        logger.debug(
          { documentName: name, ms: Math.round(performance.now() - started), updates: stored.updates.length },
          'collab document loaded',
        );
        // Connections that were waiting attach in the microtasks that follow; the timer sees the outcome.
        scheduleUnload(name, slot);
        return document;
      }),
    };
    slot.loading.catch((error: unknown) => {
      logger.error({ err: error, documentName: name }, 'collab document could not be loaded');
      if (slots.get(name) === slot) {
        slots.delete(name);
      }
    });
    slots.set(name, slot);
    return slot;
  }

  function scheduleUnload(name: string, slot: DocumentSlot): void {
    clearTimeout(slot.unloadTimer);
    slot.unloadTimer = setTimeout(() => {
      slot.unloadTimer = undefined;
      unloadIfIdle(name, slot);
    }, unloadDelayMs);
  }

  function unloadIfIdle(name: string, slot: DocumentSlot): void {
    const document = slot.document;
    if (!document || document.connections.size > 0 || slots.get(name) !== slot || closing) {
      slot.unloadWhenDurable = false;
      return;
    }
    if (document.hasPendingWrites) {
      slot.unloadWhenDurable = true;
      return;
    }
    slots.delete(name);
    const compaction = document.hasLog ? document.compact() : document.compaction;
    document.destroy();
    logger.debug({ documentName: name }, 'collab document unloaded');
    if (compaction) {
      backgroundCompactions.add(compaction);
      void compaction.finally(() => backgroundCompactions.delete(compaction));
    }
  }

  return {
    limits,
    authorize: options.authorize,

    handleConnection(socket, grant, documentName, connectionOptions = {}) {
      if (closing) {
        socket.close(CloseCode.goingAway, 'Server shutting down');
        return;
      }
      if (!isCollabDocumentName(documentName)) {
        socket.close(CloseCode.notFound, 'No such document');
        return;
      }
      const connection = new CollabConnection(
        socket,
        grant,
        documentName,
        connectionOptions.acks ?? false,
        connectionContext,
      );
      connections.add(connection);
      socket.on('message', (data, isBinary) => {
        connection.receive(data, isBinary);
      });
      socket.on('close', () => {
        connection.socketClosed();
      });
      socket.on('error', (error) => {
        logger.debug({ err: error, documentName }, 'collab socket error');
      });
      slotFor(documentName).loading.then(
        (document) => {
          if (closing) {
            connection.close(CloseCode.goingAway, 'Server shutting down');
          } else if (!connection.closed) {
            document.addConnection(connection);
            connection.attach(document);
          }
        },
        () => {
          connection.close(CloseCode.serverError, 'Document unavailable');
        },
      );
    },

    *connections() {
      for (const connection of [...connections]) {
        if (!connection.closed) {
          yield viewOf(connection);
        }
      }
    },

    setAccess(view, access) {
      const connection = viewed.get(view);
      if (!connection || connection.closed) {
        return;
      }
      if (access === 'none') {
        connection.close(CloseCode.forbidden, 'Access revoked');
      } else if (access !== connection.access) {
        connection.setAccess(access);
      }
    },

    endSignIn(signInId) {
      let closed = 0;
      for (const connection of [...connections]) {
        if (connection.grant.signInId === signInId && !connection.closed) {
          connection.close(CloseCode.signedOut, 'Signed out');
          closed += 1;
        }
      }
      return closed;
    },

    openSignIns() {
      const open = new Set<string>();
      for (const connection of connections) {
        if (connection.grant.signInId !== undefined && !connection.closed) {
          open.add(connection.grant.signInId);
        }
      }
      return open;
    },

    async withDocument(documentName, change) {
      if (closing) {
        throw new Error('the live-document server is shutting down');
      }
      const slot = slotFor(documentName);
      const document = await slot.loading;
      await document.ready();
      try {
        return change(document.doc);
      } finally {
        if (document.connections.size === 0) {
          scheduleUnload(documentName, slot);
        }
        await commits.flush();
      }
    },

    async discard(matches) {
      for (const connection of [...connections]) {
        if (!connection.closed && matches(connection.documentName)) {
          connection.close(CloseCode.notFound, 'Document deleted');
        }
      }
      await commits.flush();
      const discarded: string[] = [];
      for (const [name, slot] of [...slots]) {
        // Another discard may have taken it while this one waited.
        if (!matches(name) || slots.get(name) !== slot) {
          continue;
        }
        slots.delete(name);
        clearTimeout(slot.unloadTimer);
        const document = slot.document ?? (await slot.loading.catch(() => null));
        if (document) {
          await document.compaction?.catch(() => undefined);
          document.destroy();
        }
        discarded.push(name);
      }
      if (discarded.length > 0) {
        logger.info({ documents: discarded.length }, 'collab documents discarded');
      }
      return discarded;
    },

    loadedDocuments() {
      return [...slots.entries()].filter(([, slot]) => slot.document !== null).map(([name]) => name);
    },

    flush() {
      return commits.flush();
    },

    async close() {
      if (closing) {
        return;
      }
      closing = true;
      clearInterval(catchUpTimer);
      const { unwritten } = await commits.close(options.closeTimeoutMs ?? 10_000);
      if (unwritten > 0) {
        logger.error({ unwritten }, 'collab updates not written at shutdown');
      }
      // Every writer hears what became durable before its socket closes, not one turn of the event loop too late.
      while (durableNotices.size > 0) {
        tellOneDocument();
      }
      for (const connection of [...connections]) {
        connection.close(CloseCode.goingAway, 'Server shutting down');
      }
      const compactions = [...backgroundCompactions];
      for (const slot of slots.values()) {
        clearTimeout(slot.unloadTimer);
        if (slot.document) {
          const running = slot.document.compaction;
          if (running) {
            compactions.push(running);
          }
          slot.document.destroy();
        }
      }
      slots.clear();
      await Promise.all(compactions);
      await merger.close();
      await store.close?.();
    },
  };
}
