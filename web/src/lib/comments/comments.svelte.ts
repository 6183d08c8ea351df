/**
 * The comment threads of one review's enquiry document, for the page that shows it: loaded over REST, fetched again
 * whenever the server says they changed (socket.io `comments.changed`, no timer), with the thread being written
 * (`draft`) and the thread in view (`active`). Rich-text fields register their editors here so the panel can move
 * to a passage, and the editors read the threads to highlight their passages.
 */
import type { CommentAnchor, CommentList, CommentThreadView, DocumentPart } from '@crosswalk/shared';
import { getContext, setContext } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import { api, messageOf } from '../api/client.ts';
import { createSessionSocket, type SessionSocket } from '../realtime/session-socket.ts';

/** What a rich-text field offers the panel: show a passage (select it and scroll to it). */
export interface PassageEditor {
  show(anchor: { start: string; end: string }): boolean;
}

export interface CommentDraft {
  part: DocumentPart;
  anchor: CommentAnchor;
  /** Where focus goes back to when the draft is cancelled. */
  returnFocus?: HTMLElement | null;
}

export class CommentsManager {
  readonly reviewId: string;
  threads = $state<CommentThreadView[]>([]);
  parts = $state<CommentList['parts']>([]);
  status = $state<'loading' | 'ready' | 'error'>('loading');
  error = $state<string | null>(null);
  showResolved = $state(false);
  draft = $state<CommentDraft | null>(null);
  active = $state<string | null>(null);
  /** Bumped when a thread should take focus in the panel (the panel focuses the active thread's heading). */
  focusRequest = $state(0);
  readonly #editors = new SvelteMap<string, PassageEditor>();
  #socket: SessionSocket | null = null;
  #loading: Promise<void> | null = null;
  #again = false;
  #loaded = false;

  constructor(reviewId: string) {
    this.reviewId = reviewId;
  }

  /** Loads the threads and follows the review's changes until `destroy`. */
  open(): void {
    void this.load();
    const socket = createSessionSocket();
    this.#socket = socket;
    const follow = () => {
      socket.emit('comments.follow', { reviewId: this.reviewId }, () => undefined);
    };
    socket.on('connect', () => {
      follow();
      // Changes made while disconnected were not heard: fetch again.
      void this.load();
    });
    socket.on('comments.changed', ({ reviewId }) => {
      if (reviewId === this.reviewId) {
        void this.load();
      }
    });
  }

  destroy(): void {
    this.#socket?.disconnect();
    this.#socket = null;
  }

  /** Fetches the threads; a change heard while fetching fetches once more afterwards. */
  async load(): Promise<void> {
    if (this.#loading) {
      this.#again = true;
      return this.#loading;
    }
    this.#loading = (async () => {
      do {
        try {
          const list = await api.get<CommentList>(`/reviews/${this.reviewId}/comments`);
          this.threads = list.threads;
          this.parts = list.parts;
          this.status = 'ready';
          this.error = null;
          this.#loaded = true;
        } catch (caught) {
          this.error = messageOf(caught);
          if (!this.#loaded) {
            this.status = 'error';
          }
        }
      } while (this.#takeAgain());
    })();
    try {
      await this.#loading;
    } finally {
      this.#loading = null;
    }
  }

  /** Whether a change was heard during the last fetch (and forgets it). */
  #takeAgain(): boolean {
    const again = this.#again;
    this.#again = false;
    return again;
  }

  canComment(part: DocumentPart): boolean {
    return this.parts.some((p) => p.part === part && p.canComment);
  }

  /** Threads of one passage field (open ones; resolved ones too while "show resolved" is on). */
  passagesIn(field: string): CommentThreadView[] {
    return this.visible.filter((t) => t.anchor.kind === 'passage' && t.anchor.field === field);
  }

  /** Open threads on a record, for its Comment button. */
  threadsOn(recordId: string): CommentThreadView[] {
    return this.threads.filter(
      (t) => t.anchor.kind === 'record' && t.anchor.recordId === recordId && t.resolvedAt === null,
    );
  }

  get visible(): CommentThreadView[] {
    return this.showResolved ? this.threads : this.threads.filter((t) => t.resolvedAt === null);
  }

  startDraft(draft: CommentDraft): void {
    this.draft = draft;
    this.active = null;
  }

  cancelDraft(): void {
    const back = this.draft?.returnFocus;
    this.draft = null;
    back?.focus();
  }

  async saveDraft(body: string): Promise<void> {
    const draft = this.draft;
    if (!draft) {
      return;
    }
    const thread = await api.post<CommentThreadView>(`/reviews/${this.reviewId}/comments`, {
      part: draft.part,
      anchor: draft.anchor,
      body,
    });
    this.#put(thread);
    this.draft = null;
    this.activate(thread.id);
  }

  async reply(threadId: string, body: string): Promise<void> {
    this.#put(await api.post<CommentThreadView>(`/reviews/${this.reviewId}/comments/${threadId}/replies`, { body }));
  }

  async setResolved(threadId: string, resolved: boolean): Promise<void> {
    const action = resolved ? 'resolve' : 'reopen';
    this.#put(await api.post<CommentThreadView>(`/reviews/${this.reviewId}/comments/${threadId}/${action}`));
    if (resolved && !this.showResolved && this.active === threadId) {
      this.active = null;
    }
  }

  /** Shows a thread in the panel and moves focus to it (from a marker in the editor or a record's button). */
  activate(threadId: string): void {
    const thread = this.threads.find((t) => t.id === threadId);
    if (thread?.resolvedAt) {
      this.showResolved = true;
    }
    this.active = threadId;
    this.focusRequest += 1;
  }

  registerEditor(field: string, editor: PassageEditor): () => void {
    this.#editors.set(field, editor);
    return () => {
      if (this.#editors.get(field) === editor) {
        this.#editors.delete(field);
      }
    };
  }

  /** Moves to what a thread is about: selects its passage in the editor, or focuses its record. */
  goTo(thread: CommentThreadView): boolean {
    this.active = thread.id;
    if (thread.anchor.kind === 'passage') {
      return this.#editors.get(thread.anchor.field)?.show(thread.anchor) ?? false;
    }
    const target = document.getElementById(recordCommentButtonId(thread.anchor.recordId));
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
    return target !== null;
  }

  #put(thread: CommentThreadView): void {
    const index = this.threads.findIndex((t) => t.id === thread.id);
    this.threads = index < 0 ? [...this.threads, thread] : this.threads.with(index, thread);
  }
}

export const recordCommentButtonId = (recordId: string) => `comment-on-${recordId}`;

const KEY = Symbol('comments');

export function setComments(manager: CommentsManager): void {
  setContext(KEY, manager);
}

/** The page's comments, or undefined where the document is shown without them (e.g. in a session room). */
export function getComments(): CommentsManager | undefined {
  return getContext<CommentsManager | undefined>(KEY);
}

/** "Comment on “…” by Name, 2 replies": the words that name a thread wherever it is pointed to. */
export function threadName(thread: CommentThreadView): string {
  const replies = thread.comments.length - 1;
  const about =
    thread.anchor.kind === 'passage'
      ? `“${thread.anchor.quote}”`
      : `${RecordKindLabel[thread.anchor.record]} ${thread.anchor.label ?? ''}`.trim();
  const count = replies === 0 ? 'no replies' : replies === 1 ? '1 reply' : `${replies} replies`;
  const resolved = thread.resolvedAt ? ', resolved' : '';
  return `Comment on ${about} by ${thread.createdBy.displayName}, ${count}${resolved}`;
}

export const RecordKindLabel = { evidence: 'evidence entry', finding: 'finding', action: 'action' } as const;
