import type { Server as HttpServer } from 'node:http';
import {
  Limits,
  RealtimePaths,
  type ClientToServerEvents,
  type RoomPeer,
  type ServerToClientEvents,
  type WaitingGuest,
  type WorkshopPerson,
  type WorkshopRole,
} from '@crosswalk/shared';
import { Server, type DefaultEventsMap, type ServerOptions, type Socket } from 'socket.io';
import { BoundedWebSocketServer } from '../bounded-websocket-server.ts';
import { createMemoryChatHistory, type ChatHistory } from './chat-history.ts';
import { Rooms } from './rooms.ts';
import type { RealtimeOptions, RealtimeUser } from '../types.ts';

/**
 * What the server keeps on each connection. Room state lives here, on the connection that it describes, so any
 * process can read a whole room with `fetchSockets()` (through the Redis adapter when there are several): no
 * process holds a copy that a crash could leave stale.
 */
export interface SocketData {
  user: RealtimeUser;
  /** The video session this connection is in, if any. */
  sessionId?: string | undefined;
  /** This connection as a peer of that session, with when it raised its hand (ms since the epoch), if it did. */
  peer?: (RoomPeer & { handRaisedAt?: number | undefined }) | undefined;
  /** The session whose lobby this connection waits in, if any, and who it is there. */
  waitingFor?: string | undefined;
  guest?: WaitingGuest | undefined;
  /** Times of recent chat messages and reactions, for rate limiting. */
  recent?: number[];
  /**
   * The workshop this connection follows, set by the host application's workshop layer: kept on the connection so
   * that any process can list a workshop's people with `fetchSockets()`.
   */
  workshop?: { sessionId: string; reviewId: string; role: WorkshopRole; person: WorkshopPerson } | undefined;
}

export type SessionServer = Server<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;
export type SessionSocket = Socket<ClientToServerEvents, ServerToClientEvents, DefaultEventsMap, SocketData>;

/** socket.io for session control: authenticated in middleware, one room per person. */
export function createSessionServer(
  httpServer: HttpServer,
  options: RealtimeOptions,
  cluster?: { adapter: ServerOptions['adapter']; chat: ChatHistory },
): { io: SessionServer; rooms: Rooms | undefined } {
  const io: SessionServer = new Server(httpServer, {
    ...(cluster ? { adapter: cluster.adapter } : {}),
    path: RealtimePaths.socketIo,
    serveClient: false,
    // Upgrades for other paths are routed by realtime/src/upgrade.ts, not destroyed by engine.io.
    destroyUpgrade: false,
    // engine.io gives this to `ws` as its `maxPayload`: a bigger frame is refused from its header, and the
    // bounded server then reads nothing more from that client.
    maxHttpBufferSize: Limits.sessionMessageBytes,
    wsEngine: BoundedWebSocketServer,
    allowRequest: (request, callback) => {
      callback(null, options.isAllowedOrigin(request));
    },
  });
  io.use((socket, next) => {
    options
      .authenticate(socket.request)
      .then((user) => {
        if (!user) {
          next(new Error('unauthorized'));
          return;
        }
        socket.data.user = user;
        next();
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'socket.io authentication failed');
        next(new Error('unavailable'));
      });
  });
  const rooms = options.rooms
    ? new Rooms(
        io,
        { ...options.rooms, logger: options.logger, distributed: cluster !== undefined },
        cluster?.chat ?? createMemoryChatHistory(),
      )
    : undefined;
  io.on('connection', (socket) => {
    rooms?.attach(socket);
    const { user } = socket.data;
    void socket.join(`user:${user.userId}`);
    socket.emit('session.ready', { userId: user.userId, displayName: user.displayName });
    socket.on('session.ping', (ack) => {
      if (typeof ack === 'function') {
        ack({ serverTime: Date.now() });
      }
    });
  });
  return { io, rooms };
}
