import { addEvidence, CollabMessageType, CollabQuery, readEvidence } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import type postgres from 'postgres';
import * as Y from 'yjs';
import { isUpdateMessage, SaveTracker } from '../../web/src/lib/realtime/save-tracker.ts';
import { WebsocketProvider } from 'y-websocket';
import { WebSocket } from 'ws';

/** What the document page would show for this part (web/src/lib/collab/document-connection.svelte.ts). */
export type EditorSaveStatus = 'saving' | 'saved' | 'offline' | 'offlineUnsaved';

/**
 * A y-websocket editor that tracks durability exactly as the browser does (the web app's `SaveTracker` on the
 * durable acknowledgements), and remembers which of its evidence entries were confirmed: an entry is confirmed
 * once the server acknowledged, on the socket that carried it, the message that carried it. A confirmed entry
 * is one the person saw "All changes saved" for; the fault tests check that none of those is ever lost.
 */
export class HeadlessEditor {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  readonly tracker = new SaveTracker();
  /** Labels of every entry this editor added, in order. */
  readonly added: string[] = [];
  /** Close codes of every socket the server closed. */
  readonly closeCodes: number[] = [];
  /** Labels the server acknowledged as durable. */
  readonly confirmed = new Set<string>();
  /** Number of the current socket (1 for the first). */
  readonly #sockets = { current: 0 };
  readonly #pending: { label: string; socket: number; seq: number }[] = [];

  /** Who the ticket belongs to: the server refuses evidence attributed to anyone else. */
  readonly #author: { id: string; name: string };

  constructor(url: string, documentName: string, ticket: string, author: { id: string; name: string }) {
    this.#author = author;
    const { tracker } = this;
    const sockets = this.#sockets;
    class CountingWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols);
        sockets.current += 1;
        tracker.newSocket();
      }

      override send(data: unknown): void {
        if (isUpdateMessage(data)) {
          tracker.sentUpdate();
        }
        super.send(data as Uint8Array);
      }
    }
    this.provider = new WebsocketProvider(url, documentName, this.doc, {
      WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
      params: { [CollabQuery.ticket]: ticket, [CollabQuery.acks]: '1' },
      disableBc: true,
      maxBackoffTime: 300,
    });
    this.provider.messageHandlers[CollabMessageType.durableAck] = (_encoder, decoder) => {
      const acked = decoding.readVarUint(decoder);
      this.tracker.ack(acked);
      for (let index = this.#pending.length - 1; index >= 0; index--) {
        const entry = this.#pending[index];
        if (entry && entry.socket === this.#sockets.current && entry.seq <= acked) {
          this.confirmed.add(entry.label);
          this.#pending.splice(index, 1);
        }
      }
    };
    this.provider.on('connection-close', (event) => {
      if (event) {
        this.closeCodes.push(event.code);
      }
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) {
        this.tracker.localChange(this.provider.wsconnected);
      }
    });
  }

  get saveStatus(): EditorSaveStatus {
    if (this.provider.wsconnected) {
      return this.tracker.dirty ? 'saving' : 'saved';
    }
    return this.tracker.dirty ? 'offlineUnsaved' : 'offline';
  }

  synced(): Promise<void> {
    return this.provider.synced
      ? Promise.resolve()
      : new Promise((resolve) => {
          const onSync = (state: boolean) => {
            if (state) {
              this.provider.off('sync', onSync);
              resolve();
            }
          };
          this.provider.on('sync', onSync);
        });
  }

  /** Adds one evidence entry whose observation is `label`. */
  add(label: string): void {
    const before = this.tracker.sent;
    addEvidence(this.doc, {
      activityType: 'learning_walk',
      reviewerId: this.#author.id,
      reviewerName: this.#author.name,
      observation: label,
    });
    this.added.push(label);
    // Sent at once on an open socket: its acknowledgement confirms it. Otherwise it travels in a later sync step 2.
    if (this.tracker.sent > before) {
      this.#pending.push({ label, socket: this.#sockets.current, seq: this.tracker.sent });
    }
  }

  /** Observations of every evidence entry this editor's copy holds. */
  labels(): string[] {
    return readEvidence(this.doc).map((entry) => entry.observation);
  }

  destroy(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}

/** The labels of `expected` that `doc` lacks: the checker every fault test runs. */
export function missingLabels(expected: Iterable<string>, doc: Y.Doc): string[] {
  const present = new Set(readEvidence(doc).map((entry) => entry.observation));
  return [...expected].filter((label) => !present.has(label));
}

/** A document as PostgreSQL holds it (snapshot plus log), read with plain SQL into a fresh `Y.Doc`. */
export async function storedDocument(sql: postgres.Sql, name: string): Promise<Y.Doc> {
  const rows = await sql<{ data: Uint8Array }[]>`
    select snapshot as data from collab_documents where name = ${name}
    union all
    select data from collab_updates where name = ${name}`;
  const doc = new Y.Doc();
  for (const row of rows) {
    Y.applyUpdate(doc, row.data);
  }
  return doc;
}
