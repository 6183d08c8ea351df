/**
 * The server under test for bench/collab.ts, in a process of its own so the load generator does not share its
 * event loop: `node --expose-gc collab-server-process.ts crosswalk <databaseUrl>` (our core on PostgreSQL) or
 * `… reference` (`@y/websocket-server`, in memory). Prints `listening <port>`. `GET /memory` answers the heap
 * in use after a full garbage collection; `GET /loaded` the number of documents in memory; `GET /latency` the
 * milliseconds each edit spent inside this process (see `watchServerLatency`), and forgets them.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { WebSocket, WebSocketServer } from 'ws';
import { createLogWriter } from '../../realtime/src/storage/log-writer.ts';
import { createPostgresStore } from '../../realtime/src/storage/postgres-store.ts';
import { createCollabServer, type CollabServer } from '../../realtime/src/yjs/collab-server.ts';
import { createRedisFanout } from '../../realtime/src/yjs/redis-fanout.ts';
import { createCollabWsAdapter } from '../../realtime/src/yjs/ws-adapter.ts';
import { createHash } from 'node:crypto';
import type { CollabAuthorship } from '../../realtime/src/yjs/types.ts';
import { createDatabase, type Sql } from '../../server/src/db/client.ts';
import { CollabAuthors } from '../../server/src/modules/erasure/collab-authors.ts';
import { createLogger } from '../../server/src/logger.ts';
import { forEachEditToken } from './edit-tokens.ts';

const [kind, databaseUrl, redisUrl, redisKeyPrefix] = process.argv.slice(2);
const latency = watchServerLatency();
const logger = createLogger('silent');

type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;
let upgrade: UpgradeHandler;
let loaded: () => number;
let collab: CollabServer | undefined;

if (kind === 'crosswalk') {
  if (!databaseUrl) {
    throw new Error('usage: collab-server-process.ts crosswalk <databaseUrl>');
  }
  const db = await createDatabase({ databaseUrl, dataDir: '/nonexistent', poolSize: 4, logger });
  collab = createCollabServer({
    // As the server wires it on a PostgreSQL server: the update log is written from a thread of its own.
    store: createPostgresStore(db.sql, { logWriter: createLogWriter({ url: databaseUrl, logger }) }),
    logger,
    unloadDelayMs: 200,
    // As the server records who writes under which client ids (BENCH_COLLAB_AUTHORSHIP=0 leaves it out).
    ...(process.env.BENCH_COLLAB_AUTHORSHIP === '0' ? {} : { authorship: benchAuthorship(db.sql) }),
    // Scale-out runs: several of these processes share documents through Redis.
    ...(redisUrl
      ? { fanout: createRedisFanout({ url: redisUrl, keyPrefix: redisKeyPrefix ?? 'bench:', logger }) }
      : {}),
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

/**
 * The server's `CollabAuthors` for the bench's made-up user ids: each gets an account (a UUID made from it) the
 * first time it writes, so the records go through the same statement and foreign key as in the application.
 */
function benchAuthorship(sql: Sql): CollabAuthorship {
  const authors = new CollabAuthors(sql, logger);
  const accounts = new Map<string, string>();
  const benchIds = new Map<string, string>();
  const accountOf = async (userId: string): Promise<string> => {
    let id = accounts.get(userId);
    if (id === undefined) {
      const hex = createHash('sha256').update(userId).digest('hex');
      id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
      await sql`insert into users (id, email, display_name) values (${id}, ${`${id}@bench.invalid`}, 'Bench')
        on conflict do nothing`;
      accounts.set(userId, id);
      benchIds.set(id, userId);
    }
    return id;
  };
  return {
    async load(documentName) {
      return (await authors.load(documentName)).map(([client, id]) => [client, benchIds.get(id) ?? id] as const);
    },
    async record(write) {
      return authors.record({ ...write, userId: await accountOf(write.userId) });
    },
  };
}

const gc = (globalThis as { gc?: () => void }).gc;
const http = createServer((request, response) => {
  if (request.url === '/memory') {
    gc?.();
    gc?.();
    response.end(JSON.stringify(process.memoryUsage()));
  } else if (request.url === '/latency') {
    response.end(JSON.stringify(latency.take()));
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

/**
 * Time inside the server: from the arrival of the WebSocket message that carries an edit (see
 * edit-tokens.ts) to each send that carries it on. Both servers use the `ws` package, so wrapping its `emit` and
 * `send` measures them the same way; what it leaves out is what they share (the load generator and the kernel).
 */
function watchServerLatency(): { take(): number[] } {
  const arrivedAt = new Map<number, number>();
  let samples: number[] = [];
  const emit = Reflect.get(WebSocket.prototype, 'emit') as (
    this: WebSocket,
    event: string | symbol,
    ...args: unknown[]
  ) => boolean;
  WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]): boolean {
    const [data] = args;
    if (event === 'message' && (data instanceof Uint8Array || data instanceof ArrayBuffer)) {
      const now = performance.now();
      forEachEditToken(data instanceof Uint8Array ? data : new Uint8Array(data), (id) => arrivedAt.set(id, now));
    }
    return emit.call(this, event, ...args);
  };
  const send = Reflect.get(WebSocket.prototype, 'send') as (this: WebSocket, ...args: unknown[]) => void;
  WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]): void {
    if (data instanceof Uint8Array) {
      const now = performance.now();
      forEachEditToken(data, (id) => {
        const arrived = arrivedAt.get(id);
        if (arrived !== undefined) {
          samples.push(now - arrived);
        }
      });
    }
    send.call(this, data, ...rest);
  };
  return {
    take() {
      const taken = samples;
      samples = [];
      arrivedAt.clear();
      return taken;
    },
  };
}
