import { CollabMessageType, CollabSyncStep } from '@crosswalk/shared';

/** Whether an outgoing frame is a sync step 2 or sync update: what the server counts as one `seq`. */
export function isUpdateMessage(data: unknown): boolean {
  const bytes = data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
  if (!bytes || bytes.length < 2) {
    return false;
  }
  return (
    bytes[0] === CollabMessageType.sync && (bytes[1] === CollabSyncStep.step2 || bytes[1] === CollabSyncStep.update)
  );
}

/**
 * Follows the durable acknowledgements of one connection (realtime/protocol.ts design note): counts the
 * update-bearing messages sent on the current socket, remembers the count that must be acknowledged for the
 * latest local change, and says whether every local change is stored on the server.
 */
export class SaveTracker {
  /** Update messages sent on the current socket. */
  sent = 0;
  /** The highest `durableAck` on the current socket. */
  acked = 0;
  /** The `seq` that must be acknowledged before the local changes are saved (0: none sent yet). */
  needed = 0;
  /** A local change is not yet known to be stored durably. */
  dirty = false;

  /** A new socket: its counters start again, and the sync handshake will resend anything the server lacks. */
  newSocket(): void {
    this.sent = 0;
    this.acked = 0;
    this.needed = 0;
  }

  /** An update message left on the current socket. */
  sentUpdate(): void {
    this.sent += 1;
    if (this.dirty) {
      this.needed = this.sent;
    }
  }

  /** A local change was made; `connected` when the provider has already sent it. */
  localChange(connected: boolean): void {
    this.dirty = true;
    this.needed = connected ? this.sent : 0;
  }

  ack(seq: number): void {
    this.acked = Math.max(this.acked, seq);
    if (this.dirty && this.needed > 0 && this.acked >= this.needed) {
      this.dirty = false;
      this.needed = 0;
    }
  }
}

/** The one save status a page shows, derived from every live document's durable acknowledgements. */
export type SaveStatus = 'connecting' | 'saving' | 'saved' | 'offline' | 'offlineUnsaved' | 'stopped';

export const SaveStatusLabel: Record<SaveStatus, string> = {
  connecting: 'Connecting…',
  saving: 'Saving…',
  saved: 'All changes saved',
  offline: 'Offline',
  offlineUnsaved: 'Offline — changes kept on this device',
  stopped: 'Not updating',
};

/** What the save status needs to know of one live document. */
export interface SaveState {
  connection: 'connecting' | 'connected' | 'disconnected';
  /** Local changes not yet stored durably on the server. */
  unsaved: boolean;
  /** It stopped for good (access removed, not found, signed out). */
  stopped: boolean;
}

/** The page's save status: `ready` once the documents are open (before that, and with none, it is connecting). */
export function saveStatus(ready: boolean, documents: readonly SaveState[]): SaveStatus {
  const live = documents.filter((d) => !d.stopped);
  if (ready && documents.length > 0 && live.length === 0) {
    return 'stopped';
  }
  if (!ready || live.length === 0) {
    return 'connecting';
  }
  const unsaved = live.some((d) => d.unsaved);
  if (live.every((d) => d.connection === 'connected')) {
    return unsaved ? 'saving' : 'saved';
  }
  if (unsaved) {
    return 'offlineUnsaved';
  }
  return live.some((d) => d.connection === 'disconnected') ? 'offline' : 'connecting';
}
