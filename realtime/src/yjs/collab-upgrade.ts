import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode } from '@crosswalk/shared';
import { WebSocketServer } from 'ws';
import type { RealtimeOptions } from '../types.ts';

function refuse(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Entry point for `/collab/<document>` WebSocket upgrades. Authentication happens before the upgrade completes,
 * so a refused client never receives a document byte. Documents themselves arrive with the live document.
 */
export function createCollabUpgrade(options: RealtimeOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  return {
    async handle(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      if (!options.isAllowedOrigin(request)) {
        refuse(socket, 403, 'Forbidden');
        return;
      }
      const user = await options.authenticate(request);
      if (!user) {
        refuse(socket, 401, 'Unauthorized');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        ws.close(CloseCode.notFound, 'No such document');
      });
    },
    close(): void {
      for (const client of wss.clients) {
        client.close(CloseCode.goingAway, 'Server shutting down');
      }
      wss.close();
    },
  };
}
