import {
  socketHandlers,
  type ConnectionData,
  type RealtimeSockets,
  type ServerSocket,
  type SocketServer,
} from '@crosswalk/realtime';
import type { ClientToServerEvents, ServerToClientEvents } from '@crosswalk/shared';
import { socketFailure } from './errors/socket-answers.ts';
import { withRequestContext } from './modules/audit/request-context.ts';
import type { RoomSocketData } from './modules/sessions/rooms.ts';
import type { SuggestionSocketData } from './modules/suggestions/suggestions.sockets.ts';
import type { WorkshopSocketData } from './modules/workshops/workshops.sockets.ts';

/**
 * The application's socket.io types and its one handler idiom. What each feature keeps on a connection is declared by
 * that feature and put together here; every feature's handlers (`<feature>.sockets.ts`) are written with
 * `defineHandler`, so thrown domain errors are answered the same way everywhere (`socketFailure`).
 */
export type AppSocketData = ConnectionData & RoomSocketData & WorkshopSocketData & SuggestionSocketData;
export type AppSocketServer = SocketServer<AppSocketData, ClientToServerEvents, ServerToClientEvents>;
export type AppSocket = ServerSocket<AppSocketData, ClientToServerEvents, ServerToClientEvents>;
export type AppRealtime = RealtimeSockets<AppSocketData, ClientToServerEvents, ServerToClientEvents>;

export const { defineHandler, attachHandlers } = socketHandlers<
  AppSocketData,
  ClientToServerEvents,
  ServerToClientEvents
>({
  failure: socketFailure,
  // What a message does is audited with where its connection came from, as an HTTP request's is.
  around: (socket, work) => withRequestContext({ from: socket.data.user.address ?? null }, work),
});
