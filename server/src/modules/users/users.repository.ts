import type { PartnershipRole, SchoolRole } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

export interface UserRow {
  id: string;
  email: string;
  displayName: string;
  passwordHash: string | null;
  isAdmin: boolean;
  disabledAt: Date | null;
}

export interface SchoolMembershipRow {
  schoolId: string;
  schoolName: string;
  role: SchoolRole;
  county: string | null;
}

export interface PartnershipMembershipRow {
  partnershipId: string;
  partnershipName: string;
  role: PartnershipRole;
}

export class UsersRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async findByEmail(email: string): Promise<UserRow | undefined> {
    const [row] = await this.#sql<UserRow[]>`
      select id, email, display_name, password_hash, is_admin, disabled_at from users where email = ${email}`;
    return row;
  }

  async findById(id: string): Promise<UserRow | undefined> {
    const [row] = await this.#sql<UserRow[]>`
      select id, email, display_name, password_hash, is_admin, disabled_at from users where id = ${id}`;
    return row;
  }

  async create(
    input: { email: string; displayName: string; isAdmin?: boolean; passwordHash?: string | null },
    sql: Queryable = this.#sql,
  ): Promise<UserRow> {
    const [row] = await sql<UserRow[]>`
      insert into users (email, display_name, is_admin, password_hash)
      values (${input.email}, ${input.displayName}, ${input.isAdmin ?? false}, ${input.passwordHash ?? null})
      returning id, email, display_name, password_hash, is_admin, disabled_at`;
    if (!row) {
      throw new Error('insert into users returned no row');
    }
    return row;
  }

  async setPassword(userId: string, passwordHash: string, sql: Queryable = this.#sql): Promise<void> {
    await sql`update users set password_hash = ${passwordHash} where id = ${userId}`;
  }

  async setDisplayName(userId: string, displayName: string): Promise<void> {
    await this.#sql`update users set display_name = ${displayName} where id = ${userId}`;
  }

  async countAdmins(): Promise<number> {
    const [row] = await this.#sql<{ n: number }[]>`select count(*)::int as n from users where is_admin`;
    return row?.n ?? 0;
  }

  async schoolsOf(userId: string): Promise<SchoolMembershipRow[]> {
    return this.#sql<SchoolMembershipRow[]>`
      select s.id as school_id, s.name as school_name, m.role, s.county
      from school_members m join schools s on s.id = m.school_id
      where m.user_id = ${userId}
      order by s.name`;
  }

  async partnershipsOf(userId: string): Promise<PartnershipMembershipRow[]> {
    return this.#sql<PartnershipMembershipRow[]>`
      select p.id as partnership_id, p.name as partnership_name, m.role
      from partnership_members m join partnerships p on p.id = m.partnership_id
      where m.user_id = ${userId}
      order by p.name, m.role`;
  }

  async addSchoolMembership(
    userId: string,
    schoolId: string,
    role: SchoolRole,
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into school_members (school_id, user_id, role) values (${schoolId}, ${userId}, ${role})
      on conflict (school_id, user_id) do update set role = excluded.role`;
  }

  async addPartnershipRole(
    userId: string,
    partnershipId: string,
    role: PartnershipRole,
    sql: Queryable = this.#sql,
  ): Promise<void> {
    await sql`
      insert into partnership_members (partnership_id, user_id, role) values (${partnershipId}, ${userId}, ${role})
      on conflict do nothing`;
  }
}
