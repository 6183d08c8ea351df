import type { ClientToServerEvents, ServerToClientEvents } from '@crosswalk/shared';
import { io, type Socket } from 'socket.io-client';

/** A typed socket.io client of session control, as the browser's (also used by `bench/`). */
export type SessionClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Connects to a Crosswalk server's session control with a session cookie, like a browser on the same origin, and
 * resolves once the server has authenticated it (`session.ready`).
 */
export async function connectSessionSocket(baseUrl: string, cookie: string): Promise<SessionClient> {
  const socket: SessionClient = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: baseUrl },
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('session.ready', () => {
      resolve();
    });
    socket.once('connect_error', reject);
  });
  return socket;
}
