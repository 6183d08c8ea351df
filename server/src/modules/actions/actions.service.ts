import {
  ActionFollowUpStates,
  actionPlanGap,
  decideRepublish,
  canSeeActionRecords,
  decideActionOwner,
  decideActionUpdate,
  londonDay,
  type ActionDetail,
  type ActionOwner,
  type ActionPlanRecords,
  type ActionRecordView,
  type ActionSummary,
  type ActionUpdate,
  type Actor,
  type Refusal,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { Conflict, Invalid, NotFound, Unavailable, refusalOf } from '../../errors/domain-errors.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { ActionRow, ActionsRepository, AlertCandidate } from './actions.repository.ts';
import { announcePlanPublished, readPlanForPublishing } from './publish-plan.ts';

export interface ActionsServiceDeps {
  sql: Sql;
  actions: ActionsRepository;
  reviews: Pick<ReviewsService, 'view'>;
  audit: AuditRepository;
  notifications: Pick<NotificationsService, 'actionAlert'>;
  logger: Logger;
  now?: () => Date;
}

/**
 * The published action plan followed through the year (docs/actions.md): the host school records progress on each
 * action, the review team and the champion read it, and actions overdue or at risk reach their owner and the host
 * headteacher once each.
 */
export class ActionsService {
  readonly #deps: ActionsServiceDeps;
  #now: () => Date;
  #live: Pick<LiveDocuments, 'withDocument'> | undefined;
  constructor(deps: ActionsServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Connects the live documents (publishing again reads the corrected plan), once the realtime server is mounted. */
  attach(live: Pick<LiveDocuments, 'withDocument'> | undefined): void {
    this.#live = live;
  }

  /**
   * Publishes the plan again after a correction in the document: words and dates follow the document, statuses,
   * owners and history stay; an action taken out of the plan is kept, marked as no longer in it.
   */
  async republish(reviewId: string, actor: Actor): Promise<ActionPlanRecords> {
    const view = await this.#view(reviewId, actor);
    const decision = decideRepublish(view.access);
    if (!decision.ok) {
      await this.#refused(reviewId, null, actor, decision);
    }
    if (!this.#live) {
      throw new Unavailable('The action plan cannot be read on this server right now. Please try again shortly.');
    }
    const plan = await readPlanForPublishing(this.#live, reviewId);
    const gap = actionPlanGap(plan);
    if (gap) {
      throw new Conflict(gap);
    }
    const { sql, actions, audit } = this.#deps;
    await sql.begin(async (tx) => {
      const created = await actions.publish(reviewId, plan, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'action_plan.published',
          subjectId: reviewId,
          reviewId,
          detail: { actions: plan.length, created, again: true },
        },
        tx,
      );
    });
    this.#deps.logger.info({ reviewId, actions: plan.length }, 'action plan published again');
    await this.announcePublished(reviewId);
    return this.plan(reviewId, actor);
  }

  /**
   * Tells the pages open on the plan that it was published (docs/actions.md). The records are already committed, so
   * a failure here is logged, not passed on: those pages catch up when they next load.
   */
  async announcePublished(reviewId: string): Promise<void> {
    if (!this.#live) {
      return;
    }
    try {
      await announcePlanPublished(this.#live, reviewId, this.#now());
    } catch (error) {
      this.#deps.logger.warn({ reviewId, err: error }, 'could not tell open pages the plan was published');
    }
  }

  /** Sets the clock "overdue" is read against (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** A review whose action plan this person may read, or 404 (as for a review they may not see at all). */
  async #view(reviewId: string, actor: Actor): Promise<ReviewView> {
    const view = await this.#deps.reviews.view(reviewId, actor);
    if (!canSeeActionRecords(view.access)) {
      throw new NotFound('review');
    }
    return view;
  }

  /** `GET /api/reviews/:id/actions`: the published actions, in the stable shape partner systems read. */
  async summaries(reviewId: string, actor: Actor): Promise<{ actions: ActionSummary[] }> {
    await this.#view(reviewId, actor);
    const rows = (await this.#deps.actions.list(reviewId)).filter((row) => row.inPlan);
    return {
      actions: rows.map((row) => ({
        id: row.id,
        text: row.text,
        ownerRole: row.ownerRole,
        status: row.status,
        dueDate: row.dueOn,
      })),
    };
  }

  /** The published actions with everything the review page shows; none before the plan is published. */
  async plan(reviewId: string, actor: Actor): Promise<ActionPlanRecords> {
    const view = await this.#view(reviewId, actor);
    const rows = await this.#deps.actions.list(reviewId);
    return {
      published: rows.length > 0,
      canNameOwners: decideActionOwner(view.access).ok,
      actions: rows.map((row) => this.#record(row, view, actor)),
    };
  }

  /** One action and its history of updates, newest first. */
  async detail(reviewId: string, actionId: string, actor: Actor): Promise<ActionDetail> {
    const view = await this.#view(reviewId, actor);
    const row = await this.#deps.actions.find(reviewId, actionId);
    if (!row) {
      throw new NotFound('action');
    }
    const history = await this.#deps.actions.history(reviewId, actionId);
    return {
      action: this.#record(row, view, actor),
      history: history.map((h) => ({
        id: h.id,
        at: h.createdAt.toISOString(),
        author: h.authorUserId ? { id: h.authorUserId, displayName: h.authorName ?? '' } : null,
        fromStatus: h.fromStatus,
        toStatus: h.toStatus,
        note: h.note,
      })),
    };
  }

  /**
   * Records progress on an action: a new status, an evidence note, or both, in its history. Refused (and logged)
   * for anyone but the host headteacher, the host link lead and the action's owner, and once the review is over.
   */
  async update(reviewId: string, actionId: string, actor: Actor, input: ActionUpdate): Promise<ActionDetail> {
    const view = await this.#view(reviewId, actor);
    const { sql, actions, audit, logger } = this.#deps;
    const at = this.#now();
    const before = await actions.find(reviewId, actionId);
    if (!before) {
      throw new NotFound('action');
    }
    const allowed = decideActionUpdate(view.access, actor, before);
    if (!allowed.ok) {
      await this.#refused(reviewId, actionId, actor, allowed);
    }
    const changed = await sql.begin(async (tx) => {
      const row = await actions.find(reviewId, actionId, tx, true);
      if (!row) {
        throw new NotFound('action');
      }
      // Decided again under the lock: the owner may have changed a moment ago.
      const decision = decideActionUpdate(view.access, actor, row);
      if (!decision.ok) {
        throw refusalOf(decision);
      }
      const toStatus = input.status !== undefined && input.status !== row.status ? input.status : null;
      const note = input.note ? input.note : null;
      if (toStatus === null && note === null) {
        throw new Invalid('status: The action already has this status. Choose another or write an evidence note.', [
          { path: 'status', message: 'The action already has this status' },
        ]);
      }
      await actions.update(
        { reviewId, actionId, authorUserId: actor.userId, fromStatus: row.status, toStatus, note, at },
        tx,
      );
      if (toStatus !== null) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'action.status_changed',
            subjectId: reviewId,
            reviewId,
            detail: { actionId, from: row.status, to: toStatus },
          },
          tx,
        );
      }
      if (note !== null) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'action.note_added',
            subjectId: reviewId,
            reviewId,
            detail: { actionId },
          },
          tx,
        );
      }
      return { from: row.status, to: toStatus };
    });
    logger.info({ reviewId, actionId, userId: actor.userId, ...changed }, 'action updated');
    if (changed.to === 'at_risk') {
      const candidate = await actions.alertCandidate(reviewId, actionId);
      if (candidate) {
        await this.#alert(candidate, 'at_risk', at);
      }
    }
    return this.detail(reviewId, actionId, actor);
  }

  /** Names the member of the host school's staff who owns an action (or none): they may then update it. */
  async setOwner(reviewId: string, actionId: string, actor: Actor, input: ActionOwner): Promise<ActionDetail> {
    const view = await this.#view(reviewId, actor);
    const { sql, actions, audit } = this.#deps;
    const decision = decideActionOwner(view.access);
    if (!decision.ok) {
      await this.#refused(reviewId, actionId, actor, decision);
    }
    if (input.userId !== null && !(await actions.isHostStaff(reviewId, input.userId))) {
      throw new Invalid('userId: The owner must be on the staff of the host school', [
        { path: 'userId', message: 'Choose someone on the staff of the host school' },
      ]);
    }
    await sql.begin(async (tx) => {
      if (!(await actions.find(reviewId, actionId, tx, true))) {
        throw new NotFound('action');
      }
      await actions.setOwner(reviewId, actionId, input.userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'action.owner_set',
          subjectId: reviewId,
          reviewId,
          detail: { actionId, ownerUserId: input.userId },
        },
        tx,
      );
    });
    return this.detail(reviewId, actionId, actor);
  }

  /**
   * The daily sweep, at `now` (given, so tests need no clock): every action of a plan being followed through whose
   * due date has passed (London) and that is not complete reaches its owner and the host headteacher, once. Any
   * process may run it: the claimed alert rows make each notice go once. Returns how many actions were told about.
   */
  async sweepOverdue(now: Date): Promise<number> {
    const today = londonDay(now);
    let told = 0;
    for (const candidate of await this.#deps.actions.overdue(today, ActionFollowUpStates)) {
      if (await this.#alert(candidate, 'overdue', now)) {
        told += 1;
      }
    }
    if (told > 0) {
      this.#deps.logger.info({ told, day: today }, 'overdue actions told');
    }
    return told;
  }

  /** Tells the owner and the host headteachers once per action and condition; false when it had already gone. */
  async #alert(candidate: AlertCandidate, condition: 'overdue' | 'at_risk', at: Date): Promise<boolean> {
    const { actions, notifications } = this.#deps;
    if (!(await actions.claimAlert(candidate.reviewId, candidate.actionId, condition, at))) {
      return false;
    }
    const heads = await actions.hostHeads(candidate.reviewId);
    await notifications.actionAlert({
      reviewId: candidate.reviewId,
      label: candidate.label,
      dueOn: candidate.dueOn,
      hostSchoolName: candidate.hostSchoolName,
      condition,
      userIds: [...(candidate.ownerUserId ? [candidate.ownerUserId] : []), ...heads],
    });
    return true;
  }

  /** Logs and audits a refused update (no words of the action), then refuses it. */
  async #refused(reviewId: string, actionId: string | null, actor: Actor, decision: Refusal): Promise<never> {
    this.#deps.logger.warn(
      { reviewId, actionId, userId: actor.userId, reason: decision.reason },
      'action update refused',
    );
    if (decision.kind === 'refused') {
      await this.#deps.audit.record({
        actorUserId: actor.userId,
        action: 'action.update_refused',
        subjectId: reviewId,
        reviewId,
        detail: { actionId, reason: decision.reason },
      });
    }
    throw refusalOf(decision);
  }

  #record(row: ActionRow, view: ReviewView, actor: Actor): ActionRecordView {
    return {
      id: row.id,
      label: row.label,
      text: row.text,
      ownerRole: row.ownerRole,
      owner: row.ownerUserId ? { id: row.ownerUserId, displayName: row.ownerName ?? '' } : null,
      startDate: row.startsOn,
      dueDate: row.dueOn,
      successCriteria: row.successCriteria,
      supportNeeded: row.supportNeeded,
      status: row.status,
      overdue: row.status !== 'complete' && row.dueOn < londonDay(this.#now()),
      inPlan: row.inPlan,
      canUpdate: row.inPlan && decideActionUpdate(view.access, actor, row).ok,
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
