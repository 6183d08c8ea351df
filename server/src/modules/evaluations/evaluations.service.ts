import {
  EvaluationModel,
  ReviewStates,
  academicYearOf,
  checkRating,
  decideAgreedRating,
  decideSelfRating,
  mayAgreeRatings,
  schoolsThisPersonRates,
  seesAllSelfRatings,
  selfRatingsVisibleTo,
  strandTrends,
  yearSpan,
  type Actor,
  type AgreedRatingSave,
  type AgreedRatingView,
  type EvaluationTrend,
  type PartnershipEvaluation,
  type Refusal,
  type SelfRatingSave,
  type SelfRatingView,
  type YearActivity,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { Invalid, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { partnershipSeenBy } from '../partnerships/partnership-seen-by.ts';
import type { EvaluationsRepository } from './evaluations.repository.ts';

/**
 * A figure of the partnership's review activity per academic year that another module records. `null` means that
 * figure is not recorded yet, and the page says so rather than showing zero.
 */
export type YearlyFigure = (partnershipId: string) => Promise<Map<string, number> | null>;

/** Not recorded yet: the default until the actions and support modules provide their counts. */
export const notRecorded: YearlyFigure = () => Promise.resolve(null);

/** Reviews count as held once their review days have begun: `in_review` and every later state of the main cycle. */
const HELD_STATES = ReviewStates.slice(ReviewStates.indexOf('in_review'));

export interface EvaluationsServiceDeps {
  sql: Sql;
  evaluations: EvaluationsRepository;
  directory: DirectoryRepository;
  audit: AuditRepository;
  logger: Logger;
  /** Actions completed per academic year (the actions module's hook; not recorded until it exists). */
  actionsCompleted?: YearlyFigure;
  /** School-to-school support matched per academic year (the support module's hook; not recorded until it exists). */
  supportMatched?: YearlyFigure;
  now?: () => Date;
}

interface Scope {
  partnership: PartnershipSummaryRow;
  members: { id: string; name: string }[];
}

const model = { id: EvaluationModel.id, name: EvaluationModel.name };

/**
 * The partnership's own evaluation (docs/partnership-evaluation.md): member schools rate themselves per strand and
 * year, the partnership lead records the agreed rating, and the yearly trend sits beside the review activity.
 */
export class EvaluationsService {
  readonly #deps: EvaluationsServiceDeps;
  readonly #now: () => Date;
  constructor(deps: EvaluationsServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /** The partnership and its member schools; 404 for anyone who may not see the partnership. */
  async #scope(partnershipId: string, actor: Actor): Promise<Scope> {
    const partnership = await partnershipSeenBy(this.#deps.directory, partnershipId, actor);
    const schools = await this.#deps.directory.schoolsIn(partnership.id);
    return { partnership, members: schools.map((s) => ({ id: s.id, name: s.name })) };
  }

  /** One year of the evaluation, as this person may see it (this academic year when none is named). */
  async evaluation(partnershipId: string, actor: Actor, year?: string): Promise<PartnershipEvaluation> {
    const { partnership, members } = await this.#scope(partnershipId, actor);
    const academicYear = year ?? academicYearOf(this.#now());
    const visible = selfRatingsVisibleTo(
      actor,
      partnership,
      members.map((s) => s.id),
    );
    const rates = schoolsThisPersonRates(
      actor,
      members.map((s) => s.id),
    );
    const [selfRatings, agreed] = await Promise.all([
      this.#deps.evaluations.selfRatings(partnership.id, model.id, visible, { year: academicYear }),
      this.#deps.evaluations.agreedRatings(partnership.id, model.id, { year: academicYear }),
    ]);
    return {
      partnership: { id: partnership.id, name: partnership.name },
      model,
      academicYear,
      schools: members.filter((s) => visible.includes(s.id)),
      selfRatings,
      agreed,
      ratesFor: members.filter((s) => rates.includes(s.id)),
      canAgree: mayAgreeRatings(actor, partnership),
    };
  }

  async saveSelfRating(partnershipId: string, actor: Actor, input: SelfRatingSave): Promise<SelfRatingView> {
    const { partnership, members } = await this.#scope(partnershipId, actor);
    const allowed = decideSelfRating(
      actor,
      input.schoolId,
      members.map((s) => s.id),
    );
    if (!allowed.ok) {
      return this.#refuse(partnership.id, actor, 'self', allowed, { schoolId: input.schoolId });
    }
    const rating = await this.#onScale(partnership.id, actor, 'self', input);
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.evaluations.saveSelfRating(
        {
          partnershipId: partnership.id,
          schoolId: input.schoolId,
          academicYear: input.academicYear,
          model: model.id,
          strand: rating.strand,
          level: rating.level,
          evidence: input.evidence,
          ratedBy: actor.userId,
          at: this.#now(),
        },
        tx,
      );
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'evaluation.self_rating_saved',
          subjectId: partnership.id,
          detail: {
            schoolId: input.schoolId,
            academicYear: input.academicYear,
            strand: rating.strand,
            level: rating.level,
          },
        },
        tx,
      );
    });
    const saved = await this.#deps.evaluations.selfRatings(partnership.id, model.id, [input.schoolId], {
      year: input.academicYear,
    });
    return this.#found(saved.find((r) => r.strand === rating.strand));
  }

  async saveAgreedRating(partnershipId: string, actor: Actor, input: AgreedRatingSave): Promise<AgreedRatingView> {
    const { partnership } = await this.#scope(partnershipId, actor);
    const allowed = decideAgreedRating(actor, partnership);
    if (!allowed.ok) {
      return this.#refuse(partnership.id, actor, 'agreed', allowed, {});
    }
    const rating = await this.#onScale(partnership.id, actor, 'agreed', input);
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.evaluations.saveAgreedRating(
        {
          partnershipId: partnership.id,
          academicYear: input.academicYear,
          model: model.id,
          strand: rating.strand,
          level: rating.level,
          note: input.note,
          agreedBy: actor.userId,
          at: this.#now(),
        },
        tx,
      );
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'evaluation.agreed_rating_saved',
          subjectId: partnership.id,
          detail: { academicYear: input.academicYear, strand: rating.strand, level: rating.level },
        },
        tx,
      );
    });
    const saved = await this.#deps.evaluations.agreedRatings(partnership.id, model.id, { year: input.academicYear });
    return this.#found(saved.find((r) => r.strand === rating.strand));
  }

  /**
   * Every year from the first rating or review to this one: per strand the agreed level and the average of the
   * self-ratings this person may read, and the review activity of each year.
   */
  async trend(partnershipId: string, actor: Actor): Promise<EvaluationTrend> {
    const { partnership, members } = await this.#scope(partnershipId, actor);
    const memberIds = members.map((s) => s.id);
    const visible = selfRatingsVisibleTo(actor, partnership, memberIds);
    const [selfRatings, agreed, held, actions, support] = await Promise.all([
      this.#deps.evaluations.selfRatings(partnership.id, model.id, visible, 'all'),
      this.#deps.evaluations.agreedRatings(partnership.id, model.id, 'all'),
      this.#deps.evaluations.reviewsHeld(partnership.id, HELD_STATES),
      (this.#deps.actionsCompleted ?? notRecorded)(partnership.id),
      (this.#deps.supportMatched ?? notRecorded)(partnership.id),
    ]);
    const years = yearSpan([
      academicYearOf(this.#now()),
      ...selfRatings.map((r) => r.academicYear),
      ...agreed.map((r) => r.academicYear),
      ...held.keys(),
    ]);
    const activity: YearActivity[] = years.map((academicYear) => ({
      academicYear,
      reviewsHeld: held.get(academicYear) ?? 0,
      actionsCompleted: actions ? (actions.get(academicYear) ?? 0) : null,
      supportMatched: support ? (support.get(academicYear) ?? 0) : null,
    }));
    return {
      model,
      years,
      selfRatingsFrom: seesAllSelfRatings(actor, partnership) ? 'all_member_schools' : 'own_schools',
      strands: strandTrends({ years, agreed, selfRatings }),
      activity,
    };
  }

  /** The strand and level named on the model's scale, or the refusal with its reason (logged and audited). */
  async #onScale(
    partnershipId: string,
    actor: Actor,
    kind: 'self' | 'agreed',
    input: { strand: string; level: string; academicYear: string },
  ) {
    const checked = checkRating(input.strand, input.level);
    if (checked.ok) {
      return checked;
    }
    this.#deps.logger.warn(
      { partnershipId, userId: actor.userId, kind, field: checked.field, academicYear: input.academicYear },
      'evaluation rating refused: not on the model',
    );
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'evaluation.rating_refused',
      subjectId: partnershipId,
      detail: { kind, field: checked.field, reason: checked.reason },
    });
    throw new Invalid(checked.reason, [{ path: checked.field, message: checked.reason }]);
  }

  /** Throws the rule's refusal, after logging and auditing what was tried and why. */
  async #refuse(
    partnershipId: string,
    actor: Actor,
    kind: 'self' | 'agreed',
    refusal: Refusal,
    detail: { schoolId?: string },
  ): Promise<never> {
    this.#deps.logger.warn({ partnershipId, userId: actor.userId, kind, ...detail }, 'evaluation rating refused');
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'evaluation.rating_refused',
      subjectId: partnershipId,
      detail: { kind, reason: refusal.reason, schoolId: detail.schoolId ?? null },
    });
    throw refusalOf(refusal);
  }

  #found<T>(row: T | undefined): T {
    if (!row) {
      throw new Error('an evaluation rating saved just now could not be read back');
    }
    return row;
  }
}
