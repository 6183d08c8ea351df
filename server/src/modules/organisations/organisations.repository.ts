import { DEFAULT_CONTENT_RETENTION_MONTHS, DEFAULT_MEMBER_ACCESS_MONTHS } from '@crosswalk/shared';
import type {
  LocalAuthorityInput,
  LocalAuthorityView,
  PartnershipInput,
  PartnershipRef,
  SafeguardingContact,
  SafeguardingContacts,
  SchoolInput,
  SchoolPhase,
  SchoolSummary,
  TrustView,
} from '@crosswalk/shared';
import type { Queryable, Sql, Tx } from '../../db/client.ts';

interface SchoolRow {
  id: string;
  name: string;
  phase: SchoolPhase;
  urn: string | null;
  laId: string | null;
  laName: string | null;
  laCode: string | null;
}

const toSummary = (row: SchoolRow): SchoolSummary => ({
  id: row.id,
  name: row.name,
  phase: row.phase,
  urn: row.urn,
  localAuthority: row.laId ? { id: row.laId, name: row.laName ?? '', code: row.laCode } : null,
});

/** Local authorities, partnerships and schools as people set them up (docs/organisations.md). */
export class OrganisationsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  // Local authorities

  async localAuthorities(): Promise<LocalAuthorityView[]> {
    return this.#sql<LocalAuthorityView[]>`
      select la.id, la.name, la.code, la.county, la.lado_name, la.lado_email, la.lado_phone,
        (select count(*)::int from schools s where s.local_authority_id = la.id) as school_count
      from local_authorities la order by la.name`;
  }

  async localAuthorityExists(id: string, sql: Queryable = this.#sql): Promise<boolean> {
    const [row] = await sql`select 1 from local_authorities where id = ${id}`;
    return row !== undefined;
  }

  /** Which of the name and code are already used by another authority (they are unique). */
  async localAuthorityClashes(
    input: { name: string; code: string },
    exceptId: string | null,
    sql: Queryable = this.#sql,
  ): Promise<{ name: boolean; code: boolean }> {
    const rows = await sql<{ name: string; code: string | null }[]>`
      select name, code from local_authorities
      where (lower(name) = lower(${input.name}) or code = ${input.code})
        ${exceptId ? sql`and id <> ${exceptId}` : sql``}`;
    return {
      name: rows.some((r) => r.name.toLowerCase() === input.name.toLowerCase()),
      code: rows.some((r) => r.code === input.code),
    };
  }

  async createLocalAuthority(input: LocalAuthorityInput, tx: Tx): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into local_authorities (name, code, county, lado_name, lado_email, lado_phone)
      values (${input.name}, ${input.code}, ${input.county || input.name}, ${input.ladoName || null},
        ${input.ladoEmail}, ${input.ladoPhone || null})
      returning id`;
    if (!row) {
      throw new Error('local authority was not stored');
    }
    return row.id;
  }

  async updateLocalAuthority(id: string, input: LocalAuthorityInput, tx: Tx): Promise<boolean> {
    const rows = await tx`
      update local_authorities set name = ${input.name}, code = ${input.code}, county = ${input.county || input.name},
        lado_name = ${input.ladoName || null}, lado_email = ${input.ladoEmail}, lado_phone = ${input.ladoPhone || null}
      where id = ${id} returning id`;
    return rows.length === 1;
  }

  /** Every authority with a code, by code: what a GIAS file names them by. */
  async localAuthoritiesByCode(sql: Queryable = this.#sql): Promise<Map<string, { id: string; county: string }>> {
    const rows = await sql<{ id: string; code: string; county: string }[]>`
      select id, code, county from local_authorities where code is not null`;
    return new Map(rows.map((r) => [r.code, { id: r.id, county: r.county }]));
  }

  async localAuthorityChoices(): Promise<{ id: string; name: string; code: string | null }[]> {
    return this.#sql`select id, name, code from local_authorities order by name`;
  }

  // Trusts

  async trusts(): Promise<TrustView[]> {
    return this.#sql<TrustView[]>`
      select t.id, t.name, (select count(*)::int from schools s where s.trust_id = t.id) as school_count
      from trusts t order by t.name`;
  }

  async trustChoices(): Promise<{ id: string; name: string }[]> {
    return this.#sql`select id, name from trusts order by name`;
  }

  /** Whether another trust (not `exceptId`) already has this name, ignoring case. */
  async trustNameTaken(name: string, exceptId: string | null, sql: Queryable = this.#sql): Promise<boolean> {
    const rows = await sql`
      select 1 from trusts where lower(name) = lower(${name}) and (${exceptId}::uuid is null or id <> ${exceptId})`;
    return rows.length > 0;
  }

  async trustExists(id: string, sql: Queryable = this.#sql): Promise<boolean> {
    return (await sql`select 1 from trusts where id = ${id}`).length > 0;
  }

  async createTrust(name: string, tx: Tx): Promise<string> {
    const [row] = await tx<{ id: string }[]>`insert into trusts (name) values (${name}) returning id`;
    if (!row) {
      throw new Error('trust was not stored');
    }
    return row.id;
  }

  async renameTrust(id: string, name: string, tx: Tx): Promise<boolean> {
    return (await tx`update trusts set name = ${name} where id = ${id}`).count === 1;
  }

  async trustOf(schoolId: string): Promise<{ id: string; name: string } | null> {
    const [row] = await this.#sql<{ id: string; name: string }[]>`
      select t.id, t.name from schools s join trusts t on t.id = s.trust_id where s.id = ${schoolId}`;
    return row ?? null;
  }

  async setSchoolTrust(schoolId: string, trustId: string | null, tx: Tx): Promise<void> {
    await tx`update schools set trust_id = ${trustId} where id = ${schoolId}`;
  }

  // Partnerships

  async createPartnership(input: PartnershipInput, tx: Tx): Promise<string> {
    const [row] = await tx<{ id: string }[]>`
      insert into partnerships (name, kind, spp_phase, parent_id)
      values (${input.name}, ${input.kind}, ${input.sppPhase}, ${input.parentId})
      returning id`;
    if (!row) {
      throw new Error('partnership was not stored');
    }
    return row.id;
  }

  async addLead(partnershipId: string, userId: string, tx: Tx): Promise<void> {
    await tx`
      insert into partnership_members (partnership_id, user_id, role)
      values (${partnershipId}, ${userId}, 'partnership_lead') on conflict do nothing`;
  }

  async updatePartnership(id: string, input: PartnershipInput, tx: Tx): Promise<void> {
    await tx`
      update partnerships set name = ${input.name}, kind = ${input.kind}, spp_phase = ${input.sppPhase},
        parent_id = ${input.parentId}
      where id = ${id}`;
  }

  /** Months a closed review of this partnership stays open to its reviewers and champion. */
  async memberAccessMonths(id: string, sql: Queryable = this.#sql): Promise<number> {
    const [row] = await sql<{ memberAccessMonths: number }[]>`
      select member_access_months from partnerships where id = ${id}`;
    return row?.memberAccessMonths ?? DEFAULT_MEMBER_ACCESS_MONTHS;
  }

  async setMemberAccessMonths(id: string, months: number, tx: Tx): Promise<void> {
    await tx`update partnerships set member_access_months = ${months} where id = ${id}`;
  }

  /** Months after a review of this partnership closes until its content is deleted. */
  async contentRetentionMonths(id: string, sql: Queryable = this.#sql): Promise<number> {
    const [row] = await sql<{ contentRetentionMonths: number }[]>`
      select content_retention_months from partnerships where id = ${id}`;
    return row?.contentRetentionMonths ?? DEFAULT_CONTENT_RETENTION_MONTHS;
  }

  async setContentRetentionMonths(id: string, months: number, tx: Tx): Promise<void> {
    await tx`update partnerships set content_retention_months = ${months} where id = ${id}`;
  }

  /** Months a record of a safeguarding concern at this school is kept (null: until the school decides). */
  async safeguardingRetentionMonths(schoolId: string): Promise<number | null> {
    const [row] = await this.#sql<{ safeguardingRetentionMonths: number | null }[]>`
      select safeguarding_retention_months from schools where id = ${schoolId}`;
    return row?.safeguardingRetentionMonths ?? null;
  }

  async setSafeguardingRetentionMonths(schoolId: string, months: number | null, tx: Tx): Promise<void> {
    await tx`update schools set safeguarding_retention_months = ${months} where id = ${schoolId}`;
  }

  async clusters(partnershipId: string, sql: Queryable = this.#sql): Promise<{ id: string; name: string }[]> {
    return sql`select id, name from partnerships where parent_id = ${partnershipId} order by name`;
  }

  async partnershipName(id: string): Promise<string | undefined> {
    const [row] = await this.#sql<{ name: string }[]>`select name from partnerships where id = ${id}`;
    return row?.name;
  }

  /** Top-level partnerships (no parent of their own), optionally only those a person leads. */
  async topLevelPartnerships(ledBy: string | null): Promise<{ id: string; name: string }[]> {
    return this.#sql`
      select p.id, p.name from partnerships p
      where p.parent_id is null
        ${
          ledBy
            ? this.#sql`and exists (select 1 from partnership_members m
                where m.partnership_id = p.id and m.user_id = ${ledBy} and m.role = 'partnership_lead')`
            : this.#sql``
        }
      order by p.name`;
  }

  // Schools

  async schoolsIn(partnershipId: string, sql: Queryable = this.#sql): Promise<SchoolSummary[]> {
    const rows = await sql<SchoolRow[]>`
      select s.id, s.name, s.phase, s.urn, la.id as la_id, la.name as la_name, la.code as la_code
      from partnership_schools ps join schools s on s.id = ps.school_id
      left join local_authorities la on la.id = s.local_authority_id
      where ps.partnership_id = ${partnershipId}
      order by s.name`;
    return rows.map(toSummary);
  }

  async school(id: string): Promise<SchoolSummary | undefined> {
    const [row] = await this.#sql<SchoolRow[]>`
      select s.id, s.name, s.phase, s.urn, la.id as la_id, la.name as la_name, la.code as la_code
      from schools s left join local_authorities la on la.id = s.local_authority_id
      where s.id = ${id}`;
    return row ? toSummary(row) : undefined;
  }

  async partnershipsOfSchool(schoolId: string): Promise<(PartnershipRef & { name: string })[]> {
    return this.#sql`
      select p.id, p.parent_id, p.name from partnership_schools ps join partnerships p on p.id = ps.partnership_id
      where ps.school_id = ${schoolId} order by p.name`;
  }

  async schoolsByUrn(urns: string[], sql: Queryable = this.#sql): Promise<Map<string, { id: string; name: string }>> {
    if (urns.length === 0) {
      return new Map();
    }
    const rows = await sql<{ id: string; name: string; urn: string }[]>`
      select id, name, urn from schools where urn in ${sql(urns)}`;
    return new Map(rows.map((r) => [r.urn, { id: r.id, name: r.name }]));
  }

  /** The school with this URN other than `exceptId`, if any (URNs are unique). */
  async urnHolder(urn: string, exceptId: string | null, sql: Queryable = this.#sql): Promise<string | undefined> {
    const [row] = await sql<{ name: string }[]>`
      select name from schools where urn = ${urn} ${exceptId ? sql`and id <> ${exceptId}` : sql``}`;
    return row?.name;
  }

  /**
   * Stores a new school, or answers the id of the one that already has its URN (a parallel import may have just
   * created it): URNs are unique, so the same school is never stored twice.
   */
  async createSchool(
    input: { name: string; phase: SchoolPhase; urn: string | null; localAuthorityId: string; county: string },
    tx: Tx,
  ): Promise<{ id: string; created: boolean }> {
    const [row] = await tx<{ id: string }[]>`
      insert into schools (name, phase, urn, local_authority_id, county)
      values (${input.name}, ${input.phase}, ${input.urn}, ${input.localAuthorityId}, ${input.county})
      on conflict (urn) do nothing returning id`;
    if (row) {
      return { id: row.id, created: true };
    }
    const [existing] = await tx<{ id: string }[]>`select id from schools where urn = ${input.urn}`;
    if (!existing) {
      throw new Error('school was neither stored nor found');
    }
    return { id: existing.id, created: false };
  }

  async updateSchool(id: string, input: SchoolInput, county: string, tx: Tx): Promise<void> {
    await tx`
      update schools set name = ${input.name}, phase = ${input.phase}, urn = ${input.urn},
        local_authority_id = ${input.localAuthorityId}, county = ${county}
      where id = ${id}`;
  }

  async countyOf(localAuthorityId: string, sql: Queryable = this.#sql): Promise<string | undefined> {
    const [row] = await sql<{ county: string }[]>`select county from local_authorities where id = ${localAuthorityId}`;
    return row?.county;
  }

  /** Adds a school to a partnership; false when it was already a member. */
  async linkSchool(partnershipId: string, schoolId: string, tx: Tx): Promise<boolean> {
    const rows = await tx`
      insert into partnership_schools (partnership_id, school_id) values (${partnershipId}, ${schoolId})
      on conflict do nothing returning school_id`;
    return rows.length === 1;
  }

  async unlinkSchool(partnershipId: string, schoolId: string, tx: Tx): Promise<boolean> {
    const rows = await tx`
      delete from partnership_schools where partnership_id = ${partnershipId} and school_id = ${schoolId}
      returning school_id`;
    return rows.length === 1;
  }

  /** Reviews of the partnership the school hosts that are still going (not closed or cancelled). */
  async liveReviewsHostedBy(partnershipId: string, schoolId: string, sql: Queryable = this.#sql): Promise<number> {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from reviews
      where partnership_id = ${partnershipId} and host_school_id = ${schoolId} and state not in ('closed', 'cancelled')`;
    return row?.n ?? 0;
  }

  // Safeguarding contacts

  async contacts(schoolId: string): Promise<SafeguardingContacts> {
    const rows = await this.#sql<(SafeguardingContact & { role: 'dsl' | 'deputy_dsl' })[]>`
      select role, name, email, phone from school_safeguarding_contacts where school_id = ${schoolId}`;
    const of = (role: 'dsl' | 'deputy_dsl') => {
      const row = rows.find((r) => r.role === role);
      return row ? { name: row.name, email: row.email, phone: row.phone } : null;
    };
    return { dsl: of('dsl'), deputyDsl: of('deputy_dsl') };
  }

  async setContacts(schoolId: string, contacts: SafeguardingContacts, userId: string, tx: Tx): Promise<void> {
    for (const [role, contact] of [
      ['dsl', contacts.dsl],
      ['deputy_dsl', contacts.deputyDsl],
    ] as const) {
      if (contact) {
        await tx`
          insert into school_safeguarding_contacts (school_id, role, name, email, phone, updated_by)
          values (${schoolId}, ${role}, ${contact.name}, ${contact.email}, ${contact.phone}, ${userId})
          on conflict (school_id, role) do update set name = excluded.name, email = excluded.email,
            phone = excluded.phone, updated_at = now(), updated_by = excluded.updated_by`;
      } else {
        await tx`delete from school_safeguarding_contacts where school_id = ${schoolId} and role = ${role}`;
      }
    }
  }

  async ladoRecorded(localAuthorityId: string | null): Promise<boolean> {
    if (!localAuthorityId) {
      return false;
    }
    const [row] = await this.#sql`
      select 1 from local_authorities where id = ${localAuthorityId} and lado_email is not null`;
    return row !== undefined;
  }
}
