import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CollabServer } from '../../src/yjs/collab-server.ts';
import { createCollabWsAdapter } from '../../src/yjs/ws-adapter.ts';
import type { RealtimeLogger } from '../../src/types.ts';

export interface CollabHttpServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Serves a collab core on a real HTTP server on 127.0.0.1 and a free port (every other request gets 404).
 * Free of vitest so the child-process entry can use it too.
 */
export async function listenCollab(collab: CollabServer, logger: RealtimeLogger): Promise<CollabHttpServer> {
  const adapter = createCollabWsAdapter(collab, { logger });
  const server = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  server.on('upgrade', (request, socket, head) => {
    void adapter.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    async close() {
      await collab.close();
      adapter.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };
}
