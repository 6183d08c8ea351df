import {
  canSeeBoard,
  seesOnlyTheBoard,
  canEditPartnership,
  canSeeReview,
  memberAccessEnded,
  leadsPartnershipOrParent,
  mayPlanRota,
  type Actor,
  type PartnershipDetail,
} from '@crosswalk/shared';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';
import { partnershipSeenBy } from './partnership-seen-by.ts';
import type { ReviewsRepository } from '../reviews/reviews.repository.ts';

/** Partnerships and clusters: who is in them and the year's review rota. */
export class PartnershipsService {
  readonly #directory: DirectoryRepository;
  readonly #reviews: ReviewsRepository;
  constructor(deps: { directory: DirectoryRepository; reviews: ReviewsRepository }) {
    this.#directory = deps.directory;
    this.#reviews = deps.reviews;
  }

  /** Each with `canEdit`: whether the person may change its set-up (an extension of the stable answer). */
  async list(actor: Actor): Promise<(PartnershipSummaryRow & { canEdit: boolean })[]> {
    const rows = actor.isAdmin
      ? await this.#directory.partnerships()
      : await this.#directory.partnershipsOf(actor.userId);
    return rows.map((row) => ({ ...row, canEdit: canEditPartnership(actor, row) }));
  }

  /** A cluster's page: its schools by county, and its rota (metadata for every member). 404 for outsiders. */
  async detail(partnershipId: string, actor: Actor): Promise<PartnershipDetail> {
    const partnership = await partnershipSeenBy(this.#directory, partnershipId, actor);
    const leads = leadsPartnershipOrParent(actor, partnership);
    const schools = await this.#directory.schoolsIn(partnership.id);
    // A local authority or board viewer sees the schools and the board view; the rota is per review, so not theirs.
    const boardOnly = seesOnlyTheBoard(
      actor,
      partnership,
      schools.map((s) => s.id),
    );
    const [reviews, people] = await Promise.all([
      boardOnly ? Promise.resolve([]) : this.#reviews.inPartnership(partnership.id),
      leads ? this.#directory.clusterPeople(partnership.id) : Promise.resolve([]),
    ]);
    const rota: PartnershipDetail['rota'] = [];
    for (const review of reviews) {
      const roles = await this.#reviews.viewerRoles(review, actor.userId);
      rota.push({
        reviewId: review.id,
        hostSchool: { id: review.hostSchoolId, name: review.hostSchoolName },
        academicYear: review.academicYear,
        state: review.state,
        startsOn: review.startsOn,
        endsOn: review.endsOn,
        canOpen: canSeeReview({
          roles,
          state: review.state,
          sharing: review.sharing,
          memberAccessEnded: memberAccessEnded(review, new Date()),
        }),
      });
    }
    return {
      id: partnership.id,
      name: partnership.name,
      kind: partnership.kind,
      sppPhase: partnership.sppPhase,
      schools,
      rota,
      canSchedule: leads,
      canPlanRota: mayPlanRota(actor, partnership),
      canEdit: canEditPartnership(actor, partnership),
      parentId: partnership.parentId,
      canSeeBoard: canSeeBoard(actor, partnership),
      boardOnly,
      people: people.map((p) => ({
        userId: p.userId,
        displayName: p.displayName,
        schoolName: p.schoolName,
        roles: p.roles,
      })),
    };
  }
}
