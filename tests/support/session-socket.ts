import type { ClientToServerEvents, ServerToClientEvents } from '@crosswalk/shared';
import { io, type Socket } from 'socket.io-client';

/** A typed socket.io client of session control, as the browser's (also used by `bench/`). */
export type SessionClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SessionSocketOptions {
  /** Called with the socket before it connects, e.g. to record every packet from the first one. */
  onCreated?: (socket: SessionClient) => void;
}

/**
 * Connects to a Crosswalk server's session control with a session cookie, like a browser on the same origin, and
 * resolves once the server has authenticated it (`session.ready`).
 */
export async function connectSessionSocket(
  baseUrl: string,
  cookie: string,
  options: SessionSocketOptions = {},
): Promise<SessionClient> {
  const socket: SessionClient = io(baseUrl, {
    transports: ['websocket'],
    extraHeaders: { cookie, origin: baseUrl },
    reconnection: false,
  });
  options.onCreated?.(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('session.ready', () => {
      resolve();
    });
    socket.once('connect_error', reject);
  });
  return socket;
}

/**
 * The session sockets of one test file: `connect` opens one as `connectSessionSocket` does and keeps it, and
 * `closeAll` (the file's `afterEach`, or before a restart) disconnects every socket kept so far.
 */
export function sessionSockets(): {
  connect: (baseUrl: string, cookie: string, options?: SessionSocketOptions) => Promise<SessionClient>;
  closeAll: () => void;
} {
  let open: SessionClient[] = [];
  const closeAll = () => {
    for (const socket of open) {
      socket.disconnect();
    }
    open = [];
  };
  return {
    connect: (baseUrl, cookie, options = {}) =>
      connectSessionSocket(baseUrl, cookie, {
        onCreated: (socket) => {
          open.push(socket);
          options.onCreated?.(socket);
        },
      }),
    closeAll,
  };
}

/** Every payload of one server event a socket receives from now on, in order. */
export function collect<E extends keyof ServerToClientEvents>(
  socket: SessionClient,
  event: E,
): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event as 'hands', ((payload: never) => seen.push(payload)) as never);
  return seen;
}
