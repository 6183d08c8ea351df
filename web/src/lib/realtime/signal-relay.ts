import type { SignalPayload } from '@crosswalk/shared';
import type { SessionSocket } from './session-socket.ts';

type SignalHandler = (from: string, payload: SignalPayload) => void;

/**
 * WebRTC signalling over the session socket. Offers can arrive between joining the room and the media transport
 * being ready (it waits for the media answer), so messages are held until a handler is registered. Nothing is
 * sent while disconnected: after reconnecting the connection id changes and old signalling would be meaningless.
 */
export class SignalRelay {
  #handler: SignalHandler | null = null;
  #held: { from: string; payload: SignalPayload }[] = [];
  readonly #socket: SessionSocket;

  constructor(socket: SessionSocket) {
    this.#socket = socket;
    socket.on('signal', ({ from, payload }) => {
      if (this.#handler) {
        this.#handler(from, payload);
      } else {
        this.#held.push({ from, payload });
      }
    });
  }

  send(to: string, payload: SignalPayload): void {
    if (this.#socket.connected) {
      this.#socket.emit('signal', { to, payload });
    }
  }

  /** Delivers held messages first, then every new one; returns the function that stops delivery. */
  subscribe(handler: SignalHandler): () => void {
    this.#handler = handler;
    for (const { from, payload } of this.#held.splice(0)) {
      handler(from, payload);
    }
    return () => {
      if (this.#handler === handler) {
        this.#handler = null;
      }
    };
  }

  /** Forgets everything held (leaving the room, or a new connection id). */
  reset(): void {
    this.#handler = null;
    this.#held = [];
  }
}
