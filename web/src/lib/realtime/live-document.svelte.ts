import { CollabMessageType, CollabQuery } from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { registerOpenCopy } from '../managers/browser-copies.ts';
import { closeAction, reconnectsAtOnce, StopMessage, type LiveSubject, type StopKind } from './close-policy.ts';
import { isUpdateMessage, saveStatus, SaveTracker, type SaveStatus } from './save-tracker.ts';
import type { TicketAnswer, TicketSource } from './ticket-source.ts';

/** Someone with the document open: `user` comes from the server (their session), `section` from their editor. */
export interface Peer {
  clientId: number;
  userId: string;
  name: string;
  colour: string;
  section: string | null;
}

/** How long a connection attempt may take before it is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 10_000;

/** One live document to open. */
export interface LiveDocumentSpec {
  /** The document's name on the server (`/collab/<name>`). */
  name: string;
  /** Its name for people (in stop messages). */
  label: string;
  access: 'read' | 'write';
  /** The IndexedDB database of its offline copy; null keeps none (a shared computer, or nothing worth keeping). */
  offlineCopy: string | null;
  /** Whether this person's presence is shared; without it the awareness state is null (nothing ties them to edits). */
  presence: boolean;
  /** The Y.Doc to connect, when the owner made it already; otherwise a new one. Destroyed with the live document. */
  doc?: Y.Doc;
}

/**
 * One live document (one Y.Doc) in the browser: its connection to the live-document server, its offline copy (if
 * any) and what it says about saving. A `LiveDocuments` set opens it and applies the close-code policy.
 */
export class LiveDocument {
  readonly name: string;
  readonly label: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  /** The offline copy in IndexedDB; null when none is kept. */
  readonly local: IndexeddbPersistence | null;
  readonly tracker = new SaveTracker();
  readonly #unregisterCopy: () => void;

  connection = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  /** The server has sent its copy at least once on this page. */
  synced = $state(false);
  access = $state<'read' | 'write'>('read');
  /** Why the server refused an edit, if it did. */
  denied = $state<string | null>(null);
  /** Why the connection stopped for good, if it did (in words for the person). */
  stopped = $state<string | null>(null);
  /** Local changes not yet stored durably on the server. */
  unsaved = $state(false);
  /** Bumped on every change, so readers of the Y.Doc re-run. */
  version = $state(0);
  peers = $state<Peer[]>([]);

  constructor(url: string, ticket: string, spec: LiveDocumentSpec) {
    this.name = spec.name;
    this.doc = spec.doc ?? new Y.Doc();
    this.label = spec.label;
    this.access = spec.access;
    const offlineCopy = spec.offlineCopy;
    const local = offlineCopy === null ? null : new IndexeddbPersistence(offlineCopy, this.doc);
    this.local = local;
    this.#unregisterCopy = local ? registerOpenCopy(() => local.destroy()) : () => undefined;

    const tracker = this.tracker;
    const sync = () => {
      this.unsaved = tracker.dirty;
    };
    /** Counts the update messages sent on each socket, as the protocol's design note asks editors to. */
    class CountingWebSocket extends WebSocket {
      constructor(address: string | URL, protocols?: string | string[]) {
        super(address, protocols);
        tracker.newSocket();
        // A connection attempt that hangs (no answer and no error) would stop the provider retrying: give up on it.
        setTimeout(() => {
          if (this.readyState === WebSocket.CONNECTING) {
            this.close();
          }
        }, CONNECT_TIMEOUT_MS);
      }

      override send(data: Parameters<WebSocket['send']>[0]): void {
        if (isUpdateMessage(data)) {
          tracker.sentUpdate();
          sync();
        }
        super.send(data);
      }
    }

    this.provider = new WebsocketProvider(url, spec.name, this.doc, {
      WebSocketPolyfill: CountingWebSocket,
      params: { [CollabQuery.ticket]: ticket, [CollabQuery.acks]: '1' },
      disableBc: true,
      shouldReconnect: (event) => reconnectsAtOnce(event.code),
    });
    if (!spec.presence) {
      this.provider.awareness.setLocalState(null);
    }
    this.provider.messageHandlers[CollabMessageType.durableAck] = (_encoder, decoder) => {
      tracker.ack(decoding.readVarUint(decoder));
      sync();
    };
    this.provider.messageHandlers[CollabMessageType.auth] = (_encoder, decoder) => {
      decoding.readVarUint(decoder);
      this.denied = decoding.readVarString(decoder) || 'You can read this part but not change it.';
      this.access = 'read';
    };
    this.provider.on('status', ({ status }) => {
      this.connection = status;
    });
    this.provider.on('sync', (state) => {
      if (state) {
        this.synced = true;
      }
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider && origin !== this.local) {
        tracker.localChange(this.provider.wsconnected);
        sync();
      }
      this.version += 1;
    });
    this.provider.awareness.on('change', () => {
      this.#readPeers();
    });
  }

  #readPeers(): void {
    const peers: Peer[] = [];
    for (const [clientId, state] of this.provider.awareness.getStates()) {
      const user = state['user'] as { name?: unknown; colour?: unknown; userId?: unknown } | undefined;
      if (clientId === this.doc.clientID || typeof user?.userId !== 'string') {
        continue;
      }
      peers.push({
        clientId,
        userId: user.userId,
        name: typeof user.name === 'string' ? user.name : 'Someone',
        colour: typeof user.colour === 'string' ? user.colour : '#555',
        section: typeof state['section'] === 'string' ? state['section'] : null,
      });
    }
    this.peers = peers;
  }

  /** Reads the document so that the caller re-runs on every change. */
  read<T>(reader: (doc: Y.Doc, version: number) => T): T {
    return reader(this.doc, this.version);
  }

  get readOnly(): boolean {
    return this.access === 'read' || this.stopped !== null;
  }

  destroy(): void {
    this.#unregisterCopy();
    this.provider.destroy();
    void this.local?.destroy();
    this.doc.destroy();
  }
}

export interface LiveDocumentsOptions<A extends TicketAnswer> {
  /** What the documents are part of, for the words people see when one stops. */
  subject: LiveSubject;
  /** Every fresh answer (after a refresh): the owner applies what it says about access. */
  onAccess?: (answer: A) => void;
  /** A document stopped for good. */
  onStopped?: (document: LiveDocument, reason: StopKind) => void;
  /** The sign-in session ended (close code `signedOut`, or 401 for a ticket): clear the browser, show sign-in. */
  onSignInEnded: () => void;
}

/**
 * The browser's one live-document client: the documents a page has open, sharing one ticket source, one
 * close-code policy (close-policy.ts) and one save status. The enquiry document and the workshop boards both use it.
 */
export class LiveDocuments<A extends TicketAnswer> {
  readonly tickets: TicketSource<A>;
  readonly #options: LiveDocumentsOptions<A>;
  list = $state<LiveDocument[]>([]);
  /** The person's session ended while the documents were open: they must sign in again. */
  signedOut = $state(false);
  #destroyed = false;
  /** Pending reconnects after a pause, cleared on destroy (not reactive). */
  #timers: ReturnType<typeof setTimeout>[] = [];

  constructor(tickets: TicketSource<A>, options: LiveDocumentsOptions<A>) {
    this.tickets = tickets;
    this.#options = options;
  }

  /** Whether `destroy` was called (the page left): nothing more opens. */
  get destroyed(): boolean {
    return this.#destroyed;
  }

  /** Opens one document with the current ticket. */
  open(spec: LiveDocumentSpec): LiveDocument {
    const answer = this.tickets.answer;
    if (!answer || this.#destroyed) {
      throw new Error('Open the ticket source first, and no document after destroy.');
    }
    const document = new LiveDocument(answer.url, answer.ticket, spec);
    document.provider.on('connection-close', () => {
      if (this.tickets.expiresSoon) {
        void this.refresh();
      }
    });
    document.provider.on('closed', ({ code }) => {
      this.#closed(document, code);
    });
    this.list = [...this.list, document];
    return document;
  }

  /**
   * Fetches a fresh ticket (once, however many ask) and gives it to every document for its next connection; the
   * owner applies the access it grants. If the session has ended every document stops until the person signs in;
   * if access is gone they all stop.
   */
  async refresh(): Promise<void> {
    const outcome = await this.tickets.refresh();
    if (this.#destroyed) {
      return;
    }
    switch (outcome.kind) {
      case 'fresh':
        for (const document of this.list) {
          document.provider.params[CollabQuery.ticket] = outcome.answer.ticket;
        }
        this.#options.onAccess?.(outcome.answer);
        return;
      case 'signedOut':
        this.#signInEnded();
        return;
      case 'gone':
        for (const document of this.list) {
          this.stop(document, 'forbidden');
        }
        return;
      case 'unreachable':
      // Offline: the providers keep trying, and the next close asks again.
    }
  }

  /** Stops one document for good: no more reconnecting, and the reason shown to the person. */
  stop(document: LiveDocument, reason: StopKind): void {
    if (document.stopped === null) {
      document.stopped = StopMessage[this.#options.subject][reason];
      this.#options.onStopped?.(document, reason);
    }
    document.provider.disconnect();
  }

  #signInEnded(): void {
    if (this.signedOut) {
      return;
    }
    this.signedOut = true;
    for (const document of this.list) {
      this.stop(document, 'signedOut');
    }
    this.#options.onSignInEnded();
  }

  #closed(document: LiveDocument, code: number): void {
    const action = closeAction(code);
    switch (action.kind) {
      case 'signOut':
        this.#signInEnded();
        return;
      case 'stop':
        this.stop(document, action.reason);
        return;
      case 'newTicket':
        void this.refresh().then(() => {
          if (!this.#destroyed && document.stopped === null) {
            document.provider.connect();
          }
        });
        return;
      case 'retryLater': {
        const timer = setTimeout(() => {
          this.#timers = this.#timers.filter((t) => t !== timer);
          if (!this.#destroyed && document.stopped === null) {
            document.provider.connect();
          }
        }, action.afterMs);
        this.#timers.push(timer);
        return;
      }
      case 'reconnect':
      // The provider reconnects by itself.
    }
  }

  /** Every document is connected and has the server's copy. */
  get synced(): boolean {
    return this.list.length > 0 && this.list.every((d) => d.synced);
  }

  get connected(): boolean {
    return this.list.length > 0 && this.list.every((d) => d.connection === 'connected');
  }

  /** The one save status of these documents; `ready` once the page has opened them all. */
  saveStatus(ready: boolean): SaveStatus {
    return saveStatus(
      ready,
      this.list.map((d) => ({ connection: d.connection, unsaved: d.unsaved, stopped: d.stopped !== null })),
    );
  }

  destroy(): void {
    this.#destroyed = true;
    for (const timer of this.#timers) {
      clearTimeout(timer);
    }
    this.#timers = [];
    for (const document of this.list) {
      document.destroy();
    }
    this.list = [];
  }
}
