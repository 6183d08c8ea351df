import {
  CommentLimits,
  DocumentParts,
  decideComment,
  decideResolve,
  mayReadComments,
  type Actor,
  type CommentList,
  type CommentReply,
  type CommentThreadCreate,
  type CommentThreadView,
  type DocumentPart,
  type Refusal,
} from '@crosswalk/shared';
import type { Sql, Tx } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { Conflict, NotFound, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { CommentRow, CommentsRepository, ThreadRow } from './comments.repository.ts';

/**
 * Threaded comments on the enquiry document. Each request is decided by the shared rules
 * (`shared/src/permissions/comments.ts`) against the review as it is now; who and when are the server's. A refusal is
 * logged and audited (never the comment's words), and every change is announced on the bus so open document pages
 * fetch the threads again.
 */
export class CommentsService {
  readonly #sql: Sql;
  readonly #reviews: ReviewsService;
  readonly #comments: CommentsRepository;
  readonly #audit: AuditRepository;
  readonly #events: Pick<EventBus, 'publish'>;
  readonly #logger: Logger;

  constructor(deps: {
    sql: Sql;
    reviews: ReviewsService;
    comments: CommentsRepository;
    audit: AuditRepository;
    events: Pick<EventBus, 'publish'>;
    logger: Logger;
  }) {
    this.#sql = deps.sql;
    this.#reviews = deps.reviews;
    this.#comments = deps.comments;
    this.#audit = deps.audit;
    this.#events = deps.events;
    this.#logger = deps.logger;
  }

  /** The threads on every part this person may read (404 for people who may not see the review). */
  async list(reviewId: string, actor: Actor): Promise<CommentList> {
    const view = await this.#reviews.view(reviewId, actor);
    const readable = DocumentParts.filter((part) => mayReadComments(view.access, part));
    const threads = await this.#threadViews(view, actor, await this.#comments.threads(reviewId, readable));
    return {
      threads,
      parts: readable.map((part) => {
        const decision = decideComment(view.access, part);
        return decision.ok ? { part, canComment: true } : { part, canComment: false, reason: decision.reason };
      }),
    };
  }

  /** Starts a thread with its first comment. */
  async start(reviewId: string, actor: Actor, input: CommentThreadCreate): Promise<CommentThreadView> {
    const view = await this.#reviews.view(reviewId, actor);
    const decision = decideComment(view.access, input.part);
    if (!decision.ok) {
      await this.#refuse(view, actor, input.part, decision, 'start');
    }
    const threadId = await this.#sql.begin(async (tx) => {
      if ((await this.#comments.countThreads(reviewId, tx)) >= CommentLimits.threadsPerReview) {
        throw new Conflict('This review has as many comment threads as it can hold. Resolve some, then try again.');
      }
      const id = await this.#comments.insertThread(
        { reviewId, part: input.part, anchor: input.anchor, createdBy: actor.userId },
        tx,
      );
      await this.#comments.insertComment({ threadId: id, authorId: actor.userId, body: input.body }, tx);
      return id;
    });
    this.#logger.info({ reviewId, threadId, part: input.part, anchor: input.anchor.kind }, 'comment thread started');
    return this.#changed(view, actor, threadId);
  }

  /** Adds a reply to a thread (replying to a resolved thread reopens nothing: it stays resolved until reopened). */
  async reply(reviewId: string, threadId: string, actor: Actor, input: CommentReply): Promise<CommentThreadView> {
    const view = await this.#reviews.view(reviewId, actor);
    // A refusal is returned from the transaction, not thrown in it: it is audited afterwards, never through the
    // global `sql` while the transaction holds the embedded database's one connection.
    const refused = await this.#sql.begin(async (tx) => {
      const thread = await this.#visibleThread(view, reviewId, threadId, tx);
      const decision = decideComment(view.access, thread.part);
      if (!decision.ok) {
        return { part: thread.part, decision };
      }
      if (thread.replies >= CommentLimits.repliesPerThread) {
        throw new Conflict('This thread has as many replies as it can hold. Start a new thread instead.');
      }
      await this.#comments.insertComment({ threadId, authorId: actor.userId, body: input.body }, tx);
      return null;
    });
    if (refused) {
      await this.#refuse(view, actor, refused.part, refused.decision, 'reply');
    }
    this.#logger.info({ reviewId, threadId }, 'comment reply added');
    return this.#changed(view, actor, threadId);
  }

  /** Resolves (`true`) or reopens (`false`) a thread. */
  async setResolved(reviewId: string, threadId: string, actor: Actor, resolved: boolean): Promise<CommentThreadView> {
    const view = await this.#reviews.view(reviewId, actor);
    const refused = await this.#sql.begin(async (tx) => {
      const thread = await this.#visibleThread(view, reviewId, threadId, tx);
      const decision = decideResolve(view.access, thread.part, thread, actor.userId);
      if (!decision.ok) {
        return { part: thread.part, decision };
      }
      if (thread.resolved !== resolved) {
        await this.#comments.setResolved(threadId, resolved ? actor.userId : null, tx);
      }
      return null;
    });
    if (refused) {
      await this.#refuse(view, actor, refused.part, refused.decision, resolved ? 'resolve' : 'reopen');
    }
    this.#logger.info(
      { reviewId, threadId, resolved },
      resolved ? 'comment thread resolved' : 'comment thread reopened',
    );
    return this.#changed(view, actor, threadId);
  }

  /** A thread of this review on a part this person may read, locked; otherwise 404 (they learn nothing of it). */
  async #visibleThread(view: ReviewView, reviewId: string, threadId: string, tx: Tx) {
    const thread = await this.#comments.lockThread(reviewId, threadId, tx);
    if (!thread || !mayReadComments(view.access, thread.part)) {
      throw new NotFound('comment thread');
    }
    return thread;
  }

  /** Throws the rule's refusal, after logging and auditing it (what was tried and why, never the words). */
  async #refuse(
    view: ReviewView,
    actor: Actor,
    part: DocumentPart,
    refusal: Refusal,
    attempt: 'start' | 'reply' | 'resolve' | 'reopen',
  ): Promise<never> {
    const reviewId = view.row.id;
    this.#logger.warn(
      { reviewId, part, attempt, userId: actor.userId, roles: view.roles, state: view.row.state },
      'comment refused',
    );
    await this.#audit.record({
      actorUserId: actor.userId,
      action: 'comment.refused',
      subjectId: reviewId,
      reviewId,
      detail: { part, attempt, state: view.row.state },
    });
    throw refusalOf(refusal);
  }

  async #changed(view: ReviewView, actor: Actor, threadId: string): Promise<CommentThreadView> {
    this.#events.publish('review.comments_changed', { reviewId: view.row.id });
    const [thread] = await this.#threadViews(
      view,
      actor,
      await this.#comments.threads(view.row.id, DocumentParts, threadId),
    );
    if (!thread) {
      throw new Error('a comment thread written just now could not be read back');
    }
    return thread;
  }

  async #threadViews(view: ReviewView, actor: Actor, rows: ThreadRow[]): Promise<CommentThreadView[]> {
    const comments = await this.#comments.comments(rows.map((row) => row.id));
    const byThread = new Map<string, CommentRow[]>();
    for (const comment of comments) {
      byThread.set(comment.threadId, [...(byThread.get(comment.threadId) ?? []), comment]);
    }
    return rows.map((row) => ({
      id: row.id,
      part: row.part,
      anchor: row.anchor,
      createdBy: { id: row.createdById, displayName: row.createdByName },
      createdAt: row.createdAt.toISOString(),
      resolvedBy: row.resolvedById ? { id: row.resolvedById, displayName: row.resolvedByName ?? '' } : null,
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      comments: (byThread.get(row.id) ?? []).map((c) => ({
        id: c.id,
        author: { id: c.authorId, displayName: c.authorName },
        body: c.body,
        createdAt: c.createdAt.toISOString(),
      })),
      canResolve: decideResolve(view.access, row.part, { createdBy: row.createdById }, actor.userId).ok,
    }));
  }
}
