import type {
  CalendarEventInput,
  CalendarScope,
  PartnershipRef,
  SchoolCalendar,
  SchoolDayTimes,
  StoredCalendarEvent,
} from '@crosswalk/shared';
import type { Queryable, Sql } from '../../db/client.ts';

/** The owner column of each layer: a fixed map, so no text from a request reaches the SQL as an identifier. */
const OWNER_COLUMN: Record<CalendarScope, string> = {
  local_authority: 'local_authority_id',
  trust: 'trust_id',
  school: 'school_id',
};

export interface SchoolCalendarRow {
  id: string;
  name: string;
  phase: string;
  localAuthorityId: string | null;
  trustId: string | null;
  dayStartsAt: string | null;
  dayEndsAt: string | null;
}

export interface CalendarEventRow extends StoredCalendarEvent {
  scope: CalendarScope;
}

/** Calendar layers (term dates and days off per local authority, trust and school) and school-day times. */
export class CalendarsRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async school(schoolId: string): Promise<SchoolCalendarRow | undefined> {
    const [row] = await this.#sql<SchoolCalendarRow[]>`
      select id, name, phase, local_authority_id, trust_id,
        to_char(day_starts_at, 'HH24:MI') as day_starts_at, to_char(day_ends_at, 'HH24:MI') as day_ends_at
      from schools where id = ${schoolId}`;
    return row;
  }

  /** The name of a layer's owner, or undefined when there is no such authority, trust or school. */
  async ownerName(scope: CalendarScope, id: string): Promise<string | undefined> {
    const table = { local_authority: 'local_authorities', trust: 'trusts', school: 'schools' }[scope];
    const [row] = await this.#sql<{ name: string }[]>`select name from ${this.#sql(table)} where id = ${id}`;
    return row?.name;
  }

  /** The schools a layer applies to, and the partnerships those schools are in (for the permission rules). */
  async layerReach(scope: CalendarScope, id: string): Promise<{ schoolIds: string[]; partnerships: PartnershipRef[] }> {
    const column = scope === 'school' ? 'id' : OWNER_COLUMN[scope];
    const schools = await this.#sql<{ id: string }[]>`select id from schools where ${this.#sql(column)} = ${id}`;
    const schoolIds = schools.map((s) => s.id);
    const partnerships = schoolIds.length
      ? await this.#sql<PartnershipRef[]>`
          select distinct p.id, p.parent_id from partnership_schools ps join partnerships p on p.id = ps.partnership_id
          where ps.school_id in ${this.#sql(schoolIds)}`
      : [];
    return { schoolIds, partnerships: [...partnerships] };
  }

  async events(scope: CalendarScope, id: string, sql: Queryable = this.#sql): Promise<StoredCalendarEvent[]> {
    return sql<StoredCalendarEvent[]>`
      select id, kind, starts_on::text as from, ends_on::text as to, label from calendar_events
      where ${sql(OWNER_COLUMN[scope])} = ${id} order by starts_on, ends_on, kind`;
  }

  /** Every event of a school's three layers, each with the layer it came from. */
  async eventsOfSchool(school: SchoolCalendarRow): Promise<CalendarEventRow[]> {
    return this.#sql<CalendarEventRow[]>`
      select id, kind, starts_on::text as from, ends_on::text as to, label,
        case when school_id is not null then 'school' when trust_id is not null then 'trust' else 'local_authority' end
          as scope
      from calendar_events
      where school_id = ${school.id} or trust_id = ${school.trustId} or local_authority_id = ${school.localAuthorityId}
      order by starts_on, ends_on, kind`;
  }

  /** A school's calendar, as the shared arithmetic reads it. */
  async calendarOf(schoolId: string): Promise<SchoolCalendar | undefined> {
    const school = await this.school(schoolId);
    return school ? toCalendar(await this.eventsOfSchool(school)) : undefined;
  }

  async addEvents(
    scope: CalendarScope,
    id: string,
    events: CalendarEventInput[],
    createdBy: string,
    sql: Queryable = this.#sql,
  ): Promise<StoredCalendarEvent[]> {
    const added: StoredCalendarEvent[] = [];
    for (const event of events) {
      const [row] = await sql<StoredCalendarEvent[]>`
        insert into calendar_events (${sql(OWNER_COLUMN[scope])}, kind, starts_on, ends_on, label, created_by)
        values (${id}, ${event.kind}, ${event.from}, ${event.to}, ${event.label}, ${createdBy})
        returning id, kind, starts_on::text as from, ends_on::text as to, label`;
      if (row) {
        added.push(row);
      }
    }
    return added;
  }

  async removeEvent(scope: CalendarScope, id: string, eventId: string, sql: Queryable = this.#sql): Promise<boolean> {
    const rows = await sql`
      delete from calendar_events where id = ${eventId} and ${sql(OWNER_COLUMN[scope])} = ${id} returning id`;
    return rows.length > 0;
  }

  async clear(scope: CalendarScope, id: string, sql: Queryable = this.#sql): Promise<number> {
    const rows = await sql`delete from calendar_events where ${sql(OWNER_COLUMN[scope])} = ${id} returning id`;
    return rows.length;
  }

  async setDayTimes(schoolId: string, times: SchoolDayTimes, sql: Queryable = this.#sql): Promise<void> {
    await sql`
      update schools set day_starts_at = ${times.startsAt}::time, day_ends_at = ${times.endsAt}::time
      where id = ${schoolId}`;
  }
}

/** Events of a school's layers, broadest first, as a calendar. */
export function toCalendar(events: CalendarEventRow[]): SchoolCalendar {
  const scopes: CalendarScope[] = ['local_authority', 'trust', 'school'];
  return {
    layers: scopes.map((scope) => ({
      scope,
      events: events
        .filter((e) => e.scope === scope)
        .map((e) => ({ kind: e.kind, from: e.from, to: e.to, label: e.label })),
    })),
  };
}
