import {
  RoleLabel,
  addDays,
  canListAccounts,
  canManageStaff,
  canReadAudit,
  canSeeStaff,
  decideDeactivation,
  decideErasure,
  decideReactivation,
  decideStaffRemoval,
  decideStaffRoleChange,
  describeAuditEvent,
  londonDateTime,
  type AccountList,
  type AccountSearch,
  type Actor,
  type AuditPage,
  type AuditQuery,
  type SchoolFacts,
  type SchoolRole,
  type SchoolStaff,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { EventBus } from '../../events/bus.ts';
import { Conflict, NotFound, Refused, refusalOf } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditLogRepository, AuditLogFilter } from '../audit/audit-log.repository.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import { auditCsv } from '../audit/audit-rows.ts';
import type { AuthService } from '../auth/auth.service.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { PeopleRepository, StaffRow } from './people.repository.ts';

export interface PeopleServiceDeps {
  sql: Sql;
  people: PeopleRepository;
  auditLog: AuditLogRepository;
  users: UsersRepository;
  audit: AuditRepository;
  auth: AuthService;
  events: EventBus;
  logger: Logger;
}

const AUDIT_PAGE_SIZE = 50;
/** The most entries one CSV file of the audit log holds. */
const AUDIT_CSV_MAX_EVENTS = 50_000;
const ACCOUNTS_PAGE_SIZE = 50;

/**
 * A school's staff and their roles, switching accounts off and on, and the audit log. Every change is audited;
 * a change that takes access away ends it at once on every process (through the event bus).
 */
export class PeopleService {
  readonly #deps: PeopleServiceDeps;
  constructor(deps: PeopleServiceDeps) {
    this.#deps = deps;
  }

  /** The school as the rules need it, or 404 when it does not exist or the person may not know of it. */
  async #school(schoolId: string, actor: Actor): Promise<SchoolFacts & { name: string }> {
    const school = await this.#deps.people.school(schoolId);
    if (!school || !canSeeStaff(actor, school)) {
      throw new NotFound('school');
    }
    return school;
  }

  async staff(schoolId: string, actor: Actor): Promise<SchoolStaff> {
    const school = await this.#school(schoolId, actor);
    const [rows, invitations] = await Promise.all([
      this.#deps.people.staffOf(school.id),
      canManageStaff(actor, school) ? this.#deps.people.openInvitationsFor(school.id) : Promise.resolve([]),
    ]);
    const heads = rows.filter((row) => row.role === 'headteacher' && !row.disabledAt).length;
    return {
      school: { id: school.id, name: school.name },
      canManage: canManageStaff(actor, school),
      members: rows.map((row) => {
        const facts = { userId: row.userId, role: row.role, headteacherCount: heads };
        const removal = decideStaffRemoval(actor, school, facts);
        return {
          userId: row.userId,
          displayName: row.displayName,
          email: row.email,
          role: row.role,
          disabled: row.disabledAt !== null,
          invitationPending: row.invitationPending,
          canChangeRole: canManageStaff(actor, school),
          canRemove: removal.ok,
          canDeactivate: !row.disabledAt && decideDeactivation(actor, accountFacts(row, school.id)).ok,
          canReactivate: row.disabledAt !== null && row.erasedAt === null && decideReactivation(actor).ok,
        };
      }),
      invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
    };
  }

  async changeRole(schoolId: string, userId: string, role: SchoolRole, actor: Actor): Promise<SchoolStaff> {
    const { sql, people, audit, logger } = this.#deps;
    const school = await this.#school(schoolId, actor);
    await sql.begin(async (tx) => {
      const heads = await people.lockHeadteachers(school.id, tx);
      const current = await people.lockMember(school.id, userId, tx);
      if (current === undefined) {
        throw new NotFound('member of staff');
      }
      const decision = decideStaffRoleChange(actor, school, { userId, role: current, headteacherCount: heads }, role);
      if (!decision.ok) {
        throw refusalOf(decision);
      }
      if (current === role) {
        return;
      }
      await people.setRole(school.id, userId, role, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'staff.role_changed',
          subjectId: userId,
          detail: { schoolId: school.id, schoolName: school.name, from: current, to: role },
        },
        tx,
      );
    });
    logger.info({ schoolId: school.id, userId, role }, 'school role changed');
    return this.staff(school.id, actor);
  }

  /**
   * Takes a person off the school's staff, and with it what that gave them: their host roles on the school's
   * reviews, its invitations to them, and whatever the school's reviews and its partnerships' reviews showed them
   * as staff or cluster member. Every process re-decides its live connections of those reviews at once.
   */
  async removeFromSchool(schoolId: string, userId: string, actor: Actor): Promise<SchoolStaff> {
    const { sql, people, audit, events, logger } = this.#deps;
    const school = await this.#school(schoolId, actor);
    const { hostRolesEnded, reached } = await sql.begin(async (tx) => {
      const heads = await people.lockHeadteachers(school.id, tx);
      const current = await people.lockMember(school.id, userId, tx);
      if (current === undefined) {
        throw new NotFound('member of staff');
      }
      const decision = decideStaffRemoval(actor, school, { userId, role: current, headteacherCount: heads });
      if (!decision.ok) {
        throw refusalOf(decision);
      }
      const reachedBefore = await people.reviewsReachedThrough(school.id, tx);
      await people.removeMember(school.id, userId, tx);
      const ended = await people.removeHostReviewRoles(school.id, userId, tx);
      await people.revokeSchoolInvitations(school.id, userId, tx);
      await audit.record(
        {
          actorUserId: actor.userId,
          action: 'staff.removed',
          subjectId: userId,
          detail: { schoolId: school.id, schoolName: school.name, role: current, hostReviewRolesEnded: ended.length },
        },
        tx,
      );
      for (const reviewId of ended) {
        await audit.record(
          {
            actorUserId: actor.userId,
            action: 'review.member_removed',
            subjectId: reviewId,
            reviewId,
            detail: { userId },
          },
          tx,
        );
      }
      return { hostRolesEnded: ended, reached: reachedBefore };
    });
    // After the commit, so every process re-decides against the new memberships.
    for (const reviewId of hostRolesEnded) {
      events.publish('review.member_removed', { reviewId, userId });
    }
    for (const reviewId of reached.filter((id) => !hostRolesEnded.includes(id))) {
      events.publish('review.access_changed', { reviewId });
    }
    logger.info(
      { schoolId: school.id, userId, reviews: reached.length, hostRoles: hostRolesEnded.length },
      'removed from a school',
    );
    return this.staff(school.id, actor);
  }

  /**
   * Switches an account off: its history stays (names on reviews, documents, audit), its access ends at once.
   * Every sign-in ends (so every live document, board and video socket closes on every process), open invitations
   * and password reset links stop working, and notifications skip it from now on.
   */
  async deactivate(userId: string, actor: Actor): Promise<void> {
    const { sql, people, audit, auth, logger } = this.#deps;
    const facts = await this.#visibleAccount(userId, actor);
    const decision = decideDeactivation(actor, facts);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    const revoked = await sql.begin(async (tx) => {
      const account = await people.lockAccount(userId, tx);
      if (!account) {
        throw new NotFound('person');
      }
      if (account.disabledAt) {
        throw new Conflict('This account is already switched off.');
      }
      await people.setDisabled(userId, true, tx);
      const invitations = await people.revokeInvitationsOf(userId, tx);
      await people.spendPasswordResetsOf(userId, tx);
      await audit.record(
        { actorUserId: actor.userId, action: 'account.deactivated', subjectId: userId, detail: { invitations } },
        tx,
      );
      return invitations;
    });
    const ended = await auth.endSignInsOf(userId, 'account_disabled');
    logger.info({ userId, signInsEnded: ended, invitationsRevoked: revoked }, 'account switched off');
  }

  async reactivate(userId: string, actor: Actor): Promise<void> {
    const { sql, people, audit, logger } = this.#deps;
    await this.#visibleAccount(userId, actor);
    const decision = decideReactivation(actor);
    if (!decision.ok) {
      throw refusalOf(decision);
    }
    await sql.begin(async (tx) => {
      const account = await people.lockAccount(userId, tx);
      if (!account) {
        throw new NotFound('person');
      }
      if (account.erasedAt) {
        throw new Conflict('This account was erased at the person’s request, so it cannot be switched back on.');
      }
      if (!account.disabledAt) {
        throw new Conflict('This account is already switched on.');
      }
      await people.setDisabled(userId, false, tx);
      await audit.record({ actorUserId: actor.userId, action: 'account.reactivated', subjectId: userId }, tx);
    });
    logger.info({ userId }, 'account switched back on');
  }

  /**
   * The account, if this person may know of it: administrators know every account; others those on the staff of
   * a school whose staff list they may see. Everyone else gets 404.
   */
  async #visibleAccount(userId: string, actor: Actor) {
    const { users, people } = this.#deps;
    const user = await users.findById(userId);
    if (!user) {
      throw new NotFound('person');
    }
    const [schools, partnerships] = await Promise.all([users.schoolsOf(userId), users.partnershipsOf(userId)]);
    if (!actor.isAdmin) {
      const facts = await Promise.all(schools.map((s) => people.school(s.schoolId)));
      if (!facts.some((school) => school !== undefined && canSeeStaff(actor, school))) {
        throw new NotFound('person');
      }
    }
    return {
      userId: user.id,
      isAdmin: user.isAdmin,
      schools: schools.map((s) => ({ schoolId: s.schoolId, role: s.role })),
      partnershipRoleCount: partnerships.length,
    };
  }

  /** Every account, found by name or email, with what the administrator may do to each. */
  async accounts(query: AccountSearch, actor: Actor): Promise<AccountList> {
    if (!canListAccounts(actor)) {
      throw new Refused('Only administrators can list every account.');
    }
    const rows = await this.#deps.people.accounts(
      query.search || undefined,
      ACCOUNTS_PAGE_SIZE + 1,
      (query.page - 1) * ACCOUNTS_PAGE_SIZE,
    );
    return {
      people: rows.slice(0, ACCOUNTS_PAGE_SIZE).map((row) => ({
        userId: row.userId,
        displayName: row.displayName,
        email: row.email,
        isAdmin: row.isAdmin,
        disabled: row.disabledAt !== null,
        schools: row.schools.map((s) => `${RoleLabel[s.role]} at ${s.schoolName}`),
        partnershipRoleCount: row.partnershipRoleCount,
        canDeactivate:
          !row.disabledAt &&
          decideDeactivation(actor, {
            userId: row.userId,
            isAdmin: row.isAdmin,
            schools: row.schools,
            partnershipRoleCount: row.partnershipRoleCount,
          }).ok,
        canReactivate: row.disabledAt !== null && row.erasedAt === null && decideReactivation(actor).ok,
        erased: row.erasedAt !== null,
        canErase: decideErasure(actor, { userId: row.userId, erased: row.erasedAt !== null }).ok,
      })),
      page: query.page,
      hasMore: rows.length > ACCOUNTS_PAGE_SIZE,
    };
  }

  async audit(query: AuditQuery, actor: Actor): Promise<AuditPage> {
    if (!canReadAudit(actor)) {
      throw new Refused('Only administrators can read the audit log.');
    }
    const rows = await this.#deps.auditLog.events({
      ...auditFilter(query),
      limit: AUDIT_PAGE_SIZE + 1,
      offset: (query.page - 1) * AUDIT_PAGE_SIZE,
    });
    const personName = query.person === undefined ? undefined : await this.#deps.people.displayName(query.person);
    return {
      entries: rows.slice(0, AUDIT_PAGE_SIZE).map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        action: row.action,
        description: describeAuditEvent({
          action: row.action,
          actor: row.actorName,
          subject: row.subjectName,
          detail: row.detail,
        }),
        actor: row.actorId && row.actorName ? { id: row.actorId, displayName: row.actorName } : null,
        subject: row.subjectId && row.subjectName ? { id: row.subjectId, displayName: row.subjectName } : null,
        reviewId: row.reviewId,
        from: row.from,
      })),
      page: query.page,
      pageSize: AUDIT_PAGE_SIZE,
      hasMore: rows.length > AUDIT_PAGE_SIZE,
      person: query.person && personName ? { id: query.person, displayName: personName } : null,
    };
  }

  /** The filtered log as CSV (every page, up to a limit); the download itself is audited. */
  async auditCsv(query: AuditQuery, actor: Actor): Promise<{ fileName: string; body: string }> {
    if (!canReadAudit(actor)) {
      throw new Refused('Only administrators can read the audit log.');
    }
    const rows = await this.#deps.auditLog.events({ ...auditFilter(query), limit: AUDIT_CSV_MAX_EVENTS });
    await this.#deps.audit.record({
      actorUserId: actor.userId,
      action: 'audit.exported',
      detail: {
        events: rows.length,
        action: query.action ?? null,
        person: query.person ?? null,
        review: query.review ?? null,
        fromDay: query.fromDay ?? null,
        toDay: query.toDay ?? null,
      },
    });
    return { fileName: 'audit-log.csv', body: auditCsv(rows) };
  }
}

/** The administrators' filters as the log reads them: whole days in the school's time zone, inclusive. */
function auditFilter(query: AuditQuery): Omit<AuditLogFilter, 'limit'> {
  return {
    actions: query.action === undefined ? undefined : [query.action],
    person: query.person,
    reviewId: query.review,
    since: query.fromDay === undefined ? undefined : londonDateTime(query.fromDay, '00:00'),
    until: query.toDay === undefined ? undefined : londonDateTime(addDays(query.toDay, 1), '00:00'),
  };
}

function accountFacts(row: StaffRow, schoolId: string) {
  return {
    userId: row.userId,
    isAdmin: row.isAdmin,
    schools: [schoolId, ...row.otherSchoolIds].map((id) => ({ schoolId: id, role: row.role })),
    partnershipRoleCount: row.partnershipRoleCount,
  };
}
