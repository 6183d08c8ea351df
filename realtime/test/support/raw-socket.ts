import { request as httpRequest } from 'node:http';
import { CollabMessageType, CollabQuery } from '@crosswalk/shared';
import { WebSocket } from 'ws';

/** Sends a raw WebSocket upgrade request; reports the status and whatever body bytes came back. */
export function rawUpgrade(httpUrl: string, path: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${httpUrl}${path}`, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: Buffer.alloc(0) });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** A bare WebSocket on a document, for sending frames no well-behaved client would. */
export interface RawSocket {
  ws: WebSocket;
  messages: Uint8Array[];
  /** Resolves with the close code when the connection closes. */
  closed: Promise<number>;
  /**
   * Sends `queryAwareness` and resolves 'open' when an awareness message arrives after it, or the close code if
   * the server closes first. The server handles a connection's messages in order, so this tells whether what was
   * sent before closed the connection.
   */
  probe(): Promise<'open' | number>;
  close(): Promise<void>;
}

/** Opens a raw socket; resolves once the server serves it (the document is loaded and the greeting sent). */
export async function openRawSocket(serverUrl: string, documentName: string, ticket: string): Promise<RawSocket> {
  const ws = new WebSocket(`${serverUrl}/${documentName}?${CollabQuery.ticket}=${encodeURIComponent(ticket)}`);
  const messages: Uint8Array[] = [];
  let closeCode: number | undefined;
  const closed = new Promise<number>((resolve) => {
    ws.on('close', (code) => {
      closeCode = code;
      resolve(code);
    });
  });
  ws.on('message', (data: Buffer) => {
    messages.push(new Uint8Array(data));
  });
  const raw: RawSocket = {
    ws,
    messages,
    closed,
    probe() {
      if (closeCode !== undefined) {
        return Promise.resolve(closeCode);
      }
      return new Promise((resolve) => {
        const onMessage = (data: Buffer) => {
          if (data[0] === CollabMessageType.awareness) {
            ws.off('message', onMessage);
            resolve('open');
          }
        };
        ws.on('message', onMessage);
        void closed.then((code) => {
          ws.off('message', onMessage);
          resolve(code);
        });
        if (ws.readyState === WebSocket.OPEN) {
          ws.send(Uint8Array.of(CollabMessageType.queryAwareness));
        }
      });
    },
    async close() {
      if (closeCode === undefined) {
        ws.close();
        await closed;
      }
    },
  };
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      resolve();
    });
    ws.once('error', reject);
  });
  await raw.probe();
  return raw;
}
