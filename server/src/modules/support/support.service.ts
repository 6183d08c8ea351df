import {
  SupportOpenStatuses,
  SupportStatuses,
  canSeeActionRecords,
  decideSupportAccept,
  decideSupportOffer,
  decideSupportProgress,
  decideSupportRequest,
  decideSupportWithdraw,
  londonDay,
  partnerSchoolsFor,
  seesSupportStatus,
  supportSideOf,
  type Actor,
  type PartnershipSupport,
  type Refusal,
  type ReviewSupport,
  type SchoolRef,
  type SupportNoteView,
  type SupportOfferCreate,
  type SupportOfferView,
  type SupportRequestCreate,
  type SupportRequestForHost,
  type SupportRequestForPartners,
  type SupportStatus,
  type SupportStatusBoard,
  type SupportUpdate,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { Conflict, Invalid, NotFound, Refused, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { ActionsRepository } from '../actions/actions.repository.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { partnershipSeenBy } from '../partnerships/partnership-seen-by.ts';
import type { NotificationsService } from '../notifications/notifications.service.ts';
import type { ReviewView, ReviewsService } from '../reviews/reviews.service.ts';
import type { SupportOfferRow, SupportRepository, SupportRequestRow, SupportUpdateRow } from './support.repository.ts';

export interface SupportServiceDeps {
  sql: Sql;
  support: SupportRepository;
  actions: Pick<ActionsRepository, 'list' | 'find'>;
  reviews: Pick<ReviewsService, 'view'>;
  directory: Pick<DirectoryRepository, 'partnership' | 'belongsTo' | 'schoolsIn' | 'school'>;
  audit: AuditRepository;
  notifications: Pick<NotificationsService, 'supportNotice' | 'supportRequested'>;
  logger: Logger;
  now?: () => Date;
}

const school = (id: string, name: string): SchoolRef => ({ id, name });

/** What a unique index refusing a second open request looks like from PostgreSQL. */
const isUniqueViolation = (error: unknown) => (error as { code?: string } | null)?.code === '23505';

/**
 * School-to-school support (docs/support.md): the host school asks the partnership for support on an action, partner
 * schools see only the request and offer, the host accepts one offer, both schools follow it through, and the
 * partnership lead sees status only. Every decision is taken by `shared/src/permissions/support.ts`.
 */
export class SupportService {
  readonly #deps: SupportServiceDeps;
  #now: () => Date;
  constructor(deps: SupportServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** Sets the clock "needed by" is checked against (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** The review for someone who may read its action plan, or 404. */
  async #planView(reviewId: string, actor: Actor): Promise<ReviewView> {
    const view = await this.#hostView(reviewId, actor);
    if (!view) {
      throw new NotFound('review');
    }
    return view;
  }

  /** The review as this person sees it when they may read its action plan; null otherwise (a partner school). */
  async #hostView(reviewId: string, actor: Actor): Promise<ReviewView | null> {
    try {
      const view = await this.#deps.reviews.view(reviewId, actor);
      return canSeeActionRecords(view.access) ? view : null;
    } catch (error) {
      if (error instanceof NotFound) {
        return null;
      }
      throw error;
    }
  }

  /** `GET /api/reviews/:id/support`: the review's requests with their offers and notes, for the action plan. */
  async forReview(reviewId: string, actor: Actor): Promise<ReviewSupport> {
    const view = await this.#planView(reviewId, actor);
    const { support, actions } = this.#deps;
    const rows = await support.forReview(reviewId);
    const ids = rows.map((r) => r.id);
    const [offers, updates, records] = await Promise.all([
      support.offers(ids),
      support.updates(ids),
      actions.list(reviewId),
    ]);
    const open = new Set(rows.filter((r) => r.status !== 'done' && r.status !== 'withdrawn').map((r) => r.actionId));
    return {
      requests: rows.map((row) => this.#hostRequest(row, view, actor, offers, updates)),
      canAskOn: records.filter((a) => decideSupportRequest(view.access, actor, a, open.has(a.id)).ok).map((a) => a.id),
    };
  }

  #hostRequest(
    row: SupportRequestRow,
    view: ReviewView,
    actor: Actor,
    offers: SupportOfferRow[],
    updates: SupportUpdateRow[],
  ): SupportRequestForHost {
    const action = { ownerUserId: row.ownerUserId };
    const own = offers.filter((o) => o.requestId === row.id);
    return {
      id: row.id,
      actionId: row.actionId,
      actionLabel: row.actionLabel,
      whatIsNeeded: row.whatIsNeeded,
      neededBy: row.neededBy,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      requestedBy: row.requestedByName,
      offers: own.map(offerView),
      matchedSchool: matchedOf(row),
      notes: updates.filter((u) => u.requestId === row.id).map(noteView),
      canAccept: own.some((o) => decideSupportAccept(view.access, row.status, o.status).ok),
      canUpdate: decideSupportProgress(supportSideOf(view.access.roles, actor, action, actor, null), row.status, null)
        .ok,
      canWithdraw: decideSupportWithdraw(view.access, actor, action, row.status).ok,
    };
  }

  /**
   * Asks the partnership for support on an action: what is needed and by when. Refused (logged and audited) for
   * anyone but those who update the action; one open request per action.
   */
  async ask(reviewId: string, actionId: string, actor: Actor, input: SupportRequestCreate): Promise<ReviewSupport> {
    const view = await this.#planView(reviewId, actor);
    const { sql, support, actions, audit, logger } = this.#deps;
    const action = await actions.find(reviewId, actionId);
    if (!action) {
      throw new NotFound('action');
    }
    const decision = decideSupportRequest(view.access, actor, action, await support.hasOpen(reviewId, actionId));
    if (!decision.ok) {
      return this.#refused('update', { reviewId, actionId }, actor, decision);
    }
    const at = this.#now();
    if (input.neededBy < londonDay(at)) {
      throw new Invalid('neededBy: Choose a date from today onwards', [
        { path: 'neededBy', message: 'Choose a date from today onwards' },
      ]);
    }
    try {
      await sql.begin(async (tx) => {
        const requestId = await support.create(
          {
            reviewId,
            actionId,
            partnershipId: view.row.partnershipId,
            hostSchoolId: view.row.hostSchoolId,
            whatIsNeeded: input.whatIsNeeded,
            neededBy: input.neededBy,
            requestedBy: actor.userId,
            at,
          },
          tx,
        );
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'support.requested',
            subjectId: reviewId,
            reviewId,
            detail: { actionId, requestId },
          },
          tx,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new Conflict(
          'This action already has an open request for support. Follow it through, or withdraw it, first.',
        );
      }
      throw error;
    }
    logger.info({ reviewId, actionId, userId: actor.userId }, 'support requested');
    const partners = (await this.#deps.directory.schoolsIn(view.row.partnershipId))
      .map((school) => school.id)
      .filter((id) => id !== view.row.hostSchoolId);
    await this.#deps.notifications.supportRequested({
      partnershipId: view.row.partnershipId,
      hostSchoolName: (await this.#deps.directory.school(view.row.hostSchoolId))?.name ?? '',
      label: action.label,
      neededBy: input.neededBy,
      userIds: await support.headteachersOf(partners),
    });
    return this.forReview(reviewId, actor);
  }

  /** The partnership and its member schools, for someone who may see the partnership; 404 otherwise. */
  async #partnership(partnershipId: string, actor: Actor): Promise<{ p: PartnershipSummaryRow; memberIds: string[] }> {
    const { directory } = this.#deps;
    const p = await partnershipSeenBy(directory, partnershipId, actor);
    return { p, memberIds: (await directory.schoolsIn(p.id)).map((s) => s.id) };
  }

  /**
   * `GET /api/partnerships/:id/support`: the open requests this person's schools may offer on (never the action's
   * words, findings or anything else of the review), the requests they offered on, and their own schools' requests.
   */
  async board(partnershipId: string, actor: Actor): Promise<PartnershipSupport> {
    const { p, memberIds } = await this.#partnership(partnershipId, actor);
    const { support, directory } = this.#deps;
    const rows = await support.forPartnership(p.id);
    const ids = rows.map((r) => r.id);
    const [offers, updates, schools] = await Promise.all([
      support.offers(ids),
      support.updates(ids),
      directory.schoolsIn(p.id),
    ]);
    const names = new Map(schools.map((s) => [s.id, s.name]));
    const leading = partnerSchoolsFor(actor, memberIds, '');
    const partnerRows = rows.filter(
      (row) => partnerSchoolsFor(actor, memberIds, row.hostSchoolId).length > 0 && !leading.includes(row.hostSchoolId),
    );
    const views = partnerRows.map((row) => this.#partnerRequest(row, actor, memberIds, offers, updates, names));
    return {
      partnership: school(p.id, p.name),
      open: views.filter((v) => SupportOpenStatuses.includes(v.status) && v.status !== 'withdrawn'),
      offered: views.filter((v) => !SupportOpenStatuses.includes(v.status) && v.ourOffers.length > 0),
      ours: rows
        .filter((row) => leading.includes(row.hostSchoolId))
        .map((row) => ({
          id: row.id,
          reviewId: row.reviewId,
          hostSchool: school(row.hostSchoolId, row.hostSchoolName),
          actionLabel: row.actionLabel,
          whatIsNeeded: row.whatIsNeeded,
          neededBy: row.neededBy,
          status: row.status,
          offers: offers.filter((o) => o.requestId === row.id).length,
          matchedSchool: matchedOf(row),
        })),
      offerFrom: leading.map((id) => school(id, names.get(id) ?? '')),
      seesStatus: seesSupportStatus(actor, p),
    };
  }

  /** One request as a partner school reads it: what the request says, never the action's own words. */
  #partnerRequest(
    row: SupportRequestRow,
    actor: Actor,
    memberIds: string[],
    offers: SupportOfferRow[],
    updates: SupportUpdateRow[],
    names: Map<string, string>,
  ): SupportRequestForPartners {
    const mine = partnerSchoolsFor(actor, memberIds, row.hostSchoolId);
    const ourOffers = offers.filter((o) => o.requestId === row.id && mine.includes(o.schoolId));
    const offeredFrom = new Set(ourOffers.map((o) => o.schoolId));
    const matchedIsOurs = row.matchedSchoolId !== null && mine.includes(row.matchedSchoolId);
    const side = supportSideOf(null, actor, row, actor, row.matchedSchoolId);
    return {
      id: row.id,
      hostSchool: school(row.hostSchoolId, row.hostSchoolName),
      actionLabel: row.actionLabel,
      ownerRole: row.ownerRole,
      whatIsNeeded: row.whatIsNeeded,
      neededBy: row.neededBy,
      status: row.status,
      createdAt: row.createdAt.toISOString(),
      matchedSchool: matchedOf(row),
      ourOffers: ourOffers.map(offerView),
      canOfferFrom: SupportOpenStatuses.includes(row.status)
        ? mine.filter((id) => !offeredFrom.has(id)).map((id) => school(id, names.get(id) ?? ''))
        : [],
      notes: matchedIsOurs ? updates.filter((u) => u.requestId === row.id).map(noteView) : [],
      canUpdate: matchedIsOurs && decideSupportProgress(side, row.status, null).ok,
    };
  }

  /**
   * `GET /api/partnerships/:id/support/status`: for the partnership lead, status only (school names, dates,
   * statuses and counts): never what is needed, what was offered, or the notes.
   */
  async statusBoard(partnershipId: string, actor: Actor): Promise<SupportStatusBoard> {
    const { p } = await this.#partnership(partnershipId, actor);
    if (!seesSupportStatus(actor, p)) {
      throw new Refused('Only the partnership lead sees the status of every request for support.');
    }
    const rows = await this.#deps.support.forPartnership(p.id);
    const offers = await this.#deps.support.offers(rows.map((r) => r.id));
    const counts = Object.fromEntries(SupportStatuses.map((s) => [s, 0])) as Record<SupportStatus, number>;
    for (const row of rows) {
      counts[row.status] += 1;
    }
    return {
      partnership: school(p.id, p.name),
      counts,
      requests: rows.map((row) => ({
        id: row.id,
        hostSchool: school(row.hostSchoolId, row.hostSchoolName),
        academicYear: row.academicYear,
        status: row.status,
        requestedOn: londonDay(row.createdAt),
        neededBy: row.neededBy,
        offers: offers
          .filter((o) => o.requestId === row.id)
          .map((o) => ({
            school: school(o.schoolId, o.schoolName),
            status: o.status,
            offeredOn: londonDay(o.createdAt),
          })),
        matchedSchool: matchedOf(row),
        matchedOn: row.matchedAt ? londonDay(row.matchedAt) : null,
      })),
    };
  }

  /**
   * A partner school offers support. An offer from anyone who does not lead a member school (other than the host) is
   * refused with the reason, logged and audited.
   */
  async offer(requestId: string, actor: Actor, input: SupportOfferCreate): Promise<SupportRequestForPartners> {
    const { sql, support, directory, audit, logger } = this.#deps;
    const row = await support.find(requestId);
    if (!row) {
      throw new NotFound('request for support');
    }
    const memberIds = (await directory.schoolsIn(row.partnershipId)).map((s) => s.id);
    const facts = { memberSchoolIds: memberIds, hostSchoolId: row.hostSchoolId };
    const decision = decideSupportOffer(actor, input.schoolId, { ...facts, status: row.status });
    if (!decision.ok) {
      return this.#refused('offer', { reviewId: row.reviewId, requestId, schoolId: input.schoolId }, actor, decision);
    }
    const at = this.#now();
    await sql.begin(async (tx) => {
      const locked = await support.find(requestId, tx, true);
      const again = locked && decideSupportOffer(actor, input.schoolId, { ...facts, status: locked.status });
      if (!again || !again.ok) {
        throw again ? refusalOf(again) : new NotFound('request for support');
      }
      const offerId = await support.offer(
        {
          requestId,
          schoolId: input.schoolId,
          userId: actor.userId,
          message: input.message,
          offeredBy: input.offeredBy,
          at,
        },
        tx,
      );
      if (!offerId) {
        throw new Conflict('Your school has already offered support on this request.');
      }
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'support.offered',
          subjectId: row.reviewId,
          reviewId: row.reviewId,
          detail: { requestId, offerId, schoolId: input.schoolId },
        },
        tx,
      );
    });
    logger.info({ requestId, schoolId: input.schoolId, userId: actor.userId }, 'support offered');
    const [offered] = (await support.offers([requestId])).filter((o) => o.schoolId === input.schoolId);
    await this.#deps.notifications.supportNotice({
      event: 'offered',
      reviewId: row.reviewId,
      partnershipId: row.partnershipId,
      hostSchoolName: row.hostSchoolName,
      offeringSchoolName: offered?.schoolName ?? '',
      label: row.actionLabel,
      neededBy: row.neededBy,
      userIds: [...(await support.hostLeads(row.reviewId)), ...(row.ownerUserId ? [row.ownerUserId] : [])],
    });
    return this.#partnerView(requestId, actor);
  }

  async #partnerView(requestId: string, actor: Actor): Promise<SupportRequestForPartners> {
    const { support, directory } = this.#deps;
    const row = await support.find(requestId);
    if (!row) {
      throw new NotFound('request for support');
    }
    const schools = await directory.schoolsIn(row.partnershipId);
    return this.#partnerRequest(
      row,
      actor,
      schools.map((s) => s.id),
      await support.offers([requestId]),
      await support.updates([requestId]),
      new Map(schools.map((s) => [s.id, s.name])),
    );
  }

  /** The host accepts one offer: the others are declined, and every offering school is told. */
  async accept(requestId: string, offerId: string, actor: Actor): Promise<ReviewSupport> {
    const { sql, support, audit, logger } = this.#deps;
    const row = await support.find(requestId);
    const view = row ? await this.#hostView(row.reviewId, actor) : null;
    if (!row || !view) {
      throw new NotFound('request for support');
    }
    const offer = await support.findOffer(requestId, offerId);
    if (!offer) {
      throw new NotFound('offer');
    }
    const decision = decideSupportAccept(view.access, row.status, offer.status);
    if (!decision.ok) {
      return this.#refused('update', { reviewId: row.reviewId, requestId }, actor, decision);
    }
    const at = this.#now();
    const declined = await sql.begin(async (tx) => {
      const locked = await support.find(requestId, tx, true);
      const current = await support.findOffer(requestId, offerId, tx);
      const again = locked && current && decideSupportAccept(view.access, locked.status, current.status);
      if (!again || !again.ok) {
        throw again ? refusalOf(again) : new NotFound('offer');
      }
      const others = await support.accept(requestId, offerId, at, tx);
      await support.update(
        { requestId, schoolId: row.hostSchoolId, authorUserId: actor.userId, toStatus: 'matched', note: null, at },
        tx,
      );
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'support.accepted',
          subjectId: row.reviewId,
          reviewId: row.reviewId,
          detail: { requestId, offerId, schoolId: offer.schoolId, declined: others.length },
        },
        tx,
      );
      return others;
    });
    logger.info({ requestId, offerId, userId: actor.userId, declined: declined.length }, 'support offer accepted');
    for (const [decided, event] of [[offer, 'accepted'] as const, ...declined.map((d) => [d, 'declined'] as const)]) {
      const leaders = await support.headteachersOf([decided.schoolId]);
      await this.#deps.notifications.supportNotice({
        event,
        reviewId: row.reviewId,
        partnershipId: row.partnershipId,
        hostSchoolName: row.hostSchoolName,
        offeringSchoolName: decided.schoolName,
        label: row.actionLabel,
        neededBy: row.neededBy,
        userIds: [...(decided.offeredByUserId ? [decided.offeredByUserId] : []), ...leaders],
      });
    }
    return this.forReview(row.reviewId, actor);
  }

  /**
   * Either school records progress on matched support: in progress, done, a note, or both. Anyone else is refused
   * with the reason, logged and audited.
   */
  async update(requestId: string, actor: Actor, input: SupportUpdate): Promise<{ id: string; status: SupportStatus }> {
    const { sql, support, audit, logger } = this.#deps;
    const row = await support.find(requestId);
    if (!row) {
      throw new NotFound('request for support');
    }
    const view = await this.#hostView(row.reviewId, actor);
    const side = supportSideOf(view?.access.roles ?? null, actor, row, actor, row.matchedSchoolId);
    const toStatus = input.status ?? null;
    const decision = decideSupportProgress(side, row.status, toStatus);
    if (!decision.ok) {
      return this.#refused('update', { reviewId: row.reviewId, requestId }, actor, decision);
    }
    const schoolId = side === 'host' ? row.hostSchoolId : (row.matchedSchoolId ?? row.hostSchoolId);
    const note = input.note ? input.note : null;
    const at = this.#now();
    const status = await sql.begin(async (tx) => {
      const locked = await support.find(requestId, tx, true);
      const again = locked && decideSupportProgress(side, locked.status, toStatus);
      if (!again || !again.ok) {
        throw again ? refusalOf(again) : new NotFound('request for support');
      }
      await support.update({ requestId, schoolId, authorUserId: actor.userId, toStatus, note, at }, tx);
      if (toStatus !== null) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'support.status_changed',
            subjectId: row.reviewId,
            reviewId: row.reviewId,
            detail: { requestId, from: locked.status, to: toStatus },
          },
          tx,
        );
      }
      if (note !== null) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'support.note_added',
            subjectId: row.reviewId,
            reviewId: row.reviewId,
            detail: { requestId },
          },
          tx,
        );
      }
      return toStatus ?? locked.status;
    });
    logger.info({ requestId, userId: actor.userId, side, status }, 'support updated');
    return { id: requestId, status };
  }

  /** The host withdraws a request it no longer needs (until the support is done). */
  async withdraw(requestId: string, actor: Actor): Promise<ReviewSupport> {
    const { sql, support, audit } = this.#deps;
    const row = await support.find(requestId);
    const view = row ? await this.#hostView(row.reviewId, actor) : null;
    if (!row || !view) {
      throw new NotFound('request for support');
    }
    const decision = decideSupportWithdraw(view.access, actor, row, row.status);
    if (!decision.ok) {
      return this.#refused('update', { reviewId: row.reviewId, requestId }, actor, decision);
    }
    const at = this.#now();
    await sql.begin(async (tx) => {
      const locked = await support.find(requestId, tx, true);
      const again = locked && decideSupportWithdraw(view.access, actor, locked, locked.status);
      if (!again || !again.ok) {
        throw again ? refusalOf(again) : new NotFound('request for support');
      }
      await support.update(
        { requestId, schoolId: row.hostSchoolId, authorUserId: actor.userId, toStatus: 'withdrawn', note: null, at },
        tx,
      );
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'support.withdrawn',
          subjectId: row.reviewId,
          reviewId: row.reviewId,
          detail: { requestId },
        },
        tx,
      );
    });
    return this.forReview(row.reviewId, actor);
  }

  /** Support matched per academic year, for the partnership evaluation's review activity. */
  matchedPerYear(partnershipId: string): Promise<Map<string, number>> {
    return this.#deps.support.matchedPerYear(partnershipId);
  }

  /** Logs and audits a refusal (never what was written), then refuses it. */
  async #refused(
    what: 'offer' | 'update',
    ids: { reviewId: string; requestId?: string; actionId?: string; schoolId?: string },
    actor: Actor,
    decision: Refusal,
  ): Promise<never> {
    this.#deps.logger.warn(
      { ...ids, userId: actor.userId, reason: decision.reason },
      what === 'offer' ? 'support offer refused' : 'support change refused',
    );
    if (decision.kind === 'refused') {
      const { reviewId, ...detail } = ids;
      await this.#deps.audit.record({
        actorUserId: actor.userId,
        action: what === 'offer' ? 'support.offer_refused' : 'support.update_refused',
        subjectId: reviewId,
        reviewId,
        detail: { ...detail, reason: decision.reason },
      });
    }
    throw refusalOf(decision);
  }
}

function offerView(o: SupportOfferRow): SupportOfferView {
  return {
    id: o.id,
    school: school(o.schoolId, o.schoolName),
    message: o.message,
    offeredBy: o.offeredBy,
    status: o.status,
    createdAt: o.createdAt.toISOString(),
  };
}

function noteView(u: SupportUpdateRow): SupportNoteView {
  return {
    id: u.id,
    at: u.createdAt.toISOString(),
    school: school(u.schoolId, u.schoolName),
    author: u.authorName,
    toStatus: u.toStatus,
    note: u.note,
  };
}

function matchedOf(row: SupportRequestRow): SchoolRef | null {
  return row.matchedSchoolId ? school(row.matchedSchoolId, row.matchedSchoolName ?? '') : null;
}
