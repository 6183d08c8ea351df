/**
 * Packages installed for the `tests` workspace package, re-exported for `realtime/test` (which does not list
 * y-websocket or fast-check) and `bench/` (which has `ws` but not `@types/ws`, nor socket.io-client): the shared
 * lockfile is not changed on a feature branch. Node and TypeScript resolve these imports from `tests/node_modules`
 * because this file lives here.
 */
export { WebsocketProvider } from 'y-websocket';
export { default as fc } from 'fast-check';
export { WebSocket, WebSocketServer } from 'ws';
export { io as connectSocketIo, type Socket as SocketIoClient } from 'socket.io-client';
