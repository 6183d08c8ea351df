/**
 * The server under test for bench/collab.ts, in a process of its own so the load generator does not share its
 * event loop: `node --expose-gc collab-server-process.ts crosswalk <databaseUrl>` (our core on PostgreSQL) or
 * `… reference` (`@y/websocket-server`, in memory). Prints `listening <port>`. `GET /memory` answers the heap
 * in use after a full garbage collection; `GET /loaded` the number of documents in memory.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';
import { createPostgresStore } from '../../realtime/src/storage/postgres-store.ts';
import { createCollabServer, type CollabServer } from '../../realtime/src/yjs/collab-server.ts';
import { createCollabWsAdapter } from '../../realtime/src/yjs/ws-adapter.ts';
import { createDatabase } from '../../server/src/db/client.ts';
import { createLogger } from '../../server/src/logger.ts';

const [kind, databaseUrl] = process.argv.slice(2);
const logger = createLogger('silent');

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
let upgrade: UpgradeHandler;
let loaded: () => number;
let collab: CollabServer | undefined;

if (kind === 'crosswalk') {
  const db = await createDatabase({ databaseUrl, dataDir: '/nonexistent', poolSize: 4, logger });
  collab = createCollabServer({
    store: createPostgresStore(db.sql),
    logger,
    unloadDelayMs: 200,
    authorize: (request) => {
      const ticket = new URL(request.url ?? '/', 'http://localhost').searchParams.get('ticket') ?? '';
      const [access, userId] = ticket.split(':');
      return Promise.resolve(
        userId && (access === 'write' || access === 'read')
          ? { userId, displayName: `Bench ${userId}`, colour: '#336699', access }
          : null,
      );
    },
  });
  const adapter = createCollabWsAdapter(collab, { logger });
  upgrade = (request, socket, head) => {
    void adapter.handleUpgrade(request, socket, head);
  };
  const server = collab;
  loaded = () => server.loadedDocuments().length;
} else if (kind === 'reference') {
  const wss = new WebSocketServer({ noServer: true });
  upgrade = (request, socket, head) => {
    wss.handleUpgrade(request, socket, head, (ws) => {
      const docName = (request.url ?? '').split('?')[0]?.replace(/^\/collab\//, '') ?? '';
      setupWSConnection(ws, request, { docName });
    });
  };
  loaded = () => docs.size;
} else {
  throw new Error('usage: collab-server-process.ts crosswalk <databaseUrl> | reference');
}

const gc = (globalThis as { gc?: () => void }).gc;
const http = createServer((request, response) => {
  if (request.url === '/memory') {
    gc?.();
    gc?.();
    response.end(JSON.stringify(process.memoryUsage()));
  } else if (request.url === '/loaded') {
    response.end(JSON.stringify({ loaded: loaded() }));
  } else {
    response.statusCode = 404;
    response.end();
  }
});
http.on('upgrade', upgrade);
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  void (collab?.close() ?? Promise.resolve()).then(() => process.exit(0));
});
