/**
 * socket.io event maps for session control. The server and the browser are typed against these, so an event
 * renamed on one side fails to compile on the other.
 */
export interface ServerToClientEvents {
  /** Sent once after the connection is authenticated. */
  'session.ready': (info: { userId: string; displayName: string }) => void;
}

/** Events from the browser. Every handler treats its payload as hostile and validates it. */
export interface ClientToServerEvents {
  /** Round-trip probe for the connection-quality indicator; the server answers with its clock. */
  'session.ping': (ack: (reply: { serverTime: number }) => void) => void;
}

/** Paths of the realtime endpoints on the one HTTP server. */
export const RealtimePaths = {
  socketIo: '/socket.io',
  collabPrefix: '/collab/',
} as const;
