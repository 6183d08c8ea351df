import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { RealtimePaths } from '@crosswalk/shared';
import type { ConnectionClientEvents, ConnectionServerEvents } from '@crosswalk/shared';
import type { Redis } from 'ioredis';
import { createSocketServer, type ConnectionData, type SocketServer } from './sockets/socket-server.ts';
import type { RealtimeOptions } from './types.ts';
import { createSocketIoRedisAdapter } from './sockets/redis-adapter.ts';
import { createCollabUpgrade } from './yjs/collab-upgrade.ts';
import { createRedisFanout } from './yjs/redis-fanout.ts';
import type { CollabServer } from './yjs/collab-server.ts';

export type { RealtimeOptions, RealtimeUser, RealtimeLogger, RealtimeCollabOptions } from './types.ts';
export type { CollabServer, CollabConnectionInfo } from './yjs/collab-server.ts';
// The collab core's contract with its host: grants, limits, options and the socket it drives.
export type * from './yjs/types.ts';
export type { CompactionResult, DocumentStore, StoredDocument, UpdateEntry } from './storage/document-store.ts';
export { createCollabServer } from './yjs/collab-server.ts';
export { createCollabWsAdapter, type CollabWsAdapter, type CollabWsAdapterOptions } from './yjs/ws-adapter.ts';
export { CollabRefusal } from './yjs/collab-refusal.ts';
export { encodeWholeDocument, loadUpdates } from './updates/settled-doc.ts';
export { createMemoryStore } from './storage/memory-store.ts';
export { createPostgresStore, type PostgresStoreOptions } from './storage/postgres-store.ts';
export { createLogWriter, type LogWriter } from './storage/log-writer.ts';
export { createLocalFanout, createLocalFanoutHub, type CollabFanout } from './yjs/fanout.ts';
export { createRedisFanout, type RedisFanoutOptions } from './yjs/redis-fanout.ts';
export { closeRedis } from './redis-close.ts';
export { newRedisClient } from './redis-client.ts';

export type { ConnectionData, ServerSocket, SocketServer } from './sockets/socket-server.ts';
export {
  socketHandlers,
  socketRate,
  type AckOf,
  type HandlerFailure,
  type HandlerLog,
  type HandlerOptions,
  type SocketHandler,
  type SocketRate,
} from './sockets/define-handler.ts';

export interface Realtime {
  /** The live-document server, when `options.collab` was given: e.g. for `setAccess` after a permission change. */
  collab: CollabServer | undefined;
  /**
   * Ends every connection of one sign-in that this process holds, at once: socket.io sockets are
   * disconnected, live-document sockets closed with `signedOut`. The host calls it on every process (e.g. through its
   * event bus). Returns how many connections it ended.
   */
  endSignIn(signInId: string): number;
  /** The sign-ins behind this process's connections, for the host's periodic check that they are still live. */
  openSignIns(): Set<string>;
  /**
   * With `options.redis`: a connection for the host's plain Redis commands (state that must outlive a process's
   * connections), shared with socket.io's adapter, which only publishes on it. Undefined without.
   */
  redisCommands: Redis | undefined;
  /** With `options.redis`: whether every Redis connection of the realtime endpoints is up; undefined without. */
  redisConnected(): boolean | undefined;
  close(): Promise<void>;
}

/** What `attachRealtime` returns: the endpoints, and the socket.io server typed as the host asked. */
export interface RealtimeSockets<
  Data extends ConnectionData = ConnectionData,
  ListenEvents extends ConnectionClientEvents = ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents = ConnectionServerEvents,
> extends Realtime {
  /**
   * The socket.io server, for the features the host application wires on top (`attachHandlers`, or
   * `io.on('connection', …)`): it sees authenticated sockets only (`socket.data.user`); `io.to(room).emit` reaches
   * every process once a Redis adapter is set.
   */
  io: SocketServer<Data, ListenEvents, EmitEvents>;
}

/**
 * Mounts the realtime endpoints on an HTTP server: `/collab/*` (Yjs over the y-websocket protocol) and
 * `/socket.io` (a typed socket.io server: `Data` is the host's per-connection state, the event maps its own, from
 * shared/). Any other WebSocket upgrade is refused.
 */
export function attachRealtime<
  Data extends ConnectionData = ConnectionData,
  ListenEvents extends ConnectionClientEvents = ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents = ConnectionServerEvents,
>(httpServer: HttpServer, options: RealtimeOptions): RealtimeSockets<Data, ListenEvents, EmitEvents> {
  const { logger, redis } = options;
  const fanout =
    redis && options.collab && !options.collab.fanout
      ? createRedisFanout({ url: redis.url, keyPrefix: redis.keyPrefix, logger })
      : undefined;
  const socketRedis = redis ? createSocketIoRedisAdapter({ ...redis, logger }) : undefined;
  const io = createSocketServer<Data, ListenEvents, EmitEvents>(httpServer, options, socketRedis?.adapter);
  const collab = createCollabUpgrade(
    options.collab && fanout ? { ...options, collab: { ...options.collab, fanout } } : options,
  );
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (path.startsWith(RealtimePaths.collabPrefix)) {
      collab.handle(request, socket, head).catch((error: unknown) => {
        options.logger.error({ err: error }, 'collab upgrade failed');
        socket.destroy();
      });
    } else if (!path.startsWith(`${RealtimePaths.socketIo}/`)) {
      socket.destroy();
    }
  });
  return {
    io,
    redisCommands: socketRedis?.commands,
    collab: collab.collab,
    endSignIn(signInId) {
      let ended = collab.collab?.endSignIn(signInId) ?? 0;
      for (const socket of io.of('/').sockets.values()) {
        if (socket.data.user.signInId === signInId) {
          socket.disconnect(true);
          ended += 1;
        }
      }
      return ended;
    },
    openSignIns() {
      const open = collab.collab?.openSignIns() ?? new Set<string>();
      for (const socket of io.of('/').sockets.values()) {
        if (socket.data.user.signInId !== undefined) {
          open.add(socket.data.user.signInId);
        }
      }
      return open;
    },
    redisConnected() {
      if (!socketRedis) {
        return undefined;
      }
      return socketRedis.connected && (fanout?.connected ?? true);
    },
    async close() {
      await collab.close();
      await io.close();
      await fanout?.close();
      await socketRedis?.close();
    },
  };
}
