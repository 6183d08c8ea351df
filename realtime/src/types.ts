import type { IncomingMessage } from 'node:http';
import type { CollabServerOptions } from './yjs/types.ts';

/** The person behind a realtime connection, as established by the host application. */
export interface RealtimeUser {
  userId: string;
  displayName: string;
  /**
   * The sign-in behind the connection (the host application's id for it, a hash, never the secret cookie):
   * `Realtime.endSignIn` ends every connection that carries it.
   */
  signInId?: string | undefined;
  /** Where the connection came from, as the host judged it (for its audit log); null when unknown. */
  address?: string | null | undefined;
}

export interface RealtimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface RealtimeOptions {
  logger: RealtimeLogger;
  /** Resolves the person from the upgrade request (sign-in cookie); null refuses the connection. */
  authenticate(request: IncomingMessage): Promise<RealtimeUser | null>;
  /** Whether the request's Origin header is ours; WebSockets from other sites are refused. */
  isAllowedOrigin(request: IncomingMessage): boolean;
  /**
   * Serves live documents on `/collab/<documentName>` when present. Without it, `/collab` upgrades of signed-in
   * people are accepted and closed with `notFound` (the behaviour before live documents existed).
   */
  collab?: RealtimeCollabOptions;
  /**
   * Several processes serve one deployment through this Redis: live-document updates are fanned out
   * (`yjs/redis-fanout.ts`) and socket.io uses its Redis adapter. Absent: everything stays in this process.
   */
  redis?: { url: string; keyPrefix: string };
}

/** The live-document server's options, minus the logger (the realtime logger is used). */
export interface RealtimeCollabOptions extends Omit<CollabServerOptions, 'logger'> {
  /** How often each collab client is pinged; one that misses a ping is dropped. @default 30000 */
  pingIntervalMs?: number;
}
