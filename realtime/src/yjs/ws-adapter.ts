import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode, CollabQuery, isCollabDocumentName, RealtimePaths } from '@crosswalk/shared';
import { WebSocket } from 'ws';
import { BoundedWebSocketServer } from '../bounded-websocket-server.ts';
import type { RealtimeLogger } from '../types.ts';
import type { CollabServer } from './collab-server.ts';
import { CollabRefusal } from './collab-refusal.ts';

export interface CollabWsAdapterOptions {
  logger: RealtimeLogger;
  /** How often to ping each client; a client that has not answered the previous ping is dropped. @default 30000 */
  pingIntervalMs?: number;
}

/** Mounts a `CollabServer` on the `ws` package for `/collab/<documentName>` upgrades. */
export interface CollabWsAdapter {
  /** Authorizes the request, then completes the upgrade or answers with a plain HTTP refusal. Never rejects. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void>;
  /** Stops pinging and closes the underlying `WebSocketServer` (close the `CollabServer` first). */
  close(): void;
}

const REASONS: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/** Answers an upgrade request with an HTTP status and no body: a refused client gets no document byte. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.writable) {
    socket.end(`HTTP/1.1 ${status} ${REASONS[status] ?? 'Refused'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  } else {
    socket.destroy();
  }
}

/** The document name in `/collab/<documentName>?…`, or null when the path is not a valid one. */
export function collabDocumentNameOf(url: string | undefined): string | null {
  const path = (url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(RealtimePaths.collabPrefix)) {
    return null;
  }
  try {
    const name = decodeURIComponent(path.slice(RealtimePaths.collabPrefix.length));
    return isCollabDocumentName(name) ? name : null;
  } catch {
    return null;
  }
}

/** The close code `ws` itself uses when a message is over `maxPayload` (RFC 6455 "message too big"). */
const WS_MESSAGE_TOO_BIG = 1009;

/**
 * Creates the `ws` adapter: authorization runs before the upgrade completes (401 for null, the status of a
 * `CollabRefusal`, 503 for anything else thrown); the ticket in the query string is never logged.
 *
 * Oversized messages: `ws` refuses any message over `limits.messageBytes` from its frame headers, before it
 * buffers the payload (a single frame or the fragments of one message), and would close with 1009; the server then
 * reads nothing more from that client (`BoundedWebSocketServer`). Our sockets
 * close with `messageTooLarge` and a reason instead, like every other refusal, so clients see one code for it.
 */
export function createCollabWsAdapter(collab: CollabServer, options: CollabWsAdapterOptions): CollabWsAdapter {
  const { logger } = options;

  class CollabWebSocket extends WebSocket {
    /** Who is connected to what, for the log line (set once the upgrade completes). */
    subject: { documentName: string; userId: string } | undefined;

    override close(code?: number, reason?: string | Buffer): void {
      if (code === WS_MESSAGE_TOO_BIG) {
        logger.warn(
          { ...this.subject, code: CloseCode.messageTooLarge, reason: 'message too large' },
          'collab connection closed: protocol violation',
        );
        super.close(CloseCode.messageTooLarge, 'message too large');
        return;
      }
      super.close(code, reason);
    }
  }

  const wss = new BoundedWebSocketServer({
    noServer: true,
    maxPayload: collab.limits.messageBytes,
    perMessageDeflate: false,
    WebSocket: CollabWebSocket,
  });
  const alive = new WeakSet<WebSocket>();
  const ping = setInterval(() => {
    for (const client of wss.clients) {
      if (!alive.has(client)) {
        client.terminate();
      } else {
        alive.delete(client);
        client.ping();
      }
    }
  }, options.pingIntervalMs ?? 30_000);
  ping.unref();

  return {
    async handleUpgrade(request, socket, head) {
      const onError = (error: Error) => {
        logger.debug({ err: error }, 'collab upgrade socket error');
      };
      socket.on('error', onError);
      const documentName = collabDocumentNameOf(request.url);
      if (documentName === null) {
        refuseUpgrade(socket, 404);
        return;
      }
      let status = 401;
      let grant = null;
      try {
        grant = await collab.authorize(request, documentName);
      } catch (error) {
        if (error instanceof CollabRefusal) {
          status = error.status;
        } else {
          status = 503;
          logger.error({ err: error, documentName }, 'collab authorization failed');
        }
      }
      if (!grant) {
        refuseUpgrade(socket, status);
        return;
      }
      const acks = new URL(request.url ?? '/', 'http://localhost').searchParams.get(CollabQuery.acks) === '1';
      const authorized = grant;
      wss.handleUpgrade(request, socket, head, (ws) => {
        socket.off('error', onError);
        if (ws instanceof CollabWebSocket) {
          ws.subject = { documentName, userId: authorized.userId };
        }
        alive.add(ws);
        ws.on('pong', () => {
          alive.add(ws);
        });
        collab.handleConnection(ws, authorized, documentName, { acks });
      });
    },
    close() {
      clearInterval(ping);
      for (const client of wss.clients) {
        client.terminate();
      }
      wss.close();
    },
  };
}
