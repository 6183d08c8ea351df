import type { Sql } from '../../db/client.ts';

export interface SchoolSummaryRow {
  id: string;
  name: string;
  county: string | null;
  partnershipIds: string[];
}

export interface PartnershipSummaryRow {
  id: string;
  name: string;
  kind: 'local' | 'cross_regional_virtual';
  parentId: string | null;
  sppPhase: 'build' | 'embed' | 'sustain' | null;
}

export interface ClusterPersonRow {
  userId: string;
  displayName: string;
  schoolIds: string[];
  schoolName: string | null;
  roles: string[];
}

/** Schools and partnerships as plain lists; richer management arrives with the lifecycle. */
export class DirectoryRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async schools(): Promise<SchoolSummaryRow[]> {
    return this.#sql<SchoolSummaryRow[]>`
      select s.id, s.name, s.county,
        coalesce(array_agg(ps.partnership_id) filter (where ps.partnership_id is not null), '{}') as partnership_ids
      from schools s left join partnership_schools ps on ps.school_id = s.id
      group by s.id order by s.name`;
  }

  async school(id: string): Promise<SchoolSummaryRow | undefined> {
    const [row] = await this.#sql<SchoolSummaryRow[]>`
      select s.id, s.name, s.county,
        coalesce(array_agg(ps.partnership_id) filter (where ps.partnership_id is not null), '{}') as partnership_ids
      from schools s left join partnership_schools ps on ps.school_id = s.id
      where s.id = ${id} group by s.id`;
    return row;
  }

  async partnerships(): Promise<PartnershipSummaryRow[]> {
    return this.#sql<
      PartnershipSummaryRow[]
    >`select id, name, kind, parent_id, spp_phase from partnerships order by name`;
  }

  async partnership(id: string): Promise<PartnershipSummaryRow | undefined> {
    const [row] = await this.#sql<PartnershipSummaryRow[]>`
      select id, name, kind, parent_id, spp_phase from partnerships where id = ${id}`;
    return row;
  }

  async schoolsIn(
    partnershipId: string,
  ): Promise<{ id: string; name: string; county: string | null; localAuthority: string | null }[]> {
    return this.#sql`
      select s.id, s.name, s.county, la.name as local_authority
      from partnership_schools ps join schools s on s.id = ps.school_id
      left join local_authorities la on la.id = s.local_authority_id
      where ps.partnership_id = ${partnershipId}
      order by s.county nulls last, s.name`;
  }

  /**
   * People of a cluster: its partnership roles and the staff of its schools, with their school memberships.
   * `userId` narrows to one person (undefined when they are not part of the cluster).
   */
  async clusterPeople(partnershipId: string, userId?: string): Promise<ClusterPersonRow[]> {
    return this.#sql<ClusterPersonRow[]>`
      with people as (
        select user_id from partnership_members where partnership_id = ${partnershipId}
        union
        select sm.user_id from school_members sm join partnership_schools ps on ps.school_id = sm.school_id
        where ps.partnership_id = ${partnershipId}
      )
      select u.id as user_id, u.display_name,
        coalesce((select array_agg(sm.school_id) from school_members sm where sm.user_id = u.id), '{}') as school_ids,
        (select s.name from school_members sm join schools s on s.id = sm.school_id where sm.user_id = u.id order by s.name limit 1) as school_name,
        array(
          select role from partnership_members where partnership_id = ${partnershipId} and user_id = u.id
          union all
          select sm.role from school_members sm where sm.user_id = u.id
        ) as roles
      from people join users u on u.id = people.user_id
      where u.disabled_at is null ${userId ? this.#sql`and u.id = ${userId}` : this.#sql``}
      order by u.display_name`;
  }

  async clusterPerson(partnershipId: string, userId: string): Promise<ClusterPersonRow | undefined> {
    const [row] = await this.clusterPeople(partnershipId, userId);
    return row;
  }

  /** Partnerships a person belongs to: by a role in it, or through a school in it. */
  async partnershipsOf(userId: string): Promise<PartnershipSummaryRow[]> {
    return this.#sql<PartnershipSummaryRow[]>`
      select distinct p.id, p.name, p.kind, p.parent_id, p.spp_phase from partnerships p
      where exists (select 1 from partnership_members m where m.partnership_id = p.id and m.user_id = ${userId})
        or exists (
          select 1 from partnership_schools ps join school_members sm on sm.school_id = ps.school_id
          where ps.partnership_id = p.id and sm.user_id = ${userId}
        )
      order by p.name`;
  }

  /** Whether the person belongs to the partnership: by a role in it, or through a school in it. */
  async belongsTo(userId: string, partnershipId: string): Promise<boolean> {
    const [row] = await this.#sql<{ member: boolean }[]>`
      select exists (select 1 from partnership_members where partnership_id = ${partnershipId} and user_id = ${userId})
        or exists (
          select 1 from partnership_schools ps join school_members sm on sm.school_id = ps.school_id
          where ps.partnership_id = ${partnershipId} and sm.user_id = ${userId}
        ) as member`;
    return row?.member ?? false;
  }
}
