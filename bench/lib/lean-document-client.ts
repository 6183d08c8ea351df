/**
 * A lean y-websocket client for load generation: the same messages on the wire as a `WebsocketProvider` (sync
 * step 1 on open, sync step 2 in answer to the server's step 1, awareness on open and renewed every 15 s, updates
 * as the person types), without a Y.Doc, an Awareness and two timers per connection. At a county's review day the
 * generator holds thousands of connections on the same two cores as the server, and a full provider each (every
 * update applied to every copy of every document) made the generator, not the server, the bottleneck.
 *
 * Only a typist keeps a Y.Doc, to make real Yjs updates: it takes the document in from the server's sync step 2
 * (kept from the join), so it types at the true end of its paragraph, and ignores what others type afterwards
 * (nobody else writes its paragraph). Everyone else only scans what arrives for edit tokens (`edit-tokens.ts`), as
 * `collab-load.ts` does.
 */
import { CollabMessageType, CollabQuery, CollabSyncStep, decodeDurableAck } from '../../shared/src/index.ts';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { recordArrivals, type Recorder } from './collab-load.ts';
import { editToken } from './edit-tokens.ts';

/** How often y-protocols' Awareness renews a client's own state (half its 30 s timeout). */
export const AWARENESS_RENEW_MS = 15_000;
/** Marks updates applied from the server, so the typist's update handler does not send them back. */
const FROM_SERVER = Symbol('from the server');

function syncMessage(step: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, CollabMessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** What a client with an empty document sends: its (empty) state vector, and an update with nothing in it. */
const EMPTY_STEP1 = syncMessage(CollabSyncStep.step1, Y.encodeStateVector(new Y.Doc()));
const EMPTY_STEP2 = syncMessage(CollabSyncStep.step2, Y.encodeStateAsUpdate(new Y.Doc()));

export class LeanDocumentClient {
  readonly #socket: WebSocket;
  readonly #recorder: Recorder;
  /** This client's number in the recorder (who typed an edit). */
  readonly index: number;
  readonly #clientId: number;
  readonly #awarenessState: string;
  #awarenessClock = 0;
  /** When the awareness state is next renewed (performance.now()). */
  nextAwarenessAt: number;
  /** The server's sync step 2 at the join, kept until it is known whether this client types. */
  #joinedWith: Uint8Array | null = null;
  readonly #mayType: boolean;
  /** The typist's document and paragraph; null for someone who only watches. */
  #doc: Y.Doc | null = null;
  #text: Y.Text | null = null;
  /** Update-bearing messages sent (the server acknowledges them by this count), and the edits awaiting it. */
  #seq = 0;
  #unacked: { seq: number; id: number }[] = [];
  #synced = false;
  /** The server closed the connection (or it failed) before the benchmark did: its arrivals are missing. */
  closedUnexpectedly = false;
  #closing = false;

  private constructor(socket: WebSocket, recorder: Recorder, mayType: boolean, section: string) {
    this.#socket = socket;
    this.#recorder = recorder;
    this.index = recorder.editors++;
    this.#clientId = Math.floor(Math.random() * 0xffffffff);
    this.#awarenessState = JSON.stringify({ section });
    this.nextAwarenessAt = performance.now() + AWARENESS_RENEW_MS;
    this.#mayType = mayType;
  }

  /** Makes this client the one typing into `paragraph` (it must have been opened with `mayType`). */
  startTyping(paragraph: string): void {
    if (!this.#joinedWith) {
      throw new Error('opened without mayType, or already typing');
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, this.#joinedWith, FROM_SERVER);
    this.#joinedWith = null;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== FROM_SERVER) {
        this.#send(syncMessage(CollabSyncStep.update, update), true);
      }
    });
    this.#doc = doc;
    this.#text = doc.getText(paragraph);
  }

  /** Forgets the join's document when this client will not type (it is only needed to start typing). */
  watchOnly(): void {
    this.#joinedWith = null;
  }

  /**
   * Opens `name` at `url` (the ticket answer's base URL) with durable acknowledgements, as the enquiry page does;
   * resolves once the server's sync step 2 has arrived. `mayType`: keep that step 2 for `startTyping`.
   */
  static async open(
    url: string,
    name: string,
    ticket: string,
    recorder: Recorder,
    { mayType, section }: { mayType: boolean; section: string },
  ): Promise<LeanDocumentClient> {
    const query = new URLSearchParams({ [CollabQuery.ticket]: ticket, [CollabQuery.acks]: '1' });
    const socket = new WebSocket(`${url}/${name}?${query.toString()}`);
    const client = new LeanDocumentClient(socket, recorder, mayType, section);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => {
        client.#send(EMPTY_STEP1, false);
        client.renewAwareness();
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary && client.#receive(data)) {
          resolve();
        }
      });
      socket.once('close', (code: number) => {
        client.closedUnexpectedly = !client.#closing;
        reject(new Error(`document ${name} closed with ${String(code)} before it synced`));
      });
      socket.once('error', reject);
    });
    return client;
  }

  /** Handles one message from the server; true when it was the sync step 2 that completes the join. */
  #receive(bytes: Uint8Array): boolean {
    const type = bytes[0];
    if (type === CollabMessageType.sync) {
      const step = bytes[1];
      if (step === CollabSyncStep.update) {
        recordArrivals(bytes, this.#recorder, this.index);
      } else if (step === CollabSyncStep.step1) {
        // The server asks what it lacks: nothing (every edit went out as it was made).
        this.#send(EMPTY_STEP2, true);
      } else if (step === CollabSyncStep.step2 && !this.#synced) {
        this.#synced = true;
        if (this.#mayType) {
          this.#joinedWith = readPayload(bytes);
        }
        return true;
      }
    } else if (type === CollabMessageType.durableAck) {
      this.#acknowledged(decodeDurableAck(bytes));
    }
    // Awareness from others: a browser shows it; the generator has no use for it.
    return false;
  }

  #acknowledged(seq: number | null): void {
    if (seq === null) {
      return;
    }
    const now = performance.now();
    let count = 0;
    for (const entry of this.#unacked) {
      if (entry.seq > seq) {
        break;
      }
      if (this.#recorder.measuring) {
        this.#recorder.durable.push(now - (this.#recorder.sentAt[entry.id] ?? now));
      }
      count += 1;
    }
    this.#unacked.splice(0, count);
  }

  #send(message: Uint8Array, bearsUpdate: boolean): void {
    if (this.#socket.readyState !== WebSocket.OPEN) {
      return;
    }
    if (bearsUpdate) {
      this.#seq += 1;
    }
    this.#socket.send(message);
  }

  /** Types one fresh token at the end of this typist's paragraph (see `edit-tokens.ts`). */
  type(): void {
    if (!this.#text) {
      throw new Error('only a typist types');
    }
    const recorder = this.#recorder;
    const id = recorder.next++;
    recorder.author[id] = this.index;
    recorder.sentAt[id] = performance.now();
    this.#text.insert(this.#text.length, editToken(id));
    this.#unacked.push({ seq: this.#seq, id });
  }

  /** Sends this client's awareness state with a new clock, as y-protocols' Awareness does when it renews it. */
  renewAwareness(now = performance.now()): void {
    this.nextAwarenessAt = now + AWARENESS_RENEW_MS;
    this.#awarenessClock += 1;
    const update = encoding.createEncoder();
    encoding.writeVarUint(update, 1);
    encoding.writeVarUint(update, this.#clientId);
    encoding.writeVarUint(update, this.#awarenessClock);
    encoding.writeVarString(update, this.#awarenessState);
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, CollabMessageType.awareness);
    encoding.writeVarUint8Array(message, encoding.toUint8Array(update));
    this.#send(encoding.toUint8Array(message), false);
  }

  close(): void {
    this.#closing = true;
    this.#socket.close();
    this.#doc?.destroy();
  }
}

/** The Yjs update inside a sync message. */
function readPayload(bytes: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(bytes);
  decoding.readVarUint(decoder);
  decoding.readVarUint(decoder);
  // A copy: the received frame may be a view of a larger read buffer.
  return decoding.readVarUint8Array(decoder).slice();
}
