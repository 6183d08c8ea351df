import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';

/**
 * A `ws` server that stops reading a connection as soon as `ws` has refused what it sent: a message over
 * `maxPayload` (announced in a frame header, refused before its payload is buffered) or a malformed frame.
 *
 * Left to itself, `ws` sends its close frame and then keeps reading, and discarding, whatever the client sends
 * until the client answers the close or 30 seconds pass. A client that announces a 100 MiB frame and keeps
 * streaming is read to the end: the memory comes back, but only once the garbage is collected, and the process
 * reads at full speed for nothing. Here the socket is paused instead (TCP holds the sender back), and destroyed as
 * soon as the close frame has been handed to the network, so the client still reads the close code.
 */
export class BoundedWebSocketServer<T extends typeof WebSocket = typeof WebSocket> extends WebSocketServer<T> {
  override handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    upgradeHead: Buffer,
    callback: (client: InstanceType<T>, request: IncomingMessage) => void,
  ): void {
    super.handleUpgrade(request, socket, upgradeHead, (client, upgraded) => {
      stopReadingOnRefusal(client, socket);
      callback(client, upgraded);
    });
  }
}

/** Pauses and then destroys `socket` once `ws` reports a refused frame on `client`. */
function stopReadingOnRefusal(client: WebSocket, socket: Duplex): void {
  client.once('error', () => {
    // `ws` has removed its data listener, queued a `resume()` of the socket for the next tick (so that it can see
    // the client's close frame) and started its close. Pausing on the tick after undoes that resume.
    process.nextTick(() => {
      socket.pause();
    });
    // `ws` ends the socket once its close frame is written; 'finish' means it has left for the network.
    socket.once('finish', () => {
      socket.destroy();
    });
  });
}
