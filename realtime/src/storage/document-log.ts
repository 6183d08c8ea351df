import * as Y from 'yjs';
import type { RealtimeLogger } from '../types.ts';
import type { DocumentStore } from './document-store.ts';
import type { GroupCommit } from './group-commit.ts';
import type { UpdateMerger } from './update-merger.ts';

export interface DocumentLogContext {
  store: DocumentStore;
  commits: GroupCommit;
  merger: UpdateMerger;
  logger: RealtimeLogger;
  compactAfterRows: number;
  compactAfterBytes: number;
  /**
   * With several processes: publishes, once durable, what this process accepted (merged per group commit). Never
   * before: a process that received an update and then lost its origin to a crash before the commit would hold it
   * in memory only, and its author, syncing with that process on reconnecting, would not send it again.
   */
  publish?: (update: Uint8Array) => void;
}

/** What the store held of the document when it was (re)loaded. */
export interface LoadedSize {
  rows: number;
  logBytes: number;
  snapshotBytes: number;
}

/**
 * The write side of one live document: the updates it queued for the group commit, in ticket order, what of them
 * is durable, its size (for the document limit), when to compact, and what to publish to other processes once
 * durable. One queue holds all of it, so acknowledging, publishing and counting bytes cannot disagree.
 */
export class DocumentLog {
  readonly #name: string;
  readonly #context: DocumentLogContext;
  /** Group-commit ticket of the last update queued. */
  #lastTicket = 0;
  /** Stored bytes (snapshot plus log), as far as this process knows. */
  #storedBytes = 0;
  /** Durable rows in the store's log, as far as this process knows: what a compaction now merges at least. */
  #rows = 0;
  /** Bytes of updates in the log or queued for it, and of the durable part of them. */
  #logBytes = 0;
  #durableBytes = 0;
  /** Queued updates not durable yet, oldest first; `publish` is kept only when they go to other processes. */
  #undurable: { ticket: number; bytes: number; publish: Uint8Array | null }[] = [];
  #compaction: Promise<void> | null = null;
  /** The round asked for while a compaction ran, which starts when it ends. */
  #nextCompaction: Promise<void> | null = null;
  /** Work that must finish before a compaction starts (setting unappliable rows aside, a reload). */
  #before: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(name: string, context: DocumentLogContext, loaded: LoadedSize) {
    this.#name = name;
    this.#context = context;
    this.reset(loaded);
  }

  /** The ticket up to which this document's content is in the store or queued for it. */
  get lastTicket(): number {
    return this.#lastTicket;
  }

  get storedBytes(): number {
    return this.#storedBytes;
  }

  get hasPendingWrites(): boolean {
    return this.#lastTicket > this.#context.commits.durableTicket;
  }

  get hasLog(): boolean {
    return this.#rows > 0 || this.#undurable.length > 0;
  }

  /** A running compaction (and the round after it, if one was asked for), if any. */
  get compaction(): Promise<void> | null {
    return this.#nextCompaction ?? this.#compaction;
  }

  /** Counts what the store holds after a (re)load; queued updates are durable by then (the caller flushed). */
  reset(loaded: LoadedSize): void {
    this.#rows = loaded.rows;
    this.#logBytes = loaded.logBytes;
    this.#durableBytes = loaded.logBytes;
    this.#storedBytes = loaded.snapshotBytes + loaded.logBytes;
    this.#undurable = this.#undurable.filter((entry) => entry.ticket > this.#context.commits.durableTicket);
  }

  /** Compactions wait for this first. */
  waitBeforeCompacting(work: Promise<unknown>): void {
    this.#before = Promise.all([this.#before, work.catch(() => undefined)]);
  }

  /** Queues an accepted update for the store; returns its ticket. */
  append(update: Uint8Array): number {
    this.#lastTicket = this.#context.commits.append(this.#name, update);
    this.#undurable.push({
      ticket: this.#lastTicket,
      bytes: update.byteLength,
      publish: this.#context.publish ? update : null,
    });
    this.#logBytes += update.byteLength;
    this.#storedBytes += update.byteLength;
    return this.#lastTicket;
  }

  /** Another process stored an update this one applied: counted, so the size limit holds across processes. */
  countRemote(bytes: number): void {
    this.#storedBytes += bytes;
  }

  /**
   * After a group commit that wrote `rows` rows of this document: moves what became durable out of the queue,
   * publishes it, and compacts once the log is long enough. Returns the durable ticket.
   */
  onDurable(rows: number): number {
    this.#rows += rows;
    const durable = this.#context.commits.durableTicket;
    let count = 0;
    const toPublish: Uint8Array[] = [];
    for (const entry of this.#undurable) {
      if (entry.ticket > durable) {
        break;
      }
      this.#durableBytes += entry.bytes;
      if (entry.publish) {
        toPublish.push(entry.publish);
      }
      count += 1;
    }
    this.#undurable.splice(0, count);
    const [first] = toPublish;
    if (first && !this.#closed) {
      this.#context.publish?.(toPublish.length === 1 ? first : Y.mergeUpdates(toPublish));
    }
    if (this.#due()) {
      void this.compact();
    }
    return durable;
  }

  /**
   * Merges the stored log into the snapshot (one transaction in the store; a large merge on a worker thread).
   * Runs at most once at a time: a call while one runs asks for one more round after it, for the rows that became
   * durable after it started, if the log is still due (or, once closed, if anything is left). Failures are logged
   * and retried at the next trigger.
   */
  compact(): Promise<void> {
    if (!this.#compaction) {
      this.#compaction = this.#runCompaction().finally(() => {
        this.#compaction = null;
      });
      return this.#compaction;
    }
    this.#nextCompaction ??= this.#compaction.then(() => {
      this.#nextCompaction = null;
      const due = this.#closed ? this.#rows > 0 : this.#due();
      return due ? this.compact() : undefined;
    });
    return this.#nextCompaction;
  }

  /** Compacts now if the log is long enough (after a load). */
  compactIfDue(): void {
    if (this.#due()) {
      void this.compact();
    }
  }

  /** The document left memory: nothing more is published, and a last compaction merges whatever is left. */
  close(): void {
    this.#closed = true;
  }

  #due(): boolean {
    return this.#rows >= this.#context.compactAfterRows || this.#logBytes >= this.#context.compactAfterBytes;
  }

  async #runCompaction(): Promise<void> {
    await this.#before;
    // The store merges every row durable when it starts, and perhaps a few more: those are counted as still in
    // the log, which at worst brings the next compaction forward.
    const merging = this.#rows;
    const mergingBytes = this.#durableBytes;
    const started = performance.now();
    try {
      const result = await this.#context.store.compact(this.#name, (updates) => this.#context.merger.merge(updates));
      this.#rows = Math.max(0, this.#rows - merging);
      this.#logBytes = Math.max(0, this.#logBytes - mergingBytes);
      this.#durableBytes = Math.max(0, this.#durableBytes - mergingBytes);
      this.#storedBytes = result.snapshotBytes + this.#logBytes;
      this.#context.logger.debug(
        {
          documentName: this.#name,
          merged: result.mergedUpdates,
          loggedBefore: merging,
          snapshotBytes: result.snapshotBytes,
          ms: Math.round(performance.now() - started),
        },
        'collab document compacted',
      );
    } catch (error) {
      this.#context.logger.error({ err: error, documentName: this.#name }, 'collab compaction failed');
    }
  }
}
