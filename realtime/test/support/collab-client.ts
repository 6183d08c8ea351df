import { CollabMessageType, CollabQuery, CollabSyncStep } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

/** A real y-websocket client (`WebsocketProvider` over `ws`) with what tests want to observe. */
export interface TestClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** The shared text every test edits: `doc.getText('content')`. */
  text: Y.Text;
  /** Update-bearing messages sent on the current socket (the `seq` of the last one). */
  readonly sentSeq: number;
  /** The highest `durableAck` received on the current socket. */
  readonly ackedSeq: number;
  /** Reasons of every "permission denied" auth message received. */
  readonly permissionDenied: string[];
  /** Close codes of every socket the server closed. */
  readonly closeCodes: number[];
  /** Every frame the server sent, with `keepFrames` (otherwise none). */
  readonly frames: Buffer[];
  /** Resolves once the provider has synced with the server. */
  synced(): Promise<void>;
  /** Makes a local edit and returns its `seq` on the current socket. */
  edit(change: (text: Y.Text) => void): number;
  destroy(): void;
}

export interface TestClientOptions {
  ticket?: string;
  acks?: boolean;
  /** Extra query parameters. */
  params?: Record<string, string>;
  /** Keep every frame the server sends (`frames`), to check what never goes over the wire. */
  keepFrames?: boolean;
}

/** Whether an outgoing frame is a sync step 2 or sync update (what the server counts as one `seq`). */
function isUpdateMessage(data: unknown): boolean {
  if (!(data instanceof Uint8Array) || data.length < 2) {
    return false;
  }
  return data[0] === CollabMessageType.sync && (data[1] === CollabSyncStep.step2 || data[1] === CollabSyncStep.update);
}

/**
 * Connects a client to `serverUrl/documentName`. BroadcastChannel is disabled: Node has one, and clients in one
 * process would otherwise sync with each other around the server.
 */
export function connectClient(serverUrl: string, documentName: string, options: TestClientOptions = {}): TestClient {
  const counters = { sent: 0, acked: 0 };
  const permissionDenied: string[] = [];
  const closeCodes: number[] = [];
  const frames: Buffer[] = [];

  /** Counts update messages per socket, as the protocol's design note asks editors to. */
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      counters.sent = 0;
      counters.acked = 0;
      if (options.keepFrames) {
        this.on('message', (data: Buffer) => frames.push(Buffer.from(data)));
      }
    }

    override send(data: unknown): void {
      if (isUpdateMessage(data)) {
        counters.sent += 1;
      }
      super.send(data as Uint8Array);
    }
  }

  const doc = new Y.Doc();
  const params: Record<string, string> = { ...options.params };
  if (options.ticket !== undefined) {
    params[CollabQuery.ticket] = options.ticket;
  }
  if (options.acks) {
    params[CollabQuery.acks] = '1';
  }
  const provider = new WebsocketProvider(serverUrl, documentName, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
    maxBackoffTime: 200,
  });
  provider.messageHandlers[CollabMessageType.durableAck] = (_encoder, decoder) => {
    counters.acked = Math.max(counters.acked, decoding.readVarUint(decoder));
  };
  provider.messageHandlers[CollabMessageType.auth] = (_encoder, decoder) => {
    decoding.readVarUint(decoder);
    permissionDenied.push(decoding.readVarString(decoder));
  };
  provider.on('connection-close', (event) => {
    if (event) {
      closeCodes.push(event.code);
    }
  });
  const text = doc.getText('content');
  return {
    doc,
    provider,
    text,
    get sentSeq() {
      return counters.sent;
    },
    get ackedSeq() {
      return counters.acked;
    },
    permissionDenied,
    closeCodes,
    frames,
    synced: () =>
      provider.synced
        ? Promise.resolve()
        : new Promise((resolve) => {
            const onSync = (state: boolean) => {
              if (state) {
                provider.off('sync', onSync);
                resolve();
              }
            };
            provider.on('sync', onSync);
          }),
    edit(change) {
      change(text);
      return counters.sent;
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}
