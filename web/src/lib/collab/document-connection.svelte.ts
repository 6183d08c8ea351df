import {
  CloseCode,
  CollabMessageType,
  CollabQuery,
  type CollabAccess,
  type DocumentPart,
  DocumentParts,
} from '@crosswalk/shared';
import * as decoding from 'lib0/decoding';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, ApiError, messageOf } from '../api/client.ts';
import { registerOpenCopy } from '../managers/browser-copies.ts';
import { isUpdateMessage, SaveTracker } from './save-tracker.ts';

/** The one save status a page shows, derived from every part's durable acknowledgements. */
export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'offlineUnsaved' | 'stopped';

export const SaveStatusLabel: Record<SaveStatus, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline',
  offlineUnsaved: 'Offline — changes kept on this device',
  stopped: 'Not updating',
};

/** Someone with the document open: `user` comes from the server (their session), `section` from their editor. */
export interface Peer {
  clientId: number;
  userId: string;
  name: string;
  colour: string;
  section: string | null;
}

/** What to tell people when reconnecting cannot help. */
export const StopReason = {
  forbidden:
    'You no longer have access to this document, so it has stopped updating. Ask the Lead Reviewer if you think this is wrong.',
  notFound: 'This document could not be found, so it has stopped updating. It may have been removed.',
  signedOut: 'You have been signed out, so the document has stopped updating.',
} as const;

/** Close codes after which reconnecting cannot help. */
const STOP_REASON: Partial<Record<number, string>> = {
  [CloseCode.forbidden]: StopReason.forbidden,
  [CloseCode.notFound]: StopReason.notFound,
};

/** How long a connection attempt may take before it is abandoned and retried. */
const CONNECT_TIMEOUT_MS = 10_000;

/** Pause before reconnecting after a refused message. */
const RETRY_AFTER_MS = 3000;

/** Seconds before a ticket's expiry at which a fresh one is fetched for the next reconnect. */
const TICKET_MARGIN_SECONDS = 10;

/**
 * One part of the enquiry document (one Y.Doc), its connection, its local copy (none on a shared computer) and what
 * it says about saving.
 */
export class DocumentPartConnection {
  readonly part: DocumentPart;
  readonly name: string;
  readonly label: string;
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** The offline copy in IndexedDB; null when the person said this is a shared computer. */
  readonly local: IndexeddbPersistence | null;
  readonly #unregisterCopy: () => void;
  readonly tracker = new SaveTracker();

  connection = $state<'connecting' | 'connected' | 'disconnected'>('connecting');
  /** The server has sent its copy at least once on this page. */
  synced = $state(false);
  access = $state<'read' | 'write'>('read');
  /** Why the server refused an edit, if it did. */
  denied = $state<string | null>(null);
  /** Why the connection stopped for good, if it did. */
  stopped = $state<string | null>(null);
  /** Local changes not yet stored durably on the server. */
  unsaved = $state(false);
  /** Bumped on every change, so readers of the Y.Doc re-run. */
  version = $state(0);
  peers = $state<Peer[]>([]);

  constructor(
    url: string,
    ticket: string,
    document: CollabAccess['documents'][number],
    storagePrefix: string | null,
    onClosed: (part: DocumentPartConnection, code: number) => void,
  ) {
    this.part = document.section;
    this.name = document.name;
    this.label = document.label;
    this.access = document.access;
    const local =
      storagePrefix === null ? null : new IndexeddbPersistence(`${storagePrefix}${document.name}`, this.doc);
    this.local = local;
    this.#unregisterCopy = local ? registerOpenCopy(() => local.destroy()) : () => undefined;

    const tracker = this.tracker;
    const sync = () => {
      this.syncUnsaved();
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

    this.provider = new WebsocketProvider(url, document.name, this.doc, {
      WebSocketPolyfill: CountingWebSocket,
      params: { [CollabQuery.ticket]: ticket, [CollabQuery.acks]: '1' },
      disableBc: true,
    });
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
    this.provider.on('closed', ({ code }) => {
      onClosed(this, code);
    });
    this.doc.on('update', (_update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider && origin !== this.local) {
        tracker.localChange(this.provider.wsconnected);
        sync();
      }
      this.version += 1;
    });
    this.provider.awareness.on('change', () => {
      this.readPeers();
    });
  }

  private syncUnsaved(): void {
    this.unsaved = this.tracker.dirty;
  }

  private readPeers(): void {
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

/**
 * The live enquiry document of one review: one connection per part this person may open, fresh tickets when
 * the server asks for them, and one save status for the page.
 */
export class DocumentConnection {
  readonly reviewId: string;
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  parts = $state<Partial<Record<DocumentPart, DocumentPartConnection>>>({});
  section = $state<string | null>(null);
  /** The person's session ended while the document was open: they must sign in again. */
  signedOut = $state(false);
  /** Called once when the server ends the person's session (the `signedOut` close code, or a 401 for a ticket). */
  onSessionEnded: (() => void) | null = null;

  private access: CollabAccess | null = null;
  private expiresAt = 0;
  private destroyed = false;
  private refreshing: Promise<void> | null = null;

  constructor(reviewId: string) {
    this.reviewId = reviewId;
  }

  /** Opens every part; `storagePrefix` names their offline copies, null keeps none (a shared computer). */
  async open(storagePrefix: string | null): Promise<void> {
    try {
      const access = await this.fetchAccess();
      if (this.destroyed) {
        return;
      }
      const parts: Partial<Record<DocumentPart, DocumentPartConnection>> = {};
      for (const document of access.documents) {
        const part = new DocumentPartConnection(access.url, access.ticket, document, storagePrefix, (p, code) => {
          this.closed(p, code);
        });
        part.provider.on('connection-close', () => {
          if (Date.now() > this.expiresAt - TICKET_MARGIN_SECONDS * 1000) {
            void this.refreshTicket();
          }
        });
        parts[document.section] = part;
      }
      this.parts = parts;
      this.status = 'ready';
    } catch (caught) {
      this.error = messageOf(caught);
      this.status = 'error';
    }
  }

  private async fetchAccess(): Promise<CollabAccess> {
    const access = await api.get<CollabAccess>(`/reviews/${this.reviewId}/collab`);
    this.access = access;
    this.expiresAt = Date.now() + access.expiresIn * 1000;
    return access;
  }

  /**
   * Fetches a fresh ticket once, however many parts ask, and gives it to every connection. A part the new answer
   * no longer lists stops (access removed); if the session has ended, every part stops until the person signs in.
   */
  private refreshTicket(): Promise<void> {
    this.refreshing ??= this.fetchAccess()
      .then((access) => {
        for (const part of this.list) {
          part.provider.params[CollabQuery.ticket] = access.ticket;
          const granted = access.documents.find((d) => d.name === part.name);
          if (!granted) {
            this.stop(part, StopReason.forbidden);
          } else if (part.denied === null) {
            part.access = granted.access;
          }
        }
      })
      .catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.status === 401) {
          this.sessionEnded();
        } else if (caught instanceof ApiError && caught.status === 404) {
          for (const part of this.list) {
            this.stop(part, StopReason.forbidden);
          }
        }
        // Otherwise offline: the providers keep trying, and the next close asks again.
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  /** Stops one part for good: no more reconnecting, and the reason shown to the person. */
  private stop(part: DocumentPartConnection, reason: string): void {
    part.stopped ??= reason;
    part.provider.disconnect();
  }

  /** The session is over: every part stops, and the page is told (it clears the browser and asks to sign in). */
  private sessionEnded(): void {
    if (this.signedOut) {
      return;
    }
    this.signedOut = true;
    for (const part of this.list) {
      this.stop(part, StopReason.signedOut);
    }
    this.onSessionEnded?.();
  }

  private closed(part: DocumentPartConnection, code: number): void {
    if (code === CloseCode.signedOut) {
      this.sessionEnded();
      return;
    }
    const reason = STOP_REASON[code];
    if (reason) {
      this.stop(part, reason);
      return;
    }
    if (code === CloseCode.unauthorized) {
      // The ticket expired or was refused: fetch a new one and reconnect with it.
      void this.refreshTicket().then(() => {
        if (!this.destroyed && part.stopped === null) {
          part.provider.connect();
        }
      });
    } else {
      // Malformed, too large or too fast: try again after a pause rather than at once.
      setTimeout(() => {
        if (!this.destroyed) {
          part.provider.connect();
        }
      }, RETRY_AFTER_MS);
    }
  }

  get list(): DocumentPartConnection[] {
    return DocumentParts.map((p) => this.parts[p]).filter((p): p is DocumentPartConnection => p !== undefined);
  }

  part(name: DocumentPart): DocumentPartConnection | undefined {
    return this.parts[name];
  }

  get saveStatus(): SaveStatus {
    const live = this.list.filter((p) => p.stopped === null);
    if (this.status === 'ready' && this.list.length > 0 && live.length === 0) {
      return 'stopped';
    }
    if (this.status !== 'ready' || live.length === 0) {
      return 'connecting';
    }
    const unsaved = live.some((p) => p.unsaved);
    if (live.every((p) => p.connection === 'connected')) {
      return unsaved ? 'saving' : 'saved';
    }
    if (unsaved) {
      return 'offlineUnsaved';
    }
    return live.some((p) => p.connection === 'disconnected') ? 'offline' : 'connecting';
  }

  /** Everyone else here, once each, with the section they are in. */
  get peers(): Peer[] {
    const byUser: Record<string, Peer> = {};
    for (const part of this.list) {
      for (const peer of part.peers) {
        const known = byUser[peer.userId];
        if (!known || (!known.section && peer.section)) {
          byUser[peer.userId] = peer;
        }
      }
    }
    return Object.values(byUser).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Tells the others which section this person is working in. */
  setSection(section: string | null): void {
    if (this.section === section) {
      return;
    }
    this.section = section;
    for (const part of this.list) {
      part.provider.awareness.setLocalStateField('section', section);
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const part of this.list) {
      part.destroy();
    }
    this.parts = {};
  }
}
