/**
 * socket.io events of workshop boards (notes written through the server, dot votes). Merged into the session event
 * maps in shared/src/realtime/events.ts. Board layout (clusters, grid placements) is edited in Yjs directly.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BoardServerEvents {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BoardClientEvents {}
