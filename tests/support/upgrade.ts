import { request as httpRequest } from 'node:http';

/**
 * Sends a raw WebSocket upgrade and reports the HTTP status the server answered with: 101 when it upgraded,
 * the refusal's status otherwise, or 'destroyed' when it dropped the connection without a word.
 */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number | 'destroyed'> {
  return new Promise((resolve) => {
    const req = httpRequest(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        ...headers,
      },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    req.on('error', () => {
      resolve('destroyed');
    });
    req.end();
  });
}
