import { type CollabTicketAnswer, type DocumentPart, DocumentParts } from '@crosswalk/shared';
import { api, messageOf } from '../api/client.ts';
import { StopMessage } from '../realtime/close-policy.ts';
import { LiveDocument, LiveDocuments, type Peer } from '../realtime/live-document.svelte.ts';
import type { SaveStatus } from '../realtime/save-tracker.ts';
import { TicketSource } from '../realtime/ticket-source.ts';

export type { Peer } from '../realtime/live-document.svelte.ts';
export { SaveStatusLabel, type SaveStatus } from '../realtime/save-tracker.ts';

/** One part of the enquiry document (one Y.Doc): a live document of the browser's one live-document client. */
export type DocumentPartConnection = LiveDocument;

/** What to tell people when reconnecting cannot help. */
export const StopReason = StopMessage.document;

/**
 * The live enquiry document of one review: one live document per part this person may open, fresh tickets when
 * the server asks for them, and one save status for the page.
 */
export class DocumentConnection {
  readonly reviewId: string;
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  parts = $state<Partial<Record<DocumentPart, DocumentPartConnection>>>({});
  section = $state<string | null>(null);
  /** Called once when the server ends the person's session (the `signedOut` close code, or a 401 for a ticket). */
  onSignInEnded: (() => void) | null = null;

  readonly #live: LiveDocuments<CollabTicketAnswer>;

  constructor(reviewId: string) {
    this.reviewId = reviewId;
    this.#live = new LiveDocuments(new TicketSource(() => api.get<CollabTicketAnswer>(`/reviews/${reviewId}/collab`)), {
      subject: 'document',
      onSignInEnded: () => {
        this.onSignInEnded?.();
      },
      // A part the new answer no longer lists stops (access removed); one still listed takes the access granted,
      // unless the server has already refused an edit on it.
      onAccess: (access) => {
        for (const part of this.list) {
          const granted = access.documents.find((d) => d.name === part.name);
          if (!granted) {
            this.#live.stop(part, 'forbidden');
          } else if (part.denied === null) {
            part.access = granted.access;
          }
        }
      },
    });
  }

  /** The person's session ended while the document was open: they must sign in again. */
  get signedOut(): boolean {
    return this.#live.signedOut;
  }

  /** Opens every part; `storagePrefix` names their offline copies, null keeps none (a shared computer). */
  async open(storagePrefix: string | null): Promise<void> {
    try {
      const access = await this.#live.tickets.open();
      if (this.#live.destroyed) {
        return;
      }
      const parts: Partial<Record<DocumentPart, DocumentPartConnection>> = {};
      for (const document of access.documents) {
        parts[document.section] = this.#live.open({
          name: document.name,
          label: document.label,
          access: document.access,
          offlineCopy: storagePrefix === null ? null : `${storagePrefix}${document.name}`,
          presence: true,
        });
      }
      this.parts = parts;
      this.status = 'ready';
    } catch (caught) {
      this.error = messageOf(caught);
      this.status = 'error';
    }
  }

  get list(): DocumentPartConnection[] {
    return DocumentParts.map((p) => this.parts[p]).filter((p): p is DocumentPartConnection => p !== undefined);
  }

  part(name: DocumentPart): DocumentPartConnection | undefined {
    return this.parts[name];
  }

  get saveStatus(): SaveStatus {
    return this.#live.saveStatus(this.status === 'ready');
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
    this.#live.destroy();
    this.parts = {};
  }
}
