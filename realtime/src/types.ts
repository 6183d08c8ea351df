import type { IncomingMessage } from 'node:http';
import type { RoomOptions } from './session/rooms.ts';

/** The person behind a realtime connection, as established by the host application. */
export interface RealtimeUser {
  userId: string;
  displayName: string;
}

export interface RealtimeLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface RealtimeOptions {
  logger: RealtimeLogger;
  /** Resolves the person from the upgrade request (session cookie); null refuses the connection. */
  authenticate(request: IncomingMessage): Promise<RealtimeUser | null>;
  /** Whether the request's Origin header is ours; WebSockets from other sites are refused. */
  isAllowedOrigin(request: IncomingMessage): boolean;
  /** Video-session rooms (signalling, hands, chat, lobby); absent: no rooms are served. */
  rooms?: Omit<RoomOptions, 'logger'>;
}
