import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  contentDeletionDate,
  contentDeletionDue,
  deletionNoticeDue,
  DocumentParts,
  londonDay,
  safeguardingRecordExpired,
  type RetentionPass,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { RetentionCandidate, RetentionRepository } from './retention.repository.ts';

export interface RetentionServiceDeps {
  sql: Sql;
  retention: RetentionRepository;
  audit: AuditRepository;
  notifications: Pick<NotificationsService, 'contentDeletionNotice'>;
  events: EventBus;
  logger: Logger;
}

/** How far back each pass looks for live-document rows written back after a deletion. */
const LATE_WRITES_DAYS = 7;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The daily retention pass (docs/data-protection.md "Retention"): tells host headteachers a month before a closed
 * review's content is deleted, deletes it when due (leaving a tombstone), and deletes records of safeguarding
 * concerns when their school's policy says. One process runs each day's pass (`retention_runs`); everything it does
 * is decided from the database's state, so a pass cut short is finished by the next one.
 */
export class RetentionService {
  readonly #deps: RetentionServiceDeps;
  readonly #by = `${hostname()}:${String(process.pid)}:${randomUUID().slice(0, 8)}`;
  /** Drops a review's live documents from this process's memory (set when it serves them). */
  #discardHere: (reviewId: string) => Promise<void> = () => Promise.resolve();

  constructor(deps: RetentionServiceDeps) {
    this.#deps = deps;
  }

  /** Given the live documents of this process, so deletion drops them here before deleting their rows. */
  attach(discardHere: (reviewId: string) => Promise<void>): void {
    this.#discardHere = discardHere;
  }

  /**
   * Runs the pass of `now`'s London day if no process has: null when another one has it (or had it), else what was
   * done. Called every few minutes by every process; tests call it with the time they choose.
   */
  async tick(now: Date): Promise<RetentionPass | null> {
    const { retention, logger } = this.#deps;
    const day = londonDay(now);
    if (!(await retention.claimRun(day, now, this.#by))) {
      return null;
    }
    const pass = await this.pass(now, day);
    await retention.finishRun(day, now, pass);
    logger.info(pass, 'retention pass finished');
    return pass;
  }

  /** The pass itself, whoever claimed the day (idempotent: a second run at the same time does nothing more). */
  async pass(now: Date, day = londonDay(now)): Promise<RetentionPass> {
    const { retention, logger } = this.#deps;
    let notices = 0;
    let reviewsDeleted = 0;
    for (const review of await retention.candidates()) {
      try {
        if (deletionNoticeDue(review, now) && (await this.#notify(review, now))) {
          notices += 1;
        } else if (
          (review.contentDeletionStartedAt !== null || contentDeletionDue(review, now)) &&
          (await this.#deleteContent(review, now))
        ) {
          reviewsDeleted += 1;
        }
      } catch (error) {
        // One review's failure leaves it for the next pass; the others go on.
        logger.error({ err: error, reviewId: review.id }, 'retention of a review failed');
      }
    }
    const late = await retention.sweepLateWrites(new Date(now.getTime() - LATE_WRITES_DAYS * DAY_MS), DocumentParts);
    if (late > 0) {
      logger.warn({ rows: late }, 'live-document rows written after deletion removed');
    }
    const safeguardingDeleted = await this.#deleteSafeguardingRecords(now);
    return { day, notices, reviewsDeleted, safeguardingDeleted };
  }

  /** The host headteacher hears once, in the app and by email, the day the content will be deleted. */
  async #notify(review: RetentionCandidate, now: Date): Promise<boolean> {
    const { sql, retention, audit, notifications } = this.#deps;
    const deletesOn = contentDeletionDate({ ...review, deletionNoticeSentAt: now });
    if (deletesOn === null) {
      return false;
    }
    const day = londonDay(deletesOn);
    const claimed = await sql.begin(async (tx) => {
      if (!(await retention.claimNotice(review.id, now, tx))) {
        return false;
      }
      await audit.record(
        {
          actorUserId: null,
          action: 'retention.deletion_notice_sent',
          subjectId: review.id,
          reviewId: review.id,
          detail: { deletesOn: day },
        },
        tx,
      );
      return true;
    });
    if (!claimed) {
      return false;
    }
    try {
      await notifications.contentDeletionNotice({
        reviewId: review.id,
        hostSchoolName: review.hostSchoolName,
        academicYear: review.academicYear,
        deletesOn: day,
        userIds: await retention.hostHeads(review.id),
      });
    } catch (error) {
      await retention.releaseNotice(review.id, now);
      throw error;
    }
    return true;
  }

  /**
   * Closes the review's content to everyone (committed first), drops its live documents from every process without
   * writing them back, then deletes the content in one transaction. False when another pass had deleted it.
   */
  async #deleteContent(review: RetentionCandidate, now: Date): Promise<boolean> {
    const { sql, retention, audit, events, logger } = this.#deps;
    await retention.startDeletion(review.id, now);
    // Dropping the documents closes their editors with "not found"; the re-decision of the review's other live
    // connections (video rooms) follows the deletion.
    events.publish('review.content_deleting', { reviewId: review.id });
    await this.#discardHere(review.id);
    const counts = await sql.begin(async (tx) => {
      // Two passes at once (a pass cut short and its successor): the second waits here, then finds it done.
      if (!(await retention.lockUndeleted(review.id, tx))) {
        return null;
      }
      const names = await retention.documentNames(review.id, DocumentParts, tx);
      const deleted = await retention.deleteContent(review.id, names, now, tx);
      await audit.record(
        {
          actorUserId: null,
          action: 'retention.review_content_deleted',
          subjectId: review.id,
          reviewId: review.id,
          detail: {
            closedOn: review.closedAt ? londonDay(review.closedAt) : null,
            deletedOn: londonDay(now),
            retentionMonths: review.contentRetentionMonths,
          },
        },
        tx,
      );
      return deleted;
    });
    if (counts === null) {
      return false;
    }
    events.publish('review.access_changed', { reviewId: review.id });
    logger.info({ reviewId: review.id, ...counts }, 'review content deleted');
    return true;
  }

  /** Each school that deletes its safeguarding records after a time: those past it go, counted in the audit log. */
  async #deleteSafeguardingRecords(now: Date): Promise<number> {
    const { sql, retention, audit } = this.#deps;
    const due = (await retention.safeguardingRecords()).filter((r) =>
      safeguardingRecordExpired(r.raisedAt, r.retentionMonths, now),
    );
    if (due.length === 0) {
      return 0;
    }
    const bySchool = Map.groupBy(due, (r) => r.schoolId);
    let deleted = 0;
    for (const [schoolId, records] of bySchool) {
      deleted += await sql.begin(async (tx) => {
        const count = await retention.deleteSafeguardingRecords(
          records.map((r) => r.id),
          tx,
        );
        if (count > 0) {
          await audit.record(
            {
              actorUserId: null,
              action: 'retention.safeguarding_records_deleted',
              subjectId: schoolId,
              detail: { count, retentionMonths: records[0]?.retentionMonths ?? null },
            },
            tx,
          );
        }
        return count;
      });
    }
    return deleted;
  }
}
