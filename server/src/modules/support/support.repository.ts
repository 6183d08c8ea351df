import type { SupportOfferStatus, SupportStatus } from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

/** One request with what the rules and every view need (dates as YYYY-MM-DD). */
export interface SupportRequestRow {
  id: string;
  reviewId: string;
  actionId: string;
  actionLabel: string;
  ownerRole: string;
  ownerUserId: string | null;
  actionInPlan: boolean;
  partnershipId: string;
  academicYear: string;
  reviewState: string;
  hostSchoolId: string;
  hostSchoolName: string;
  whatIsNeeded: string;
  neededBy: string;
  status: SupportStatus;
  requestedByName: string | null;
  matchedOfferId: string | null;
  matchedSchoolId: string | null;
  matchedSchoolName: string | null;
  matchedAt: Date | null;
  createdAt: Date;
}

export interface SupportOfferRow {
  id: string;
  requestId: string;
  schoolId: string;
  schoolName: string;
  offeredByUserId: string | null;
  message: string;
  offeredBy: string;
  status: SupportOfferStatus;
  createdAt: Date;
}

export interface SupportUpdateRow {
  id: string;
  requestId: string;
  schoolId: string;
  schoolName: string;
  authorName: string | null;
  toStatus: SupportStatus | null;
  note: string | null;
  createdAt: Date;
}

const SELECT = (sql: Queryable) => sql`
  select q.id, q.review_id, q.action_id, a.label as action_label, a.owner_role, a.owner_user_id,
    a.in_plan as action_in_plan, q.partnership_id, r.academic_year, r.state as review_state,
    q.host_school_id, hs.name as host_school_name, q.what_is_needed, to_char(q.needed_by, 'YYYY-MM-DD') as needed_by,
    q.status, u.display_name as requested_by_name, q.matched_offer_id, o.school_id as matched_school_id,
    ms.name as matched_school_name, q.matched_at, q.created_at
  from support_requests q
  join review_actions a on a.review_id = q.review_id and a.id = q.action_id
  join reviews r on r.id = q.review_id
  join schools hs on hs.id = q.host_school_id
  left join users u on u.id = q.requested_by
  left join support_offers o on o.id = q.matched_offer_id
  left join schools ms on ms.id = o.school_id`;

/** Requests for support, the offers partner schools make, and the notes both schools write. */
export class SupportRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async find(id: string, sql: Queryable = this.#sql, lock = false): Promise<SupportRequestRow | undefined> {
    const [row] = await sql<SupportRequestRow[]>`
      ${SELECT(sql)} where q.id = ${id} ${lock ? sql`for update of q` : sql``}`;
    return row;
  }

  async forReview(reviewId: string): Promise<SupportRequestRow[]> {
    return this.#sql<SupportRequestRow[]>`
      ${SELECT(this.#sql)} where q.review_id = ${reviewId} order by a.position, q.seq`;
  }

  async forPartnership(partnershipId: string): Promise<SupportRequestRow[]> {
    return this.#sql<SupportRequestRow[]>`
      ${SELECT(this.#sql)} where q.partnership_id = ${partnershipId} order by q.seq desc`;
  }

  /** Whether the action has a request that is not yet done or withdrawn. */
  async hasOpen(reviewId: string, actionId: string, sql: Queryable = this.#sql): Promise<boolean> {
    const [row] = await sql<{ found: boolean }[]>`
      select exists (select 1 from support_requests where review_id = ${reviewId} and action_id = ${actionId}
        and status not in ('done', 'withdrawn')) as found`;
    return row?.found ?? false;
  }

  async create(
    input: {
      reviewId: string;
      actionId: string;
      partnershipId: string;
      hostSchoolId: string;
      whatIsNeeded: string;
      neededBy: string;
      requestedBy: string;
      at: Date;
    },
    sql: Queryable,
  ): Promise<string> {
    const [row] = await sql<{ id: string }[]>`
      insert into support_requests (review_id, action_id, partnership_id, host_school_id, what_is_needed, needed_by,
        requested_by, created_at, updated_at)
      values (${input.reviewId}, ${input.actionId}, ${input.partnershipId}, ${input.hostSchoolId},
        ${input.whatIsNeeded}, ${input.neededBy}, ${input.requestedBy}, ${input.at}, ${input.at})
      returning id`;
    if (!row) {
      throw new Error('support request not created');
    }
    return row.id;
  }

  async offers(requestIds: readonly string[]): Promise<SupportOfferRow[]> {
    if (requestIds.length === 0) {
      return [];
    }
    return this.#sql<SupportOfferRow[]>`
      select o.id, o.request_id, o.school_id, s.name as school_name, o.offered_by_user_id, o.message, o.offered_by,
        o.status, o.created_at
      from support_offers o join schools s on s.id = o.school_id
      where o.request_id = any(${[...requestIds]}::uuid[])
      order by o.seq`;
  }

  async findOffer(
    requestId: string,
    offerId: string,
    sql: Queryable = this.#sql,
  ): Promise<SupportOfferRow | undefined> {
    const [row] = await sql<SupportOfferRow[]>`
      select o.id, o.request_id, o.school_id, s.name as school_name, o.offered_by_user_id, o.message, o.offered_by,
        o.status, o.created_at
      from support_offers o join schools s on s.id = o.school_id
      where o.request_id = ${requestId} and o.id = ${offerId}`;
    return row;
  }

  /** Records an offer and marks the request as offered; false when the school had already offered. */
  async offer(
    input: { requestId: string; schoolId: string; userId: string; message: string; offeredBy: string; at: Date },
    sql: Queryable,
  ): Promise<string | null> {
    const [row] = await sql<{ id: string }[]>`
      insert into support_offers (request_id, school_id, offered_by_user_id, message, offered_by, created_at)
      values (${input.requestId}, ${input.schoolId}, ${input.userId}, ${input.message}, ${input.offeredBy}, ${input.at})
      on conflict (request_id, school_id) do nothing
      returning id`;
    if (!row) {
      return null;
    }
    await sql`
      update support_requests set status = 'offered', updated_at = ${input.at}
      where id = ${input.requestId} and status = 'requested'`;
    return row.id;
  }

  /** Accepts one offer, declines the others still open; returns the declined offers. */
  async accept(requestId: string, offerId: string, at: Date, sql: Queryable): Promise<SupportOfferRow[]> {
    await sql`update support_offers set status = 'accepted', decided_at = ${at} where id = ${offerId}`;
    const declined = await sql<{ id: string }[]>`
      update support_offers set status = 'declined', decided_at = ${at}
      where request_id = ${requestId} and id <> ${offerId} and status = 'open'
      returning id`;
    await sql`
      update support_requests set status = 'matched', matched_offer_id = ${offerId}, matched_at = ${at},
        updated_at = ${at}
      where id = ${requestId}`;
    const ids = declined.map((d) => d.id);
    return ids.length === 0
      ? []
      : sql<SupportOfferRow[]>`
          select o.id, o.request_id, o.school_id, s.name as school_name, o.offered_by_user_id, o.message,
            o.offered_by, o.status, o.created_at
          from support_offers o join schools s on s.id = o.school_id where o.id = any(${ids}::uuid[])`;
  }

  /** Sets the request's status (when given) and records the update (status, note or both) by one school. */
  async update(
    input: {
      requestId: string;
      schoolId: string;
      authorUserId: string;
      toStatus: SupportStatus | null;
      note: string | null;
      at: Date;
    },
    sql: Queryable,
  ): Promise<void> {
    if (input.toStatus !== null) {
      await sql`
        update support_requests set status = ${input.toStatus}, updated_at = ${input.at} where id = ${input.requestId}`;
    }
    await sql`
      insert into support_updates (request_id, school_id, author_user_id, to_status, note, created_at)
      values (${input.requestId}, ${input.schoolId}, ${input.authorUserId}, ${input.toStatus}, ${input.note},
        ${input.at})`;
  }

  async updates(requestIds: readonly string[]): Promise<SupportUpdateRow[]> {
    if (requestIds.length === 0) {
      return [];
    }
    return this.#sql<SupportUpdateRow[]>`
      select p.id, p.request_id, p.school_id, s.name as school_name, u.display_name as author_name, p.to_status,
        p.note, p.created_at
      from support_updates p join schools s on s.id = p.school_id left join users u on u.id = p.author_user_id
      where p.request_id = any(${[...requestIds]}::uuid[])
      order by p.created_at desc, p.seq desc`;
  }

  /**
   * The headteachers of these schools: partner schools hear of each new request, and an offering school of its
   * offer being accepted or declined.
   */
  async headteachersOf(schoolIds: readonly string[]): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select distinct sm.user_id from school_members sm join users u on u.id = sm.user_id
      where sm.school_id = any(${[...schoolIds]}::uuid[]) and sm.role = 'headteacher' and u.disabled_at is null`;
    return rows.map((r) => r.userId);
  }

  /** The host headteachers and link leads on the review's team: they hear of every new offer. */
  async hostLeads(reviewId: string): Promise<string[]> {
    const rows = await this.#sql<{ userId: string }[]>`
      select user_id from review_members
      where review_id = ${reviewId} and role in ('host_headteacher', 'host_link_lead')`;
    return rows.map((r) => r.userId);
  }

  /** Support matched (an offer accepted, whatever happened after) per academic year of the partnership's reviews. */
  async matchedPerYear(partnershipId: string): Promise<Map<string, number>> {
    const rows = await this.#sql<{ academicYear: string; n: number }[]>`
      select r.academic_year, count(*)::int as n
      from support_requests q join reviews r on r.id = q.review_id
      where q.partnership_id = ${partnershipId} and q.matched_offer_id is not null
      group by r.academic_year`;
    return new Map(rows.map((r) => [r.academicYear, r.n]));
  }

  /**
   * Support matched on these reviews, with the schools on both sides of each match (for the board view, which
   * hides a figure drawn from fewer than five schools).
   */
  async matchedOn(reviewIds: readonly string[]): Promise<{ count: number; schoolIds: string[] }> {
    const rows = await this.#sql<{ hostSchoolId: string; offeringSchoolId: string }[]>`
      select q.host_school_id, o.school_id as offering_school_id
      from support_requests q join support_offers o on o.id = q.matched_offer_id
      where q.review_id = any(${[...reviewIds]}::uuid[])`;
    return {
      count: rows.length,
      schoolIds: [...new Set(rows.flatMap((r) => [r.hostSchoolId, r.offeringSchoolId]))],
    };
  }
}
