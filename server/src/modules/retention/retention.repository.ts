import type { ReviewState } from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';

/** A closed review whose content is still kept, with what the retention rules read. */
export interface RetentionCandidate {
  id: string;
  hostSchoolId: string;
  hostSchoolName: string;
  academicYear: string;
  state: ReviewState;
  closedAt: Date | null;
  contentRetentionMonths: number;
  deletionNoticeSentAt: Date | null;
  contentDeletionStartedAt: Date | null;
  contentDeletedAt: Date | null;
}

/** A safeguarding concern's record whose school deletes them after a time. */
export interface SafeguardingRecord {
  id: string;
  schoolId: string;
  raisedAt: Date;
  retentionMonths: number;
}

/** What one review's content deletion changed, counted (never the words). */
export type DeletedCounts = Record<string, number>;

/** All SQL of the retention pass (docs/data-protection.md "Retention"). */
export class RetentionRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /**
   * Takes the day's pass for this process: true when it inserted the day's row, or took over a pass that started
   * more than an hour before `at` and never finished (its process stopped). Every other caller gets false.
   */
  async claimRun(day: string, at: Date, by: string): Promise<boolean> {
    const rows = await this.#sql`
      insert into retention_runs (day, started_at, by) values (${day}, ${at}, ${by})
      on conflict (day) do update set started_at = excluded.started_at, by = excluded.by
        where retention_runs.finished_at is null
          and retention_runs.started_at < excluded.started_at - interval '1 hour'
      returning day`;
    return rows.length === 1;
  }

  async finishRun(
    day: string,
    at: Date,
    done: { notices: number; reviewsDeleted: number; safeguardingDeleted: number },
  ): Promise<void> {
    await this.#sql`
      update retention_runs set finished_at = ${at}, notices = ${done.notices},
        reviews_deleted = ${done.reviewsDeleted}, safeguarding_deleted = ${done.safeguardingDeleted}
      where day = ${day}`;
  }

  /** Closed reviews whose content is still kept (those whose deletion started and did not finish included). */
  async candidates(): Promise<RetentionCandidate[]> {
    return this.#sql<RetentionCandidate[]>`
      select r.id, r.host_school_id, s.name as host_school_name, r.academic_year, r.state,
        p.content_retention_months, r.deletion_notice_sent_at, r.content_deletion_started_at, r.content_deleted_at,
        (select max(t.at) from review_transitions t where t.review_id = r.id and t.to_state = 'closed') as closed_at
      from reviews r join partnerships p on p.id = r.partnership_id join schools s on s.id = r.host_school_id
      where r.state = 'closed' and r.content_deleted_at is null
      order by r.id`;
  }

  /** Marks the notice as sent, once: false when it already was (by this process or another). */
  async claimNotice(reviewId: string, at: Date, tx: Queryable): Promise<boolean> {
    const rows = await tx`
      update reviews set deletion_notice_sent_at = ${at}
      where id = ${reviewId} and deletion_notice_sent_at is null returning id`;
    return rows.length === 1;
  }

  /** Gives a claimed notice back when it could not be sent, so the next pass sends it. */
  async releaseNotice(reviewId: string, at: Date): Promise<void> {
    await this.#sql`
      update reviews set deletion_notice_sent_at = null where id = ${reviewId} and deletion_notice_sent_at = ${at}`;
  }

  async hostHeads(reviewId: string): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select user_id from review_members where review_id = ${reviewId} and role = 'host_headteacher'`;
    return rows.map((r) => r.userId);
  }

  /** From here on the review's content is closed to everyone, whatever else happens (committed at once). */
  async startDeletion(reviewId: string, at: Date): Promise<void> {
    await this.#sql`
      update reviews set content_deletion_started_at = coalesce(content_deletion_started_at, ${at})
      where id = ${reviewId}`;
  }

  /** Locks the review for its deletion: false when another pass deleted its content meanwhile. */
  async lockUndeleted(reviewId: string, tx: Tx): Promise<boolean> {
    const rows = await tx`
      select id from reviews where id = ${reviewId} and content_deleted_at is null for update`;
    return rows.length === 1;
  }

  /**
   * The names of the review's live documents: every part of the enquiry document, every workshop board's two
   * documents, and any other stored document under the review's prefix.
   */
  async documentNames(reviewId: string, parts: readonly string[], tx: Queryable = this.#sql): Promise<string[]> {
    const prefix = `${reviewId}.`;
    const boards = await tx<{ id: string }[]>`
      select b.id from workshop_boards b join workshops w on w.session_id = b.session_id where w.review_id = ${reviewId}`;
    const stored = await tx<{ name: string }[]>`
      select name from collab_documents where left(name, ${prefix.length}) = ${prefix}`;
    return [
      ...new Set([
        ...parts.map((part) => `${prefix}${part}`),
        ...boards.flatMap((b) => [`${prefix}board.${b.id}.notes`, `${prefix}board.${b.id}.layout`]),
        ...stored.map((s) => s.name),
      ]),
    ];
  }

  /**
   * Deletes a review's content in one transaction (see docs/data-protection.md "Retention" for what is kept and
   * why) and marks it deleted. Run again after a crash, it finds less to do and ends the same.
   */
  async deleteContent(reviewId: string, names: readonly string[], at: Date, tx: Tx): Promise<DeletedCounts> {
    const prefix = `${reviewId}.`;
    const count = async (query: PromiseLike<{ length: number }>) => (await query).length;
    // The one change a signature allows: its note (free text) is cleared, in this transaction only.
    await tx`select set_config('crosswalk.retention_erasing', 'on', true)`;
    const sessions = () => tx`select id from review_sessions where review_id = ${reviewId}`;
    const boards = () => tx`
      select b.id from workshop_boards b join workshops w on w.session_id = b.session_id where w.review_id = ${reviewId}`;
    const requests = () => tx`select id from support_requests where review_id = ${reviewId}`;
    const counts: DeletedCounts = {
      liveUpdates: await count(tx`delete from collab_updates where name = any(${names}) returning 1`),
      liveSnapshots: await count(tx`delete from collab_documents where name = any(${names}) returning 1`),
      // Who wrote under which Yjs client id: nothing left to attribute once the documents are gone.
      authorship: await count(tx`delete from collab_authors where name = any(${names}) returning 1`),
      quarantined: await count(
        tx`delete from collab_quarantine where left(name, ${prefix.length}) = ${prefix} returning 1`,
      ),
      versionParts: await count(tx`
        delete from document_version_parts
        where version_id in (select id from document_versions where review_id = ${reviewId}) returning 1`),
      commentThreads: await count(tx`delete from comment_threads where review_id = ${reviewId} returning 1`),
      suggestions: await count(tx`delete from review_suggestions where review_id = ${reviewId} returning 1`),
      reportSettings: await count(tx`delete from review_report_settings where review_id = ${reviewId} returning 1`),
      findingSharing: await count(tx`delete from finding_sharing where review_id = ${reviewId} returning 1`),
      actionNotes: await count(tx`
        delete from review_action_updates where review_id = ${reviewId} and to_status is null returning 1`),
      supportNotes: await count(tx`
        delete from support_updates where request_id in (${requests()}) and to_status is null returning 1`),
      commitments: await count(tx`
        delete from workshop_commitments where session_id in (${sessions()}) returning 1`),
      noteAuthors: await count(tx`delete from workshop_note_authors where board_id in (${boards()}) returning 1`),
      votes: await count(tx`delete from workshop_votes where board_id in (${boards()}) returning 1`),
      readinessChecks: await count(tx`
        delete from readiness_check_results where review_id = ${reviewId} returning 1`),
    };
    await tx`delete from readiness_check_links where review_id = ${reviewId}`;
    // Named versions keep their date and stage (a signature points at one); their words go.
    await tx`
      update document_versions set label = 'Deleted with the review''s content', fingerprint = null
      where review_id = ${reviewId}`;
    await tx`update review_sign_offs set note = null where review_id = ${reviewId} and note is not null`;
    await tx`update review_transitions set note = null where review_id = ${reviewId} and note is not null`;
    // Actions keep label, dates, owner's role and status (the board's counts); their words go.
    await tx`
      update review_actions set text = '', success_criteria = '', support_needed = '' where review_id = ${reviewId}`;
    await tx`update review_action_updates set note = null where review_id = ${reviewId} and note is not null`;
    await tx`update support_requests set what_is_needed = '' where review_id = ${reviewId}`;
    await tx`update support_offers set message = '', offered_by = '' where request_id in (${requests()})`;
    await tx`update support_updates set note = null where request_id in (${requests()}) and note is not null`;
    await tx`
      update impact_checkpoints set attendees = '', evidence = '', adjustments = ''
      where review_id = ${reviewId} and recorded_at is not null`;
    await tx`update workshops set broadcast = null where review_id = ${reviewId}`;
    await tx`update workshop_stages set guidance = '' where session_id in (${sessions()})`;
    await tx`
      update reviews set focus = null, content_deleted_at = ${at},
        content_deletion_started_at = coalesce(content_deletion_started_at, ${at})
      where id = ${reviewId}`;
    return counts;
  }

  /**
   * Live-document rows written back under a deleted review's names after its deletion (a process that held the
   * document and missed the announcement): deleted again by every pass for reviews deleted in the last days.
   */
  async sweepLateWrites(since: Date, parts: readonly string[]): Promise<number> {
    const deleted = await this.#sql<{ id: string }[]>`
      select id from reviews where content_deleted_at is not null and content_deleted_at >= ${since}`;
    let removed = 0;
    for (const { id } of deleted) {
      const names = await this.documentNames(id, parts);
      removed += (await this.#sql`delete from collab_updates where name = any(${names}) returning 1`).length;
      removed += (await this.#sql`delete from collab_documents where name = any(${names}) returning 1`).length;
    }
    return removed;
  }

  /** Records of safeguarding concerns at schools that delete them after a time (the rule decides which are due). */
  async safeguardingRecords(): Promise<SafeguardingRecord[]> {
    return this.#sql<SafeguardingRecord[]>`
      select c.id, r.host_school_id as school_id, c.raised_at, s.safeguarding_retention_months as retention_months
      from safeguarding_concerns c
        join review_sessions rs on rs.id = c.session_id
        join reviews r on r.id = rs.review_id
        join schools s on s.id = r.host_school_id
      where s.safeguarding_retention_months is not null`;
  }

  async deleteSafeguardingRecords(ids: readonly string[], tx: Queryable = this.#sql): Promise<number> {
    return (await tx`delete from safeguarding_concerns where id = any(${ids}) returning 1`).length;
  }
}
