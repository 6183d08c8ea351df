import {
  DEFAULT_SCHOOL_DAY_TIMES,
  checkRota,
  generateRota,
  isSchoolDay,
  londonDateTime,
  londonDay,
  mayPlanRota,
  type Actor,
  type RotaEntryEdit,
  type RotaGenerate,
  type RotaInput,
  type RotaOptions,
  type RotaPublishResult,
  type RotaView,
  type SchoolCalendar,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { Conflict, NotFound, Refused, RotaInfeasible } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CalendarsRepository } from '../calendars/calendars.repository.ts';
import type { CalendarsService } from '../calendars/calendars.service.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { partnershipSeenBy } from '../partnerships/partnership-seen-by.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';
import type { RotaRepository } from './rota.repository.ts';

export interface RotaServiceDeps {
  sql: Sql;
  rota: RotaRepository;
  directory: DirectoryRepository;
  reviews: ReviewsRepository;
  calendarsRepository: CalendarsRepository;
  /** The same 422 rule as a session added by hand: review days go on the host's school days. */
  calendars: Pick<CalendarsService, 'requireSchoolDay'>;
  audit: AuditRepository;
  events: EventBus;
  logger: Logger;
}

/**
 * The year's review rota of a partnership (docs/domain.md f): the lead generates a draft with the shared generator,
 * edits it (every edit answered with the rules it breaks), and publishes it, which creates the draft reviews with
 * their teams and review days in one transaction and tells everyone involved.
 */
export class RotaService {
  readonly #deps: RotaServiceDeps;
  constructor(deps: RotaServiceDeps) {
    this.#deps = deps;
  }

  /** The partnership, for someone who may plan its rota; 404 for outsiders, 403 for members who do not lead it. */
  async #planned(partnershipId: string, actor: Actor): Promise<PartnershipSummaryRow> {
    const partnership = await partnershipSeenBy(this.#deps.directory, partnershipId, actor);
    if (!mayPlanRota(actor, partnership)) {
      throw new Refused('Only the partnership lead can plan the review rota.');
    }
    return partnership;
  }

  /** What the generator and checker need, read fresh: schools, trained people and each school's calendar. */
  async #input(partnershipId: string, academicYear: string, options: RotaOptions): Promise<RotaInput> {
    const { rota, calendarsRepository } = this.#deps;
    const [schools, people] = await Promise.all([rota.schools(partnershipId), rota.people(partnershipId)]);
    const calendars = new Map<string, SchoolCalendar>();
    for (const school of schools) {
      calendars.set(school.id, (await calendarsRepository.calendarOf(school.id)) ?? { layers: [] });
    }
    return {
      academicYear,
      // Reviews are planned at least two weeks ahead (the plan is fixed 10 working days before, docs/domain.md f).
      earliest: londonDay(new Date(), 14),
      schools,
      people,
      schoolDay: (schoolId, day) => isSchoolDay(calendars.get(schoolId) ?? { layers: [] }, day),
      options,
    };
  }

  async #view(partnership: PartnershipSummaryRow, academicYear: string): Promise<RotaView> {
    const { rota } = this.#deps;
    const draft = await rota.draft(partnership.id, academicYear);
    const input = await this.#input(
      partnership.id,
      academicYear,
      draft?.rota.options ?? { peerReviewers: 3, reviewDays: 1, allowSameLocalAuthority: false, seed: 1 },
    );
    return {
      partnership: { id: partnership.id, name: partnership.name, kind: partnership.kind },
      academicYear,
      schools: input.schools,
      people: input.people,
      draft: draft
        ? {
            rota: draft.rota,
            conflicts: checkRota(draft.rota, input),
            updatedAt: draft.updatedAt.toISOString(),
            publishedAt: draft.publishedAt?.toISOString() ?? null,
            published: await rota.published(partnership.id, academicYear),
          }
        : null,
    };
  }

  async view(partnershipId: string, actor: Actor, academicYear: string): Promise<RotaView> {
    return this.#view(await this.#planned(partnershipId, actor), academicYear);
  }

  /** A new draft for the year, replacing the previous one; 422 naming the rule and school when none can be made. */
  async generate(partnershipId: string, actor: Actor, request: RotaGenerate): Promise<RotaView> {
    const partnership = await this.#planned(partnershipId, actor);
    const input = await this.#input(partnership.id, request.academicYear, request.options);
    const result = generateRota(input);
    if (!result.ok) {
      this.#deps.logger.info(
        { partnershipId, academicYear: request.academicYear, rules: result.problems.map((p) => p.rule) },
        'rota could not be generated',
      );
      throw new RotaInfeasible(result.problems);
    }
    await this.#deps.sql.begin(async (tx) => {
      // A new draft would no longer match the reviews already made from the published one.
      if ((await this.#deps.rota.published(partnership.id, request.academicYear, tx)).length > 0) {
        throw new Conflict(
          `The ${request.academicYear} rota is already published, so it cannot be proposed again. Change a review on its own page, or use "Schedule a review" for a school that has joined since.`,
        );
      }
      await this.#deps.rota.saveDraft(partnership.id, result.rota, actor.userId, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'rota.generated',
          subjectId: partnership.id,
          detail: { academicYear: request.academicYear, reviews: result.rota.entries.length },
        },
        tx,
      );
    });
    return this.#view(partnership, request.academicYear);
  }

  /** Changes one review of the draft (days, reviewers, champion); the answer lists every rule the rota now breaks. */
  async editEntry(partnershipId: string, actor: Actor, hostSchoolId: string, edit: RotaEntryEdit): Promise<RotaView> {
    const partnership = await this.#planned(partnershipId, actor);
    const { academicYear, ...changes } = edit;
    await this.#deps.sql.begin(async (tx) => {
      const draft = await this.#deps.rota.draft(partnership.id, academicYear, tx, true);
      if (!draft) {
        throw new NotFound('rota');
      }
      const index = draft.rota.entries.findIndex((e) => e.hostSchoolId === hostSchoolId);
      const entry = draft.rota.entries[index];
      if (!entry) {
        throw new NotFound('review in this rota');
      }
      const published = await this.#deps.rota.published(partnership.id, academicYear, tx);
      if (published.some((p) => p.hostSchoolId === hostSchoolId)) {
        throw new Conflict('This review is already published: change its days and team on its own page.');
      }
      const entries = [...draft.rota.entries];
      entries[index] = {
        ...entry,
        ...(changes.days ? { days: [...changes.days].sort() } : {}),
        ...(changes.leadReviewerId !== undefined ? { leadReviewerId: changes.leadReviewerId } : {}),
        ...(changes.peerReviewerIds ? { peerReviewerIds: changes.peerReviewerIds } : {}),
        ...(changes.championId !== undefined ? { championId: changes.championId } : {}),
      };
      await this.#deps.rota.saveDraft(partnership.id, { ...draft.rota, entries }, actor.userId, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'rota.entry_edited',
          subjectId: partnership.id,
          detail: { academicYear, hostSchoolId, changed: Object.keys(changes).sort().join(',') },
        },
        tx,
      );
    });
    return this.#view(partnership, academicYear);
  }

  /**
   * Creates the draft reviews of every school the rota has not yet published (team, host headteacher, review days at
   * the school's hours) in one transaction, then tells everyone involved. Refused while the rota breaks a rule; a
   * second publish creates nothing twice.
   */
  async publish(partnershipId: string, actor: Actor, academicYear: string): Promise<RotaPublishResult> {
    const partnership = await this.#planned(partnershipId, actor);
    const { sql, rota, reviews, calendars, calendarsRepository, audit, events, logger } = this.#deps;
    const draft = await rota.draft(partnership.id, academicYear);
    if (!draft) {
      throw new NotFound('rota');
    }
    const conflicts = checkRota(draft.rota, await this.#input(partnership.id, academicYear, draft.rota.options));
    if (conflicts.length > 0) {
      throw new Conflict(
        `The rota breaks ${conflicts.length === 1 ? 'a rule' : `${conflicts.length} rules`}, so it was not published: ${conflicts
          .slice(0, 3)
          .map((c) => c.message)
          .join(' ')}`,
      );
    }
    // The rule for sessions added by hand holds here too (422 not_a_school_day), checked before anything is written.
    for (const entry of draft.rota.entries) {
      for (const day of entry.days) {
        await calendars.requireSchoolDay(entry.hostSchoolId, day);
      }
    }
    const hours = new Map<string, { startsAt: string; endsAt: string }>();
    for (const entry of draft.rota.entries) {
      const school = await calendarsRepository.school(entry.hostSchoolId);
      hours.set(
        entry.hostSchoolId,
        school?.dayStartsAt && school.dayEndsAt
          ? { startsAt: school.dayStartsAt, endsAt: school.dayEndsAt }
          : DEFAULT_SCHOOL_DAY_TIMES,
      );
    }
    const outcome = await sql.begin(async (tx) => {
      const locked = await rota.draft(partnership.id, academicYear, tx, true);
      if (!locked || JSON.stringify(locked.rota) !== JSON.stringify(draft.rota)) {
        throw new Conflict('Someone changed the rota a moment ago. Reload the page, check it and publish again.');
      }
      const already = await rota.published(partnership.id, academicYear, tx);
      const result: RotaPublishResult & { sessions: { reviewId: string; sessionId: string }[] } = {
        created: [],
        alreadyPublished: already.filter((p) => locked.rota.entries.some((e) => e.hostSchoolId === p.hostSchoolId)),
        sessions: [],
      };
      for (const entry of locked.rota.entries) {
        if (already.some((p) => p.hostSchoolId === entry.hostSchoolId)) {
          continue;
        }
        const reviewId = await reviews.create(
          {
            partnershipId: partnership.id,
            hostSchoolId: entry.hostSchoolId,
            academicYear,
            mode: 'virtual',
            startsOn: entry.days[0],
            endsOn: entry.days.at(-1),
          },
          actor.userId,
          tx,
        );
        const [head] = await reviews.headteachersOf(entry.hostSchoolId, tx);
        if (head) {
          await reviews.addMember(reviewId, head, 'host_headteacher', actor.userId, tx);
        }
        await reviews.addMember(reviewId, entry.leadReviewerId ?? '', 'lead_reviewer', actor.userId, tx);
        for (const peer of entry.peerReviewerIds) {
          await reviews.addMember(reviewId, peer, 'peer_reviewer', actor.userId, tx);
        }
        await reviews.addMember(reviewId, entry.championId ?? '', 'improvement_champion', actor.userId, tx);
        await rota.recordScheduled(reviewId, actor.userId, tx);
        const time = hours.get(entry.hostSchoolId) ?? DEFAULT_SCHOOL_DAY_TIMES;
        for (const [i, day] of entry.days.entries()) {
          const sessionId = await reviews.addSession(
            reviewId,
            {
              kind: 'review_day',
              title: entry.days.length > 1 ? `Review day ${i + 1}` : 'Review day',
              startsAt: londonDateTime(day, time.startsAt).toISOString(),
              endsAt: londonDateTime(day, time.endsAt).toISOString(),
            },
            tx,
          );
          result.sessions.push({ reviewId, sessionId });
        }
        await rota.recordPublished(partnership.id, academicYear, entry.hostSchoolId, reviewId, tx);
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'review.created',
            subjectId: reviewId,
            reviewId,
            detail: { fromRota: academicYear },
          },
          tx,
        );
        result.created.push({ hostSchoolId: entry.hostSchoolId, reviewId });
      }
      await rota.markPublished(partnership.id, academicYear, actor.userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'rota.published',
          subjectId: partnership.id,
          detail: { academicYear, created: result.created.length, alreadyPublished: result.alreadyPublished.length },
        },
        tx,
      );
      return result;
    });
    // After the commit, so nobody is told of a review that was rolled back.
    for (const created of outcome.created) {
      events.publish('rota.review_published', { reviewId: created.reviewId, actorUserId: actor.userId });
    }
    for (const session of outcome.sessions) {
      events.publish('review.session_scheduled', session);
    }
    logger.info(
      {
        partnershipId,
        academicYear,
        created: outcome.created.length,
        alreadyPublished: outcome.alreadyPublished.length,
      },
      'rota published',
    );
    return { created: outcome.created, alreadyPublished: outcome.alreadyPublished };
  }
}
