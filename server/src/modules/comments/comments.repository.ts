import type { CommentAnchor, DocumentPart } from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';

export interface ThreadRow {
  id: string;
  reviewId: string;
  part: DocumentPart;
  anchor: CommentAnchor;
  createdById: string;
  createdByName: string;
  createdAt: Date;
  resolvedById: string | null;
  resolvedByName: string | null;
  resolvedAt: Date | null;
}

export interface CommentRow {
  id: string;
  threadId: string;
  authorId: string;
  authorName: string;
  body: string;
  createdAt: Date;
}

/** Comment threads and their comments. Names come from the accounts as they are now. */
export class CommentsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** Threads of a review on the given parts (all of them, or one), oldest first. */
  async threads(reviewId: string, parts: readonly DocumentPart[], only?: string): Promise<ThreadRow[]> {
    if (parts.length === 0) {
      return [];
    }
    const sql = this.#sql;
    return sql<ThreadRow[]>`
      select t.id, t.review_id, t.part, t.anchor, t.created_by as created_by_id, c.display_name as created_by_name,
        t.created_at, t.resolved_by as resolved_by_id, r.display_name as resolved_by_name, t.resolved_at
      from comment_threads t
        join users c on c.id = t.created_by
        left join users r on r.id = t.resolved_by
      where t.review_id = ${reviewId} and t.part in ${sql(parts)} ${only ? sql`and t.id = ${only}` : sql``}
      order by t.created_at, t.id`;
  }

  async comments(threadIds: readonly string[]): Promise<CommentRow[]> {
    if (threadIds.length === 0) {
      return [];
    }
    return this.#sql<CommentRow[]>`
      select m.id, m.thread_id, m.author_id, u.display_name as author_name, m.body, m.created_at
      from comments m join users u on u.id = m.author_id
      where m.thread_id in ${this.#sql(threadIds)}
      order by m.created_at, m.id`;
  }

  /** The thread's review and part, with its row locked until the transaction ends. */
  async lockThread(
    reviewId: string,
    threadId: string,
    tx: Tx,
  ): Promise<{ part: DocumentPart; createdBy: string; resolved: boolean; replies: number } | undefined> {
    const [row] = await tx<{ part: DocumentPart; createdBy: string; resolved: boolean }[]>`
      select part, created_by, resolved_at is not null as resolved
      from comment_threads where id = ${threadId} and review_id = ${reviewId} for update`;
    if (!row) {
      return undefined;
    }
    const [count] = await tx<{ n: number }[]>`select count(*)::int as n from comments where thread_id = ${threadId}`;
    return { ...row, replies: count?.n ?? 0 };
  }

  async countThreads(reviewId: string, sql: Queryable = this.#sql): Promise<number> {
    const [row] = await sql<
      { n: number }[]
    >`select count(*)::int as n from comment_threads where review_id = ${reviewId}`;
    return row?.n ?? 0;
  }

  async insertThread(
    thread: { reviewId: string; part: DocumentPart; anchor: CommentAnchor; createdBy: string },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into comment_threads (review_id, part, anchor, created_by)
      values (${thread.reviewId}, ${thread.part}, ${sql.json(thread.anchor)}, ${thread.createdBy})
      returning id`;
    if (!row) {
      throw new Error('insert into comment_threads returned no row');
    }
    return row.id;
  }

  async insertComment(
    comment: { threadId: string; authorId: string; body: string },
    sql: Queryable = this.#sql,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into comments (thread_id, author_id, body)
      values (${comment.threadId}, ${comment.authorId}, ${comment.body})
      returning id`;
    if (!row) {
      throw new Error('insert into comments returned no row');
    }
    return row.id;
  }

  /** Resolves (with who) or reopens (null) a thread. */
  async setResolved(threadId: string, by: string | null, sql: Queryable = this.#sql): Promise<void> {
    await sql`
      update comment_threads
      set resolved_by = ${by}, resolved_at = case when ${by}::uuid is null then null else now() end
      where id = ${threadId}`;
  }
}
