/**
 * The browser's socket.io connection for session control (rooms, signalling, hands, chat, lobby), typed against the
 * event maps in `shared/`. Same origin, path `/socket.io`, WebSocket only: the session cookie authenticates it and
 * the server checks the Origin header. socket.io reconnects by itself with backoff; the room manager re-joins.
 */
import { RealtimePaths, type ClientToServerEvents, type ServerToClientEvents } from '@crosswalk/shared';
import { io, type Socket } from 'socket.io-client';
import { api } from '../api/client.ts';

export type SessionSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** How long to wait for an acknowledgement before treating the connection as broken. */
export const ACK_TIMEOUT_MS = 8_000;

/** Opens the session-control socket. The caller owns it and must `disconnect()` it when leaving. */
export function createSessionSocket(): SessionSocket {
  const socket: SessionSocket = io({
    path: RealtimePaths.socketIo,
    transports: ['websocket'],
    withCredentials: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5_000,
    timeout: 10_000,
  });
  // The server disconnects every socket of a session that ends (sign-out elsewhere, expiry): asking who is signed in
  // then answers 401, which clears the browser and shows the sign-in page (see `signInManager.ended`).
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') {
      api.get('/me').catch(() => undefined);
    }
  });
  return socket;
}

/** One round trip to the server, in milliseconds; rejects if no answer comes within the timeout. */
export async function measureLatency(socket: SessionSocket): Promise<number> {
  const start = performance.now();
  await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('session.ping');
  return Math.round(performance.now() - start);
}
