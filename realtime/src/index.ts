import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { RealtimePaths } from '@crosswalk/shared';
import { createSessionServer } from './session/socket-server.ts';
import type { RealtimeOptions } from './types.ts';
import { createCollabUpgrade } from './yjs/collab-upgrade.ts';

export type { RealtimeOptions, RealtimeUser, RealtimeLogger } from './types.ts';
export type { RoomGrant, RoomOptions } from './session/rooms.ts';

export interface Realtime {
  /** Removes a person from a video session at once (e.g. their membership was revoked). */
  evictFromSession(sessionId: string, userId: string, reason: string): void;
  close(): Promise<void>;
}

/**
 * Mounts the realtime endpoints on an HTTP server: `/collab/*` (Yjs over the y-websocket protocol) and
 * `/socket.io` (session control). Any other WebSocket upgrade is refused.
 */
export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions): Realtime {
  const { io, rooms } = createSessionServer(httpServer, options);
  const collab = createCollabUpgrade(options);
  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (path.startsWith(RealtimePaths.collabPrefix)) {
      collab.handle(request, socket, head).catch((error: unknown) => {
        options.logger.error({ err: error }, 'collab upgrade failed');
        socket.destroy();
      });
    } else if (!path.startsWith(`${RealtimePaths.socketIo}/`)) {
      socket.destroy();
    }
  });
  return {
    evictFromSession(sessionId, userId, reason) {
      rooms?.evict(sessionId, userId, reason);
    },
    async close() {
      collab.close();
      await io.close();
    },
  };
}
