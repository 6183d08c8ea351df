import type { Server as HttpServer } from 'node:http';
import { Limits, RealtimePaths, type ConnectionClientEvents, type ConnectionServerEvents } from '@crosswalk/shared';
import { Server, type DefaultEventsMap, type ServerOptions, type Socket } from 'socket.io';
import { BoundedWebSocketServer } from '../bounded-websocket-server.ts';
import type { RealtimeOptions, RealtimeUser } from '../types.ts';

/**
 * What realtime keeps on every connection. The host application extends it with its own per-connection state (a type
 * argument of `attachRealtime`), kept on the connection it describes so any process can read it with
 * `fetchSockets()` (through the Redis adapter when there are several).
 */
export interface ConnectionData {
  user: RealtimeUser;
}

/**
 * A socket.io server typed by the host: `Data` is its per-connection state, `ListenEvents`/`EmitEvents` its event
 * maps (from shared/), which include the connection events realtime itself serves.
 */
export type SocketServer<
  Data extends ConnectionData = ConnectionData,
  ListenEvents extends ConnectionClientEvents = ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents = ConnectionServerEvents,
> = Server<ListenEvents, EmitEvents, DefaultEventsMap, Data>;

/** One authenticated connection of a `SocketServer`. */
export type ServerSocket<
  Data extends ConnectionData = ConnectionData,
  ListenEvents extends ConnectionClientEvents = ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents = ConnectionServerEvents,
> = Socket<ListenEvents, EmitEvents, DefaultEventsMap, Data>;

/** The part of every connection realtime serves itself, whatever the host's types. */
type BaseSocket = Socket<ConnectionClientEvents, ConnectionServerEvents, DefaultEventsMap, ConnectionData>;

/**
 * socket.io on `/socket.io`: our origins only, bounded frames, authenticated in middleware, each connection in the
 * room of its person (`user:<userId>`), greeted with `session.ready` and answering `session.ping`. The host wires its
 * features on top (`io.on('connection', …)`, or `attachHandlers`).
 */
export function createSocketServer<
  Data extends ConnectionData,
  ListenEvents extends ConnectionClientEvents,
  EmitEvents extends ConnectionServerEvents,
>(
  httpServer: HttpServer,
  options: Pick<RealtimeOptions, 'logger' | 'authenticate' | 'isAllowedOrigin'>,
  adapter?: ServerOptions['adapter'],
): SocketServer<Data, ListenEvents, EmitEvents> {
  const io: SocketServer<Data, ListenEvents, EmitEvents> = new Server(httpServer, {
    ...(adapter ? { adapter } : {}),
    path: RealtimePaths.socketIo,
    serveClient: false,
    // Upgrades for other paths are routed by `attachRealtime`, not destroyed by engine.io.
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
        (socket as unknown as BaseSocket).data.user = user;
        next();
      })
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'socket.io authentication failed');
        next(new Error('unavailable'));
      });
  });
  io.on('connection', (connection) => {
    // The host's event maps extend these; typed through the base so no host type is needed here.
    const socket = connection as unknown as BaseSocket;
    const { user } = socket.data;
    void socket.join(`user:${user.userId}`);
    socket.emit('session.ready', { userId: user.userId, displayName: user.displayName });
    socket.on('session.ping', (ack) => {
      if (typeof ack === 'function') {
        ack({ serverTime: Date.now() });
      }
    });
  });
  return io;
}
