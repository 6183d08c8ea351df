import type { SchoolRole } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface StaffRow {
  userId: string;
  displayName: string;
  email: string;
  role: SchoolRole;
  disabledAt: Date | null;
  /** Erased at the person's request: never switched back on. */
  erasedAt: Date | null;
  /** No password and no single sign-on yet: the invitation that made the account is still open. */
  invitationPending: boolean;
  /** Schools other than this one the person belongs to. */
  otherSchoolIds: string[];
  partnershipRoleCount: number;
  isAdmin: boolean;
}

export interface StaffInvitationRow {
  email: string;
  displayName: string;
  role: SchoolRole;
  expiresAt: Date;
}

/** Host roles on a review that a person holds because they are on the host school's staff. */
const HOST_REVIEW_ROLES = ['host_headteacher', 'host_link_lead'];

/** Staff of schools and switching accounts off and on. */
export class PeopleRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  /** The school, with the partnerships it belongs to and their parents (for the staff rules). */
  async school(
    schoolId: string,
  ): Promise<{ id: string; name: string; partnerships: { id: string; parentId: string | null }[] } | undefined> {
    const [row] = await this.#sql<
      { id: string; name: string; partnerships: { id: string; parentId: string | null }[] }[]
    >`
      select s.id, s.name,
        coalesce((
          select json_agg(json_build_object('id', p.id, 'parentId', p.parent_id))
          from partnership_schools ps join partnerships p on p.id = ps.partnership_id where ps.school_id = s.id
        ), '[]'::json) as partnerships
      from schools s where s.id = ${schoolId}`;
    return row;
  }

  async staffOf(schoolId: string, userId?: string, sql: Queryable = this.#sql): Promise<StaffRow[]> {
    return sql<StaffRow[]>`
      select u.id as user_id, u.display_name, u.email, m.role, u.disabled_at, u.erased_at, u.is_admin,
        (u.password_hash is null and u.erased_at is null
          and not exists (select 1 from user_identities i where i.user_id = u.id)) as invitation_pending,
        array(select o.school_id from school_members o where o.user_id = u.id and o.school_id <> ${schoolId})
          as other_school_ids,
        (select count(*)::int from partnership_members pm where pm.user_id = u.id) as partnership_role_count
      from school_members m join users u on u.id = m.user_id
      where m.school_id = ${schoolId} ${userId === undefined ? sql`` : sql`and m.user_id = ${userId}`}
      order by (u.disabled_at is not null), u.display_name, u.email`;
  }

  /** One member of the school, its row locked for the transaction that changes it. */
  async lockMember(schoolId: string, userId: string, tx: Queryable): Promise<SchoolRole | undefined> {
    const [row] = await tx<{ role: SchoolRole }[]>`
      select role from school_members where school_id = ${schoolId} and user_id = ${userId} for update`;
    return row?.role;
  }

  /** How many headteachers the school has whose accounts are on, with their rows locked (two heads, one change). */
  async lockHeadteachers(schoolId: string, tx: Queryable): Promise<number> {
    const rows = await tx<{ userId: string }[]>`
      select m.user_id from school_members m join users u on u.id = m.user_id
      where m.school_id = ${schoolId} and m.role = 'headteacher' and u.disabled_at is null
      for update of m`;
    return rows.length;
  }

  async setRole(schoolId: string, userId: string, role: SchoolRole, tx: Queryable): Promise<void> {
    await tx`update school_members set role = ${role} where school_id = ${schoolId} and user_id = ${userId}`;
  }

  async removeMember(schoolId: string, userId: string, tx: Queryable): Promise<void> {
    await tx`delete from school_members where school_id = ${schoolId} and user_id = ${userId}`;
  }

  /** Takes away the host roles the person held on the school's reviews; returns those reviews. */
  async removeHostReviewRoles(schoolId: string, userId: string, tx: Queryable): Promise<string[]> {
    const rows = await tx<{ reviewId: string }[]>`
      delete from review_members m using reviews r
      where r.id = m.review_id and r.host_school_id = ${schoolId} and m.user_id = ${userId}
        and m.role in ${tx(HOST_REVIEW_ROLES)}
      returning m.review_id`;
    return rows.map((row) => row.reviewId);
  }

  /** Withdraws the open invitations offering the person a role at the school. */
  async revokeSchoolInvitations(schoolId: string, userId: string, tx: Queryable): Promise<void> {
    await tx`
      update invitations set revoked_at = now()
      where school_id = ${schoolId} and user_id = ${userId} and accepted_at is null and revoked_at is null`;
  }

  /**
   * Reviews a member of the school may reach because they are on its staff: those the school hosts (host staff)
   * and those of the partnerships it belongs to (cluster members).
   */
  async reviewsReachedThrough(schoolId: string, tx: Queryable = this.#sql): Promise<string[]> {
    const rows = await tx<{ id: string }[]>`
      select r.id from reviews r
      where r.host_school_id = ${schoolId}
        or r.partnership_id in (select partnership_id from partnership_schools where school_id = ${schoolId})`;
    return rows.map((row) => row.id);
  }

  /** Open invitations offering a role at the school to an account that already exists. */
  async openInvitationsFor(schoolId: string): Promise<StaffInvitationRow[]> {
    return this.#sql<StaffInvitationRow[]>`
      select u.email, u.display_name, i.school_role as role, i.expires_at
      from invitations i join users u on u.id = i.user_id
      where i.school_id = ${schoolId} and i.accepted_at is null and i.revoked_at is null and i.expires_at > now()
      order by i.created_at desc`;
  }

  /** Locks the account's row and says whether it is switched off (undefined: no such account). */
  async lockAccount(
    userId: string,
    tx: Queryable,
  ): Promise<{ disabledAt: Date | null; erasedAt: Date | null } | undefined> {
    const [row] = await tx<{ disabledAt: Date | null; erasedAt: Date | null }[]>`
      select disabled_at, erased_at from users where id = ${userId} for update`;
    return row;
  }

  async setDisabled(userId: string, disabled: boolean, tx: Queryable): Promise<void> {
    await tx`update users set disabled_at = ${disabled ? tx`now()` : null} where id = ${userId}`;
  }

  /** Withdraws every open invitation of the account; returns how many. */
  async revokeInvitationsOf(userId: string, tx: Queryable): Promise<number> {
    const rows = await tx`
      update invitations set revoked_at = now()
      where user_id = ${userId} and accepted_at is null and revoked_at is null returning id`;
    return rows.length;
  }

  /** Uses up every open password reset link of the account, so none works again even if it is switched back on. */
  async spendPasswordResetsOf(userId: string, tx: Queryable): Promise<void> {
    await tx`update password_resets set used_at = now() where user_id = ${userId} and used_at is null`;
  }

  /** Accounts whose name or email contains `search`, by name; with their schools and partnership roles. */
  async accounts(search: string | undefined, limit: number, offset: number) {
    const sql = this.#sql;
    const pattern = search ? `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
    return sql<
      {
        userId: string;
        displayName: string;
        email: string;
        isAdmin: boolean;
        disabledAt: Date | null;
        erasedAt: Date | null;
        schools: { schoolId: string; schoolName: string; role: SchoolRole }[];
        partnershipRoleCount: number;
      }[]
    >`
      select u.id as user_id, u.display_name, u.email, u.is_admin, u.disabled_at, u.erased_at,
        coalesce((
          select json_agg(json_build_object('schoolId', s.id, 'schoolName', s.name, 'role', m.role) order by s.name)
          from school_members m join schools s on s.id = m.school_id where m.user_id = u.id
        ), '[]'::json) as schools,
        (select count(*)::int from partnership_members pm where pm.user_id = u.id) as partnership_role_count
      from users u
      ${pattern === undefined ? sql`` : sql`where u.display_name ilike ${pattern} or u.email ilike ${pattern}`}
      order by u.display_name, u.email
      limit ${limit} offset ${offset}`;
  }

  async displayName(userId: string): Promise<string | undefined> {
    const [row] = await this.#sql<{ displayName: string }[]>`select display_name from users where id = ${userId}`;
    return row?.displayName;
  }
}
