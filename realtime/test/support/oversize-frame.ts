import { connect, type Socket } from 'node:net';

/** How a connection that announced an oversized frame ended. */
export interface OversizeOutcome {
  /** The code of the close frame the server sent, or null if none arrived. */
  closeCode: number | null;
  /** Payload bytes the client managed to hand to its socket before the connection ended. */
  payloadBytesWritten: number;
}

const CHUNK = new Uint8Array(64 * 1024);

/** A masked binary frame header (client frames must be masked) announcing `length` payload bytes. */
function frameHeader(length: number): Buffer {
  const header = Buffer.alloc(14);
  header[0] = 0x82; // FIN, binary
  header[1] = 0x80 | 127; // masked, 64-bit length
  header.writeBigUInt64BE(BigInt(length), 2);
  // A zero masking key, so the zero-filled payload stays zero.
  return header;
}

/** The close code in the first close frame among the unmasked server frames in `bytes`, if complete. */
function findCloseCode(bytes: Buffer): number | null {
  let offset = 0;
  while (offset + 2 <= bytes.length) {
    const opcode = (bytes[offset] ?? 0) & 0x0f;
    let length = (bytes[offset + 1] ?? 0) & 0x7f;
    let start = offset + 2;
    if (length === 126) {
      if (start + 2 > bytes.length) {
        return null;
      }
      length = bytes.readUInt16BE(start);
      start += 2;
    } else if (length === 127) {
      if (start + 8 > bytes.length) {
        return null;
      }
      length = Number(bytes.readBigUInt64BE(start));
      start += 8;
    }
    if (start + length > bytes.length) {
      return null;
    }
    if (opcode === 0x8) {
      return length >= 2 ? bytes.readUInt16BE(start) : 1005;
    }
    offset = start + length;
  }
  return null;
}

/**
 * Opens a WebSocket by hand on `path`, announces one frame of `length` bytes and streams zeros as fast as the
 * server takes them — a hostile client that never reads the server's close frame before carrying on — until the
 * server ends the connection or the whole payload is written. Resolves once the socket is closed.
 */
export function streamOversizeFrame(port: number, path: string, length: number): Promise<OversizeOutcome> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let received = Buffer.alloc(0);
    let upgraded = false;
    let payloadBytesWritten = 0;
    let closeCode: number | null = null;
    socket.on('error', () => {
      // ECONNRESET or EPIPE once the server gives up on us: the outcome is read on 'close'.
    });
    socket.on('close', () => {
      if (!upgraded) {
        reject(new Error(`upgrade refused: ${received.toString('latin1').split('\r\n')[0] ?? ''}`));
        return;
      }
      resolve({ closeCode, payloadBytesWritten });
    });
    const pump = () => {
      while (payloadBytesWritten < length && !socket.destroyed) {
        const size = Math.min(CHUNK.length, length - payloadBytesWritten);
        payloadBytesWritten += size;
        if (!socket.write(CHUNK.subarray(0, size))) {
          socket.once('drain', pump);
          return;
        }
      }
      // Everything announced is sent: nothing more to say.
      socket.end();
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (!upgraded) {
        const end = received.indexOf('\r\n\r\n');
        if (end === -1) {
          return;
        }
        if (!received.subarray(0, 12).toString('latin1').includes(' 101')) {
          socket.destroy();
          return;
        }
        upgraded = true;
        received = received.subarray(end + 4);
        socket.write(frameHeader(length));
        pump();
      }
      closeCode ??= findCloseCode(received);
    });
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
        'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
    );
  });
}
