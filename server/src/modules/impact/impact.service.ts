import {
  ActionFollowUpStates,
  DEFAULT_HUDDLE_TIME,
  ImpactLimits,
  WEEKDAYS_ONLY,
  canSeeImpact,
  checkpointTerm,
  dayInWords,
  decideRecordHuddle,
  decideScheduleCheckpoint,
  defaultCheckpointDays,
  impactCloseGap,
  londonDateTime,
  londonDay,
  timeInWords,
  type Actor,
  type CheckpointSchedule,
  type HuddleRecord,
  type ImpactCheckpointView,
  type ImpactFacts,
  type ImpactOverview,
  type Refusal,
} from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';
import { Conflict, Invalid, NotFound, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { ActionsRepository } from '../actions/actions.repository.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CalendarsRepository } from '../calendars/calendars.repository.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import { impactFactsOf, readImpactFacts } from './impact-facts.ts';
import type { CheckpointRow, ImpactRepository, RatingRow } from './impact.repository.ts';

export interface ImpactServiceDeps {
  sql: Sql;
  impact: ImpactRepository;
  actions: Pick<ActionsRepository, 'list'>;
  reviews: Pick<ReviewsService, 'view'>;
  calendars: Pick<CalendarsRepository, 'calendarOf'>;
  audit: AuditRepository;
  notifications: Pick<NotificationsService, 'impactHuddleReminder'>;
  logger: Logger;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The impact review as a cycle of its own (docs/impact-review.md): the host headteacher schedules checkpoints (termly
 * by default), each a 30-minute huddle that records a rating per action, one piece of impact evidence and the plan's
 * adjustments. The records live in the database, beside the actions, so restoring the document never loses them;
 * the last one recorded decides whether the host may close the review.
 */
export class ImpactService {
  readonly #deps: ImpactServiceDeps;
  #now: () => Date;
  constructor(deps: ImpactServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Sets the clock "today" is read from (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** A review whose action plan (and so impact review) this person may read, or 404. */
  async #view(reviewId: string, actor: Actor): Promise<ReviewView> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    if (!canSeeImpact(view.access)) {
      throw new NotFound('review');
    }
    return view;
  }

  /** What the close guard needs (see impact-facts.ts). Never inside a transaction. */
  async closeFacts(reviewId: string): Promise<ImpactFacts> {
    return readImpactFacts(this.#deps, reviewId);
  }

  /** `GET /api/reviews/:id/impact`. */
  async overview(reviewId: string, actor: Actor): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    const { impact, actions, calendars } = this.#deps;
    const [rows, ratings, plan] = await Promise.all([
      impact.list(reviewId),
      impact.ratings(reviewId),
      actions.list(reviewId),
    ]);
    const today = londonDay(this.#now());
    const canSchedule = decideScheduleCheckpoint(view.access).ok;
    const covered = new Set(rows.map((row) => termKey(londonDay(row.scheduledAt))));
    const suggested = canSchedule
      ? defaultCheckpointDays(today, (await calendars.calendarOf(view.row.hostSchoolId)) ?? WEEKDAYS_ONLY)
          .filter((c) => !covered.has(`${c.academicYear}:${c.term}`))
          .map((c) => ({ term: c.term, academicYear: c.academicYear, date: c.day, time: DEFAULT_HUDDLE_TIME }))
      : [];
    const gap = impactCloseGap(impactFactsOf(plan, rows, ratings));
    const labels = new Map(plan.map((a) => [a.id, a.label]));
    const order = new Map(plan.map((a, index) => [a.id, index]));
    return {
      published: plan.length > 0,
      checkpoints: rows.map((row, index) => this.#checkpoint(row, index, ratings, labels, order)),
      actions: plan.filter((a) => a.inPlan).map((a) => ({ id: a.id, label: a.label, text: a.text })),
      canSchedule,
      canRecord: decideRecordHuddle(view.access).ok,
      suggested,
      close: gap
        ? { ready: false, message: gap }
        : {
            ready: true,
            message:
              'The last impact checkpoint rated every action in the plan. The host headteacher can close the review from the review page.',
          },
      today,
    };
  }

  /** Schedules one checkpoint (host headteacher). */
  async schedule(reviewId: string, actor: Actor, input: CheckpointSchedule): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    await this.#decide(reviewId, null, actor, decideScheduleCheckpoint(view.access));
    const at = londonDateTime(input.date, input.time);
    const { sql, impact, audit } = this.#deps;
    await sql.begin(async (tx) => {
      await this.#room(reviewId, 1, tx);
      const id = await impact.schedule(reviewId, at, actor.userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'impact.checkpoint_scheduled',
          subjectId: reviewId,
          reviewId,
          detail: { checkpointId: id, at: at.toISOString() },
        },
        tx,
      );
    });
    return this.overview(reviewId, actor);
  }

  /** Schedules the default set: one checkpoint in each remaining term not yet covered (host headteacher). */
  async scheduleDefaults(reviewId: string, actor: Actor): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    await this.#decide(reviewId, null, actor, decideScheduleCheckpoint(view.access));
    const suggested = (await this.overview(reviewId, actor)).suggested;
    if (suggested.length === 0) {
      throw new Conflict('Every remaining term already has a checkpoint. Add one by date if the huddle needs another.');
    }
    const { sql, impact, audit } = this.#deps;
    await sql.begin(async (tx) => {
      await this.#room(reviewId, suggested.length, tx);
      for (const checkpoint of suggested) {
        await impact.schedule(reviewId, londonDateTime(checkpoint.date, checkpoint.time), actor.userId, tx);
      }
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'impact.checkpoints_scheduled',
          subjectId: reviewId,
          reviewId,
          detail: { count: suggested.length, days: suggested.map((c) => c.date).join(', ') },
        },
        tx,
      );
    });
    return this.overview(reviewId, actor);
  }

  /** Moves a checkpoint not yet recorded (host headteacher); its reminder goes again for the new time. */
  async move(reviewId: string, checkpointId: string, actor: Actor, input: CheckpointSchedule): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    await this.#decide(reviewId, checkpointId, actor, decideScheduleCheckpoint(view.access));
    const at = londonDateTime(input.date, input.time);
    const { sql, impact, audit } = this.#deps;
    await sql.begin(async (tx) => {
      await this.#unrecorded(reviewId, checkpointId, tx, 'moved');
      await impact.move(checkpointId, at, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'impact.checkpoint_moved',
          subjectId: reviewId,
          reviewId,
          detail: { checkpointId, at: at.toISOString() },
        },
        tx,
      );
    });
    return this.overview(reviewId, actor);
  }

  /** Removes a checkpoint not yet recorded (host headteacher). */
  async remove(reviewId: string, checkpointId: string, actor: Actor): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    await this.#decide(reviewId, checkpointId, actor, decideScheduleCheckpoint(view.access));
    const { sql, impact, audit } = this.#deps;
    await sql.begin(async (tx) => {
      await this.#unrecorded(reviewId, checkpointId, tx, 'removed');
      await impact.remove(checkpointId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'impact.checkpoint_removed',
          subjectId: reviewId,
          reviewId,
          detail: { checkpointId },
        },
        tx,
      );
    });
    return this.overview(reviewId, actor);
  }

  /**
   * Records what a huddle agreed: a rating for every action in the plan, who attended, one piece of impact evidence
   * and the adjustments. Once recorded, a checkpoint is kept as it was. Not before the day it meets.
   */
  async record(reviewId: string, checkpointId: string, actor: Actor, input: HuddleRecord): Promise<ImpactOverview> {
    const view = await this.#view(reviewId, actor);
    await this.#decide(reviewId, checkpointId, actor, decideRecordHuddle(view.access));
    const { sql, impact, actions, audit, logger } = this.#deps;
    const at = this.#now();
    const plan = (await actions.list(reviewId)).filter((a) => a.inPlan);
    const unknown = Object.keys(input.ratings).filter((id) => !plan.some((a) => a.id === id));
    if (unknown.length > 0) {
      throw new Invalid('ratings: A rating is for an action that is not in the plan. Reload the page and try again.', [
        { path: 'ratings', message: 'Rate only the actions in the plan' },
      ]);
    }
    const unrated = plan.filter((a) => input.ratings[a.id] === undefined).map((a) => a.label);
    if (unrated.length > 0) {
      throw new Invalid(
        `ratings: Rate every action in the plan red, amber or green (not yet rated: ${unrated.join(', ')}).`,
        [{ path: 'ratings', message: `Rate ${unrated.join(', ')}` }],
      );
    }
    await sql.begin(async (tx) => {
      const row = await this.#unrecorded(reviewId, checkpointId, tx, 'recorded again');
      if (londonDay(row.scheduledAt) > londonDay(at)) {
        throw new Conflict(
          `This checkpoint meets on ${dayInWords(londonDay(row.scheduledAt))}. Record the huddle on that day or after, or move the checkpoint to today first.`,
        );
      }
      await impact.record(
        {
          reviewId,
          id: checkpointId,
          userId: actor.userId,
          at,
          attendees: input.attendees,
          evidence: input.evidence,
          adjustments: input.adjustments,
          ratings: plan.map((a) => ({ actionId: a.id, rating: input.ratings[a.id] ?? 'red' })),
        },
        tx,
      );
      const counts = { red: 0, amber: 0, green: 0 };
      for (const a of plan) {
        const rating = input.ratings[a.id];
        if (rating) {
          counts[rating] += 1;
        }
      }
      // The counts of each colour only, never the words.
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'impact.huddle_recorded',
          subjectId: reviewId,
          reviewId,
          detail: { checkpointId, ...counts },
        },
        tx,
      );
    });
    logger.info({ reviewId, checkpointId, userId: actor.userId, actions: plan.length }, 'impact huddle recorded');
    return this.overview(reviewId, actor);
  }

  /**
   * Reminds the people of a huddle the day before (host headteacher, host link lead, lead reviewer, champion), once
   * per checkpoint and time, at `now` (given, so tests need no clock). Returns how many checkpoints were reminded of.
   */
  async sweepReminders(now: Date): Promise<number> {
    const { impact, notifications, logger } = this.#deps;
    let reminded = 0;
    for (const soon of await impact.meetingSoon(now, new Date(now.getTime() + DAY_MS), ActionFollowUpStates)) {
      if (!(await impact.claimReminder(soon.checkpointId, now))) {
        continue;
      }
      await notifications.impactHuddleReminder({
        reviewId: soon.reviewId,
        scheduledAt: soon.scheduledAt,
        hostSchoolName: soon.hostSchoolName,
        userIds: await impact.attendees(soon.reviewId),
      });
      reminded += 1;
    }
    if (reminded > 0) {
      logger.info({ reminded }, 'impact huddles reminded');
    }
    return reminded;
  }

  /** A checkpoint that exists and has not been recorded, locked; recorded ones are kept as they were. */
  async #unrecorded(reviewId: string, checkpointId: string, tx: Queryable, doing: string): Promise<CheckpointRow> {
    const row = await this.#deps.impact.find(reviewId, checkpointId, tx, true);
    if (!row) {
      throw new NotFound('checkpoint');
    }
    if (row.recordedAt) {
      throw new Conflict(
        `This huddle has been recorded, so the checkpoint cannot be ${doing}. Record what changed at the next one.`,
      );
    }
    return row;
  }

  async #room(reviewId: string, adding: number, tx: Queryable): Promise<void> {
    if ((await this.#deps.impact.count(reviewId, tx)) + adding > ImpactLimits.maxCheckpoints) {
      throw new Conflict(`A review can have at most ${ImpactLimits.maxCheckpoints} impact checkpoints.`);
    }
  }

  /** Logs and audits a refusal (no words of the review), then refuses. */
  async #decide(
    reviewId: string,
    checkpointId: string | null,
    actor: Actor,
    decision: { ok: true } | Refusal,
  ): Promise<void> {
    if (decision.ok) {
      return;
    }
    this.#deps.logger.warn(
      { reviewId, checkpointId, userId: actor.userId, reason: decision.reason },
      'impact change refused',
    );
    if (decision.kind === 'refused') {
      await this.#deps.audit.record({
        actorUserId: actor.userId,
        action: 'impact.update_refused',
        subjectId: reviewId,
        reviewId,
        detail: { checkpointId, reason: decision.reason },
      });
    }
    throw refusalOf(decision);
  }

  #checkpoint(
    row: CheckpointRow,
    index: number,
    ratings: RatingRow[],
    labels: Map<string, string>,
    order: Map<string, number>,
  ): ImpactCheckpointView {
    return {
      id: row.id,
      label: `C${String(index + 1).padStart(2, '0')}`,
      scheduledAt: row.scheduledAt.toISOString(),
      date: londonDay(row.scheduledAt),
      time: timeInWords(row.scheduledAt),
      record: row.recordedAt
        ? {
            at: row.recordedAt.toISOString(),
            by: row.recordedBy ? { id: row.recordedBy, displayName: row.recordedByName ?? '' } : null,
            attendees: row.attendees ?? '',
            evidence: row.evidence ?? '',
            adjustments: row.adjustments ?? '',
            ratings: ratings
              .filter((r) => r.checkpointId === row.id)
              .sort((a, b) => (order.get(a.actionId) ?? 0) - (order.get(b.actionId) ?? 0))
              .map((r) => ({ actionId: r.actionId, label: labels.get(r.actionId) ?? r.actionId, rating: r.rating })),
          }
        : null,
    };
  }
}

/** "2026-27:spring": the term a day is in, so the default set skips terms that already have a checkpoint. */
function termKey(day: string): string {
  const { term, academicYear } = checkpointTerm(day);
  return `${academicYear}:${term}`;
}
