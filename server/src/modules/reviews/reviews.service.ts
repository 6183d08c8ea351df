import {
  AutomaticAfter,
  ReviewArtefacts,
  ReviewRoleLabel,
  assignableRoles,
  atLeast,
  canSeeReview,
  decideReadinessEdit,
  decideTransition,
  firstReviewDay,
  leadsPartnershipOrParent,
  nextActionsFor,
  reviewAccess,
  teamAdditionConflict,
  teamCandidatePool,
  type Access,
  type ActivityCreate,
  type Actor,
  type Dashboard,
  type Focus,
  type ReviewAccessContext,
  type ReviewArtefact,
  type ReviewCreate,
  type ReviewDetail,
  type ReviewFacts,
  type ReviewHistoryEntry,
  type ReviewRole,
  type ReviewSummary,
  type ReviewViewerRole,
  type SessionCreate,
  type SuggestedDays,
  type SuggestedDaysQuery,
  COMMON_DAYS_HORIZON,
  addDays,
  commonSchoolDays,
  londonDateTime,
  sessionParticipation,
  type SessionMove,
  type TeamMemberAdd,
  type TransitionRequest,
  londonDay,
  type DocumentFacts,
  EmptyImpactFacts,
  type ImpactFacts,
  type ReviewSession,
  memberAccessEnded,
  canSeeDeletionDate,
  contentDeletionDate,
  refusedAsBoardViewer,
} from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import {
  Conflict,
  Invalid,
  NotASchoolDay,
  NotFound,
  Refused,
  Unavailable,
  refusalOf,
} from '../../errors/domain-errors.ts';
import type { ActionsRepository } from '../actions/actions.repository.ts';
import { readPlanForPublishing } from '../actions/publish-plan.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { CalendarsService } from '../calendars/calendars.service.ts';
import type { DirectoryRepository } from '../directory/directory.repository.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { Logger } from '../../logger.ts';
import { recordSchoolDataRefused } from '../partnership-board/board-refusals.ts';
import { recordSignOff } from '../sign-offs/record-sign-off.ts';
import type { SignOffsRepository } from '../sign-offs/sign-offs.repository.ts';
import type { VersionsService } from '../versions/versions.service.ts';
import { readDocumentFacts } from './document-facts.ts';
import { sessionInvitation } from './ics.ts';
import { toSummary, type ReviewRow, type ReviewsRepository } from './reviews.repository.ts';

export interface ReviewsServiceDeps {
  sql: Sql;
  reviews: ReviewsRepository;
  /** Publishing the action plan makes a record of each action (docs/actions.md). */
  actions: Pick<ActionsRepository, 'publish'>;
  directory: DirectoryRepository;
  audit: AuditRepository;
  events: EventBus;
  /** Whether a day is a school day for the host school (sessions go on school days unless confirmed). */
  calendars: Pick<CalendarsService, 'requireSchoolDay' | 'takingPart'>;
  /** Signatures: who has signed, and the host headteacher's, recorded when they accept the report. */
  signOffs: SignOffsRepository;
  /** How many factual corrections the host has proposed that the lead reviewer has not decided yet. */
  pendingCorrections: (reviewId: string) => Promise<number>;
  /** The impact checkpoints recorded and the actions in the plan, for closing (docs/impact-review.md). */
  impactFacts: (reviewId: string) => Promise<ImpactFacts>;
  /** The clock (for "not before the first review day"); tests set their own. */
  now?: () => Date;
  /** Where a local authority or board viewer's attempt to open a review is logged (docs/board-view.md). */
  logger?: Logger;
}

/** What the lifecycle needs besides the review's own rows: the document, the signatures and the school days. */
interface WorkFacts {
  document: DocumentFacts | null;
  signed: string[];
  /** London days of review days that are not school days for the host school. */
  offDays: Set<string>;
  pendingCorrections: number;
  impact: ImpactFacts | null;
}

/** A review as one person may see it: the row, their roles, and the context the permission rules need. */
export interface ReviewView {
  row: ReviewRow;
  roles: ReviewViewerRole[];
  access: ReviewAccessContext;
}

/** Whether a person's only link to the cluster is seeing its board view: never on a review's team. */
function onlyBoardViewer(roles: readonly string[]): boolean {
  return roles.length > 0 && roles.every((role) => role === 'la_viewer');
}

/** The peer review lifecycle: scheduling, teams, timetables and state changes, each checked by the shared rules. */
export class ReviewsService {
  readonly #deps: ReviewsServiceDeps;
  #now: () => Date;
  #live: LiveDocuments | undefined;
  #versions: Pick<VersionsService, 'saveSnapshot'> | undefined;
  constructor(deps: ReviewsServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? (() => new Date());
  }

  /**
   * Connects the live documents (the guards read the enquiry document) and the versions (accepting the report
   * saves what was accepted), once the realtime server is mounted in this process.
   */
  attach(live: LiveDocuments | undefined, versions: Pick<VersionsService, 'saveSnapshot'>): void {
    this.#live = live;
    this.#versions = versions;
  }

  /** Sets the clock the lifecycle reads "today" from (tests never depend on the wall clock). */
  useClock(now: () => Date): void {
    this.#now = now;
  }

  /** Loads a review for a person, or 404 when they may not know it exists. */
  async view(reviewId: string, actor: Actor): Promise<ReviewView> {
    const row = await this.#deps.reviews.find(reviewId);
    if (!row) {
      throw new NotFound('review');
    }
    const view = await this.#viewOf(row, actor);
    if (!canSeeReview(view.access)) {
      await this.#boardViewerRefused(row, actor);
      throw new NotFound('review');
    }
    return view;
  }

  /**
   * A local authority or board viewer asking for a review is asking for one school's data: they get the same 404
   * as anyone, and the attempt is logged and audited (never the review's content).
   */
  async #boardViewerRefused(row: ReviewRow, actor: Actor): Promise<void> {
    const partnership = await this.#deps.directory.partnership(row.partnershipId);
    if (!partnership || !refusedAsBoardViewer(actor, partnership)) {
      return;
    }
    await recordSchoolDataRefused(this.#deps, actor, row.partnershipId, 'review', { reviewId: row.id });
  }

  /**
   * A person's roles on a review whether or not they may open it (null if there is no such review), for rules that
   * are not about the review's content (its audit log).
   */
  async viewerRolesOn(reviewId: string, actor: Actor): Promise<ReviewViewerRole[] | null> {
    const row = await this.#deps.reviews.find(reviewId);
    return row ? (await this.#viewOf(row, actor)).roles : null;
  }

  /** Loads a review and checks the person may reach `needed` on an artefact (403 if they see the review but not it). */
  async require(reviewId: string, actor: Actor, artefact: ReviewArtefact, needed: Access): Promise<ReviewView> {
    const view = await this.view(reviewId, actor);
    if (!atLeast(reviewAccess(view.access, artefact), needed)) {
      throw new Refused(`Your role on this review does not allow that.`);
    }
    return view;
  }

  async #viewOf(row: ReviewRow, actor: Actor): Promise<ReviewView> {
    const roles = await this.#deps.reviews.viewerRoles(row, actor.userId);
    const now = this.#now();
    return {
      row,
      roles,
      access: {
        roles,
        state: row.state,
        sharing: row.sharing,
        memberAccessEnded: memberAccessEnded(row, now),
        contentDeleted: row.contentDeletionStartedAt !== null,
      },
    };
  }

  async list(actor: Actor): Promise<ReviewSummary[]> {
    const rows = await this.#deps.reviews.candidatesFor(actor.userId);
    const visible: ReviewSummary[] = [];
    for (const row of rows) {
      const view = await this.#viewOf(row, actor);
      if (canSeeReview(view.access)) {
        visible.push(
          toSummary(
            row,
            view.roles.filter((r) => r !== 'cluster_member'),
          ),
        );
      }
    }
    return visible;
  }

  async detail(reviewId: string, actor: Actor): Promise<ReviewDetail> {
    const view = await this.view(reviewId, actor);
    const { reviews } = this.#deps;
    const [team, sessions] = await Promise.all([reviews.team(reviewId), reviews.sessions(reviewId)]);
    const facts = this.#facts(view.row, team, sessions, await this.#work(view.row, sessions));
    const access = Object.fromEntries(
      ReviewArtefacts.map((a) => [a, reviewAccess(view.access, a)]),
    ) as ReviewDetail['access'];
    const canSeeTeam = atLeast(access.team, 'read');
    return {
      ...toSummary(
        view.row,
        view.roles.filter((r) => r !== 'cluster_member'),
      ),
      mode: view.row.mode,
      team: canSeeTeam ? team.map(({ schoolIds: _schoolIds, ...member }) => member) : [],
      sessions,
      access,
      nextActions: nextActionsFor(facts, view.roles),
      assignableRoles: assignableRoles(view.roles, view.row.state),
      readiness: view.row.readiness,
      hasFocus: view.row.focus !== null,
      selfReviewSubmittedAt: view.row.selfReviewSubmittedAt?.toISOString() ?? null,
      retention: this.#retentionOf(view),
    };
  }

  /** What the review page says of retention: the deletion date to the host headteacher once told, and the tombstone. */
  #retentionOf(view: ReviewView): ReviewDetail['retention'] {
    const { row } = view;
    const deletesOn = row.contentDeletedAt === null && canSeeDeletionDate(view.roles) ? contentDeletionDate(row) : null;
    return {
      deletesOn: deletesOn ? londonDay(deletesOn) : null,
      contentDeletedOn: row.contentDeletedAt ? londonDay(row.contentDeletedAt) : null,
    };
  }

  /**
   * Reads the work the guards of the steps out of the review's state depend on. Uses the global connection and the
   * live documents, so never call it inside a transaction (PGlite has one connection).
   */
  async #work(row: ReviewRow, sessions: ReviewSession[]): Promise<WorkFacts> {
    const state = row.state;
    const offDays = new Set<string>();
    if (state === 'focus_agreed') {
      for (const day of new Set(
        sessions.filter((s) => s.kind === 'review_day').map((s) => londonDay(new Date(s.startsAt))),
      )) {
        const off = await this.#deps.calendars.requireSchoolDay(row.hostSchoolId, day).then(
          () => false,
          (error: unknown) => {
            if (!(error instanceof NotASchoolDay)) {
              throw error;
            }
            return true;
          },
        );
        if (off) {
          offDays.add(day);
        }
      }
    }
    const atFeedback = state === 'feedback_given';
    const [document, signed, pendingCorrections, impact] = await Promise.all([
      readDocumentFacts(this.#live, row.id, state),
      atFeedback ? this.#deps.signOffs.signedRoles(row.id) : Promise.resolve([]),
      atFeedback ? this.#deps.pendingCorrections(row.id) : Promise.resolve(0),
      state === 'impact_review' ? this.#deps.impactFacts(row.id) : Promise.resolve(EmptyImpactFacts),
    ]);
    return { document, signed, offDays, pendingCorrections, impact };
  }

  #facts(
    row: ReviewRow,
    team: { userId: string; role: ReviewFacts['team'][number]['role']; schoolIds: string[] }[],
    sessions: { kind: ReviewFacts['sessions'][number]['kind']; startsAt: string; activities: unknown[] }[],
    work: WorkFacts,
  ): ReviewFacts {
    return {
      state: row.state,
      pausedFrom: row.pausedFrom,
      hostSchoolId: row.hostSchoolId,
      focus: row.focus,
      team: team.map((m) => ({ userId: m.userId, role: m.role, schoolIds: m.schoolIds })),
      readiness: row.readiness,
      sessions: sessions.map((s) => {
        const day = londonDay(new Date(s.startsAt));
        return { kind: s.kind, activityCount: s.activities.length, day, schoolDay: !work.offDays.has(day) };
      }),
      selfReviewSubmitted: row.selfReviewSubmittedAt !== null,
      today: londonDay(this.#now()),
      signedOff: {
        leadReviewer: work.signed.includes('lead_reviewer'),
        hostHeadteacher: work.signed.includes('host_headteacher'),
      },
      pendingCorrections: work.pendingCorrections,
      document: work.document,
      impact: work.impact,
    };
  }

  /** A partnership lead schedules a review slot for a school in their cluster; the host's headteacher joins the team. */
  async create(actor: Actor, input: ReviewCreate): Promise<ReviewDetail> {
    const { sql, reviews, directory, audit } = this.#deps;
    const partnership = await directory.partnership(input.partnershipId);
    if (!partnership) {
      throw new Invalid('partnershipId: No such partnership', [
        { path: 'partnershipId', message: 'No such partnership' },
      ]);
    }
    if (!leadsPartnershipOrParent(actor, partnership)) {
      throw new Refused('Only the partnership lead can schedule reviews for this cluster.');
    }
    const school = await directory.school(input.hostSchoolId);
    if (!school?.partnershipIds.includes(partnership.id)) {
      throw new Invalid('hostSchoolId: This school is not in the cluster', [
        { path: 'hostSchoolId', message: 'This school is not in the cluster' },
      ]);
    }
    const id = await sql.begin(async (tx) => {
      const reviewId = await reviews.create(input, actor.userId, tx);
      const [head] = await reviews.headteachersOf(input.hostSchoolId, tx);
      if (head) {
        await reviews.addMember(reviewId, head, 'host_headteacher', actor.userId, tx);
      }
      await tx`insert into review_transitions (review_id, from_state, to_state, action, actor_user_id)
        values (${reviewId}, null, 'draft', 'schedule', ${actor.userId})`;
      await audit.record({ actorUserId: actor.userId, action: 'review.created', subjectId: reviewId, reviewId }, tx);
      return reviewId;
    });
    return this.detail(id, actor);
  }

  /**
   * Applies one lifecycle action (and any automatic follow-on) atomically, recording each step in the history.
   * The enquiry document and the calendar are read first (outside the transaction); the state and the
   * signatures are decided again under the review's lock. Accepting the report records the host headteacher's
   * signature on the version saved at that moment.
   */
  async transition(reviewId: string, actor: Actor, request: TransitionRequest): Promise<ReviewDetail> {
    const view = await this.view(reviewId, actor);
    const { sql, reviews, events, audit } = this.#deps;
    const options = request.override ? { override: request.override } : {};
    const sessionsBefore = await reviews.sessions(reviewId);
    const work = await this.#work(view.row, sessionsBefore);
    const before = decideTransition(
      this.#facts(view.row, await reviews.team(reviewId), sessionsBefore, work),
      request.action,
      view.roles,
      options,
    );
    if (!before.ok) {
      throw refusalOf(before);
    }
    const plan =
      request.action === 'publish_action_plan' && this.#live ? await readPlanForPublishing(this.#live, reviewId) : null;
    const accepted =
      request.action === 'accept_report'
        ? await this.#snapshot(reviewId, 'Report accepted by the host headteacher', actor.userId)
        : null;
    const changes = await sql.begin(async (tx) => {
      const row = await reviews.find(reviewId, tx, true);
      if (!row) {
        throw new NotFound('review');
      }
      if (row.state !== view.row.state) {
        throw new Conflict('Someone else changed this review a moment ago. Reload the page and try again.');
      }
      const signed = row.state === 'feedback_given' ? await this.#deps.signOffs.signedRoles(reviewId, tx) : [];
      const facts = this.#facts(row, await reviews.team(reviewId, tx), await reviews.sessions(reviewId, tx), {
        ...work,
        signed,
      });
      const decision = decideTransition(facts, request.action, view.roles, options);
      if (!decision.ok) {
        throw refusalOf(decision);
      }
      const notes = [
        request.note ?? null,
        decision.overridden ? `Opened before the first review day: ${request.override?.reason ?? ''}` : null,
      ].filter((n) => n !== null);
      const applied: { from: typeof row.state; to: typeof row.state; automatic: boolean }[] = [];
      await this.#apply(tx, {
        reviewId,
        from: row.state,
        to: decision.to,
        action: request.action,
        actorUserId: actor.userId,
        note: notes.length > 0 ? notes.join(' — ') : null,
        pausedFrom: decision.to === 'paused' ? row.state : null,
      });
      applied.push({ from: row.state, to: decision.to, automatic: false });
      if (plan) {
        const created = await this.#deps.actions.publish(reviewId, plan, tx);
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'action_plan.published',
            subjectId: reviewId,
            reviewId,
            detail: { actions: plan.length, created },
          },
          tx,
        );
      }
      if (request.action === 'submit_self_review') {
        await reviews.markSelfReviewSubmitted(reviewId, tx);
        await audit.record(
          { actorUserId: actor.userId, action: 'review.self_review_submitted', subjectId: reviewId, reviewId },
          tx,
        );
      }
      if (decision.overridden) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'review.opened_early',
            subjectId: reviewId,
            reviewId,
            detail: { reason: request.override?.reason ?? '', firstReviewDay: firstReviewDay(facts) },
          },
          tx,
        );
      }
      if (accepted) {
        await recordSignOff(
          { signOffs: this.#deps.signOffs, audit },
          {
            reviewId,
            role: 'host_headteacher',
            signedBy: actor.userId,
            reviewState: row.state,
            versionId: accepted.id,
            note: request.note ?? null,
          },
          tx,
        );
      }
      const follow = AutomaticAfter[decision.to];
      if (follow) {
        const next = decideTransition({ ...facts, state: decision.to }, follow, 'system');
        if (next.ok) {
          await this.#apply(tx, {
            reviewId,
            from: decision.to,
            to: next.to,
            action: follow,
            actorUserId: null,
            note: 'Automatic',
            pausedFrom: null,
          });
          applied.push({ from: decision.to, to: next.to, automatic: true });
        }
      }
      return applied;
    });
    // A step that keeps the state (submitting the self-review) is in the history, but moves nobody's turn on.
    for (const change of changes.filter((c) => c.from !== c.to)) {
      events.publish('review.state_changed', {
        reviewId,
        from: change.from,
        to: change.to,
        actorUserId: change.automatic ? null : actor.userId,
      });
    }
    return this.detail(reviewId, actor);
  }

  async #snapshot(reviewId: string, label: string, userId: string): Promise<{ id: string }> {
    if (!this.#versions) {
      throw new Unavailable('The report cannot be accepted on this server right now. Please try again shortly.');
    }
    return this.#versions.saveSnapshot(reviewId, label, userId);
  }

  async #apply(tx: Queryable, change: Parameters<ReviewsRepository['transition']>[0]): Promise<void> {
    if (!(await this.#deps.reviews.transition(change, tx))) {
      throw new Conflict('Someone else changed this review a moment ago. Reload the page and try again.');
    }
    await this.#deps.audit.record(
      {
        actorUserId: change.actorUserId,
        action: 'review.state_changed',
        subjectId: change.reviewId,
        reviewId: change.reviewId,
        detail: { transition: change.action, from: change.from, to: change.to },
      },
      tx,
    );
  }

  /** Ids of a review's sessions (for transports that must act on each, e.g. eviction). */
  async sessionIdsOf(reviewId: string): Promise<string[]> {
    return (await this.#deps.reviews.sessions(reviewId)).map((s) => s.id);
  }

  async history(reviewId: string, actor: Actor): Promise<ReviewHistoryEntry[]> {
    await this.view(reviewId, actor);
    return this.#deps.reviews.history(reviewId);
  }

  async addMember(reviewId: string, actor: Actor, input: TeamMemberAdd): Promise<ReviewDetail> {
    const view = await this.require(reviewId, actor, 'team', 'read');
    const { sql, reviews, directory, events, audit } = this.#deps;
    if (!assignableRoles(view.roles, view.row.state).includes(input.role)) {
      throw new Refused(`You cannot add a ${ReviewRoleLabel[input.role].toLowerCase()} to this review.`);
    }
    const person = await directory.clusterPerson(view.row.partnershipId, input.userId);
    if (!person || onlyBoardViewer(person.roles)) {
      throw new Invalid('userId: This person is not part of the cluster', [
        { path: 'userId', message: 'This person is not part of the cluster' },
      ]);
    }
    await sql.begin(async (tx) => {
      await tx`select id from reviews where id = ${reviewId} for update`;
      const team = await reviews.team(reviewId, tx);
      const conflict = teamAdditionConflict(
        this.#facts(view.row, team, [], {
          document: null,
          signed: [],
          offDays: new Set(),
          pendingCorrections: 0,
          impact: null,
        }),
        { userId: input.userId, displayName: person.displayName, schoolIds: person.schoolIds, role: input.role },
        view.row.hostSchoolName,
      );
      if (conflict) {
        throw new Conflict(conflict);
      }
      await reviews.addMember(reviewId, input.userId, input.role, actor.userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'review.member_added',
          subjectId: reviewId,
          reviewId,
          detail: { userId: input.userId, role: input.role },
        },
        tx,
      );
    });
    events.publish('review.member_added', {
      reviewId,
      userId: input.userId,
      role: input.role,
      actorUserId: actor.userId,
    });
    return this.detail(reviewId, actor);
  }

  /**
   * People this person may put on the team: the whole cluster for the partnership lead; the host school's staff
   * for the host headteacher (who names the link lead). With `role` "spp_associate": the cluster's people outside
   * the host school, for whoever may invite one. Never someone whose only link to the cluster is its board view.
   * 403 for anyone who may assign no one (or not that role).
   */
  async candidates(
    reviewId: string,
    actor: Actor,
    role?: ReviewRole,
  ): Promise<
    { userId: string; displayName: string; schoolName: string | null; roles: string[]; atHostSchool: boolean }[]
  > {
    const view = await this.require(reviewId, actor, 'team', 'read');
    const assignable = assignableRoles(view.roles, view.row.state);
    if (assignable.length === 0 || (role !== undefined && !assignable.includes(role))) {
      throw new Refused(
        role
          ? `You cannot add a ${ReviewRoleLabel[role].toLowerCase()} to this review.`
          : 'You cannot add people to this review.',
      );
    }
    const people = await this.#deps.directory.clusterPeople(view.row.partnershipId);
    const atHost = (p: { schoolIds: string[] }) => p.schoolIds.includes(view.row.hostSchoolId);
    const inPool =
      role === 'spp_associate'
        ? (p: { schoolIds: string[] }) => !atHost(p)
        : teamCandidatePool(view.roles) === 'host_staff'
          ? atHost
          : () => true;
    return people
      .filter((p) => !onlyBoardViewer(p.roles) && inPool(p))
      .map(({ userId, displayName, schoolName, roles, schoolIds }) => ({
        userId,
        displayName,
        schoolName,
        roles,
        atHostSchool: schoolIds.includes(view.row.hostSchoolId),
      }));
  }

  async removeMember(reviewId: string, actor: Actor, userId: string): Promise<ReviewDetail> {
    const view = await this.require(reviewId, actor, 'team', 'read');
    const team = await this.#deps.reviews.team(reviewId);
    const member = team.find((m) => m.userId === userId);
    if (!member) {
      throw new NotFound('team member');
    }
    if (!assignableRoles(view.roles, view.row.state).includes(member.role)) {
      throw new Refused(`You cannot remove a ${ReviewRoleLabel[member.role].toLowerCase()} from this review.`);
    }
    await this.#deps.reviews.removeMember(reviewId, userId);
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'review.member_removed',
      subjectId: reviewId,
      reviewId,
      detail: { userId },
    });
    this.#deps.events.publish('review.member_removed', { reviewId, userId, role: member.role });
    return this.detail(reviewId, actor);
  }

  async focus(reviewId: string, actor: Actor): Promise<Focus | null> {
    const view = await this.require(reviewId, actor, 'enquiry_focus', 'read');
    return view.row.focus;
  }

  async setFocus(reviewId: string, actor: Actor, focus: Focus): Promise<Focus> {
    await this.require(reviewId, actor, 'enquiry_focus', 'write');
    await this.#deps.reviews.setFocus(reviewId, focus);
    return focus;
  }

  async setReadiness(
    reviewId: string,
    actor: Actor,
    update: Partial<ReviewDetail['readiness']>,
  ): Promise<ReviewDetail> {
    const view = await this.view(reviewId, actor);
    const decision = decideReadinessEdit(view.roles, view.row.state);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    await this.#deps.reviews.setReadiness(reviewId, { ...view.row.readiness, ...update });
    return this.detail(reviewId, actor);
  }

  async addSession(reviewId: string, actor: Actor, input: SessionCreate): Promise<ReviewDetail> {
    const view = await this.require(reviewId, actor, 'schedule', 'write');
    const { confirmNonSchoolDay, ...session } = input;
    const offDay = await this.#offDay(view.row.hostSchoolId, session, confirmNonSchoolDay);
    const sessionId = await this.#deps.sql.begin(async (tx) => {
      const id = await this.#deps.reviews.addSession(reviewId, session, tx);
      await this.#recordOffDay(offDay, actor, reviewId, id, tx);
      return id;
    });
    this.#deps.events.publish('review.session_scheduled', { reviewId, sessionId });
    return this.detail(reviewId, actor);
  }

  /**
   * Days from `from` on which the host school and the schools of everyone taking part in that kind of session are
   * all open, avoiding days any of those people already have a session; for whoever may plan the timetable.
   */
  async suggestDays(reviewId: string, actor: Actor, query: SuggestedDaysQuery): Promise<SuggestedDays> {
    const view = await this.require(reviewId, actor, 'schedule', 'write');
    const takingPart = (await this.#deps.reviews.team(reviewId)).filter((member) =>
      ['participant', 'moderator'].includes(sessionParticipation([member.role], query.kind)),
    );
    const schools = await this.#deps.calendars.takingPart([
      view.row.hostSchoolId,
      ...takingPart.flatMap((member) => member.schoolIds),
    ]);
    const starts = await this.#deps.reviews.sessionStartsOf(
      takingPart.map((member) => member.userId),
      londonDateTime(query.from, '00:00'),
      londonDateTime(addDays(query.from, COMMON_DAYS_HORIZON), '00:00'),
    );
    const busy = new Set(starts.map((at) => londonDay(at)));
    return {
      schools: schools.map((school) => school.name),
      days: commonSchoolDays(schools, query.from, query.count, busy),
    };
  }

  async addActivity(reviewId: string, sessionId: string, actor: Actor, input: ActivityCreate): Promise<ReviewDetail> {
    await this.require(reviewId, actor, 'schedule', 'write');
    const session = await this.#deps.reviews.findSession(reviewId, sessionId);
    if (!session) {
      throw new NotFound('session');
    }
    if (session.kind !== 'review_day') {
      throw new Conflict('Activities belong to review days.');
    }
    // Pupil voice is audio only, whatever was asked (docs/domain.md e.3 rule 4).
    const mediaMode = input.kind === 'pupil_voice' ? 'audio_only' : (input.mediaMode ?? 'video');
    await this.#deps.reviews.addActivity(sessionId, { ...input, mediaMode });
    this.#deps.events.publish('session.activities_changed', { reviewId, sessionId });
    return this.detail(reviewId, actor);
  }

  /**
   * Ends an activity that is under way now, earlier than planned (the lead closes it): what it required, such as
   * audio only for pupil voice, stops applying at once. 409 if it is not under way.
   */
  async endActivity(reviewId: string, sessionId: string, activityId: string, actor: Actor): Promise<ReviewDetail> {
    await this.require(reviewId, actor, 'schedule', 'write');
    const session = await this.#deps.reviews.findSession(reviewId, sessionId);
    if (!session) {
      throw new NotFound('session');
    }
    const ended = await this.#deps.reviews.endActivityNow(sessionId, activityId);
    if (ended === 'not_found') {
      throw new NotFound('activity');
    }
    if (ended === 'not_running') {
      throw new Conflict('Only an activity that is under way now can be ended early.');
    }
    this.#deps.events.publish('session.activities_changed', { reviewId, sessionId });
    return this.detail(reviewId, actor);
  }

  /** Moves a session (and its activities with it) to another time; its participants get the calendar update. */
  async moveSession(reviewId: string, sessionId: string, actor: Actor, move: SessionMove): Promise<ReviewDetail> {
    const view = await this.require(reviewId, actor, 'schedule', 'write');
    const offDay = await this.#offDay(view.row.hostSchoolId, move, move.confirmNonSchoolDay);
    const moved = await this.#deps.sql.begin(async (tx) => {
      const found = await this.#deps.reviews.moveSession(
        reviewId,
        sessionId,
        new Date(move.startsAt),
        new Date(move.endsAt),
        tx,
      );
      if (found) {
        await this.#recordOffDay(offDay, actor, reviewId, sessionId, tx);
      }
      return found;
    });
    if (!moved) {
      throw new NotFound('session');
    }
    this.#deps.events.publish('review.session_moved', { reviewId, sessionId });
    this.#deps.events.publish('session.activities_changed', { reviewId, sessionId });
    return this.detail(reviewId, actor);
  }

  /** Calls a session off and removes it; refused once anyone has joined it (its record then stays). */
  async cancelSession(reviewId: string, sessionId: string, actor: Actor): Promise<ReviewDetail> {
    await this.require(reviewId, actor, 'schedule', 'write');
    const removed = await this.#deps.sql.begin((tx) => this.#deps.reviews.removeSession(reviewId, sessionId, tx));
    if (removed === 'not_found') {
      throw new NotFound('session');
    }
    if (removed === 'attended') {
      throw new Conflict('People have already joined this session, so it cannot be cancelled.');
    }
    this.#deps.events.publish('review.session_cancelled', { reviewId, sessionId, ...removed });
    return this.detail(reviewId, actor);
  }

  /**
   * The first day of a session's span that is not a school day for the host school, or null. Unless the person
   * confirmed it, such a day refuses the change (422 not_a_school_day, with the reason).
   */
  async #offDay(
    hostSchoolId: string,
    span: { startsAt: string; endsAt: string },
    confirmed: boolean | undefined,
  ): Promise<NotASchoolDay | null> {
    const days = new Set([londonDay(new Date(span.startsAt)), londonDay(new Date(span.endsAt))]);
    for (const day of days) {
      const offDay = await this.#deps.calendars.requireSchoolDay(hostSchoolId, day).then(
        () => null,
        (error: unknown) => {
          if (!(error instanceof NotASchoolDay)) {
            throw error;
          }
          return error;
        },
      );
      if (offDay) {
        if (!confirmed) {
          throw offDay;
        }
        return offDay;
      }
    }
    return null;
  }

  /** Kept so a session on a day the school is not open can be traced to whoever confirmed it. */
  async #recordOffDay(
    offDay: NotASchoolDay | null,
    actor: Actor,
    reviewId: string,
    sessionId: string,
    tx: Tx,
  ): Promise<void> {
    if (offDay) {
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'session.scheduled_on_non_school_day',
          subjectId: sessionId,
          reviewId,
          detail: { reviewId, day: offDay.day, reason: offDay.reason },
        },
        tx,
      );
    }
  }

  async invitation(
    reviewId: string,
    sessionId: string,
    actor: Actor,
    origin: string,
  ): Promise<{ filename: string; body: string }> {
    const view = await this.view(reviewId, actor);
    const session = (await this.#deps.reviews.sessions(reviewId)).find((s) => s.id === sessionId);
    if (!session) {
      throw new NotFound('session');
    }
    const body = sessionInvitation({
      uid: session.id,
      title: `${session.title}: peer review of ${view.row.hostSchoolName}`,
      description: `Crosswalk peer review of ${view.row.hostSchoolName} (${view.row.partnershipName}). Join from Crosswalk: ${origin}/reviews/${reviewId}`,
      startsAt: new Date(session.startsAt),
      endsAt: new Date(session.endsAt),
      url: `${origin}/reviews/${reviewId}`,
    });
    return { filename: `crosswalk-${session.kind.replace(/_/g, '-')}.ics`, body };
  }

  /** My reviews by state, my next sessions, and what is waiting for me to do. */
  async dashboard(actor: Actor): Promise<Dashboard> {
    const rows = await this.#deps.reviews.candidatesFor(actor.userId);
    const dashboard: Dashboard = { reviews: [], nextSessions: [], waiting: [] };
    const now = Date.now();
    for (const row of rows) {
      const view = await this.#viewOf(row, actor);
      if (!canSeeReview(view.access)) {
        continue;
      }
      dashboard.reviews.push(
        toSummary(
          row,
          view.roles.filter((r) => r !== 'cluster_member'),
        ),
      );
      const [team, sessions] = await Promise.all([
        this.#deps.reviews.team(row.id),
        this.#deps.reviews.sessions(row.id),
      ]);
      for (const session of sessions) {
        if (new Date(session.endsAt).getTime() > now) {
          dashboard.nextSessions.push({
            reviewId: row.id,
            hostSchoolName: row.hostSchoolName,
            sessionId: session.id,
            kind: session.kind,
            title: session.title,
            startsAt: session.startsAt,
            endsAt: session.endsAt,
          });
        }
      }
      const facts = this.#facts(row, team, sessions, await this.#work(row, sessions));
      for (const next of nextActionsFor(facts, view.roles)) {
        if (next.action !== 'pause' && next.action !== 'cancel' && next.action !== 'resume') {
          dashboard.waiting.push({ reviewId: row.id, hostSchoolName: row.hostSchoolName, ...next });
        }
      }
    }
    dashboard.nextSessions.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
    dashboard.nextSessions = dashboard.nextSessions.slice(0, 10);
    return dashboard;
  }
}
