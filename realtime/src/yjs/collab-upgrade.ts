import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { CloseCode } from '@crosswalk/shared';
import { WebSocketServer } from 'ws';
import type { RealtimeOptions } from '../types.ts';
import { createCollabServer, type CollabServer } from './collab-server.ts';
import { createCollabWsAdapter, refuseUpgrade } from './ws-adapter.ts';

/**
 * Entry point for `/collab/<document>` WebSocket upgrades. Requests from other sites are refused first. With
 * `options.collab` the live-document server handles the rest (authorization before the upgrade completes, so a
 * refused client never receives a document byte); without it, signed-in people are upgraded and told there is no
 * such document, as before the live document existed.
 */
export function createCollabUpgrade(options: RealtimeOptions) {
  const { logger } = options;
  const collab: CollabServer | undefined = options.collab
    ? createCollabServer({ ...options.collab, logger })
    : undefined;
  const adapter = collab
    ? createCollabWsAdapter(collab, { logger, pingIntervalMs: options.collab?.pingIntervalMs })
    : undefined;
  const placeholder = collab ? undefined : new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  return {
    collab,
    async handle(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
      if (!options.isAllowedOrigin(request)) {
        refuseUpgrade(socket, 403);
        return;
      }
      if (adapter) {
        await adapter.handleUpgrade(request, socket, head);
        return;
      }
      const user = await options.authenticate(request);
      if (!user) {
        refuseUpgrade(socket, 401);
        return;
      }
      placeholder?.handleUpgrade(request, socket, head, (ws) => {
        ws.close(CloseCode.notFound, 'No such document');
      });
    },
    async close(): Promise<void> {
      await collab?.close();
      adapter?.close();
      if (placeholder) {
        for (const client of placeholder.clients) {
          client.close(CloseCode.goingAway, 'Server shutting down');
        }
        placeholder.close();
      }
    },
  };
}
