import {
  DEFAULT_SCHOOL_DAY_TIMES,
  NonSchoolDayReasonWords,
  calendarAccess,
  dayInWords,
  isSchoolDay,
  nonSchoolWeekdays,
  type Actor,
  type CalendarEventInput,
  type CalendarImport,
  type CalendarImportResult,
  type CalendarLayerView,
  type CalendarScope,
  type SchoolCalendarView,
  type SchoolDayTimes,
  type StoredCalendarEvent,
  type TakingPart,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import { NotASchoolDay, NotFound, Refused } from '../../errors/domain-errors.ts';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import { eventsFromCsv, eventsFromIcs } from './calendar-import.ts';
import { toCalendar, type CalendarsRepository, type SchoolCalendarRow } from './calendars.repository.ts';

export interface CalendarsServiceDeps {
  sql: Sql;
  calendars: CalendarsRepository;
  audit: AuditRepository;
  logger: Logger;
}

const SCOPE_WORDS: Record<CalendarScope, string> = {
  local_authority: 'local authority calendar',
  trust: 'trust calendar',
  school: 'school calendar',
};

/** Term dates and days off per local authority, trust and school: reading, editing, importing, and checking days. */
export class CalendarsService {
  readonly #deps: CalendarsServiceDeps;
  constructor(deps: CalendarsServiceDeps) {
    this.#deps = deps;
  }

  /** The layer's name and whether the person may edit it; 404 when they may not know it, 403 to edit a read-only one. */
  async #access(
    scope: CalendarScope,
    id: string,
    actor: Actor,
    needed: 'read' | 'write',
  ): Promise<{ name: string; canEdit: boolean }> {
    const name = await this.#deps.calendars.ownerName(scope, id);
    const access = name
      ? calendarAccess(actor, { scope, ...(await this.#deps.calendars.layerReach(scope, id)) })
      : 'none';
    if (!name || access === 'none') {
      throw new NotFound(SCOPE_WORDS[scope]);
    }
    if (needed === 'write' && access !== 'write') {
      throw new Refused(
        scope === 'school'
          ? "Only the school's headteacher, a partnership lead or an administrator can change this calendar."
          : 'Only a partnership lead or an administrator can change this calendar.',
      );
    }
    return { name, canEdit: access === 'write' };
  }

  async layer(scope: CalendarScope, id: string, actor: Actor): Promise<CalendarLayerView> {
    const { name, canEdit } = await this.#access(scope, id, actor, 'read');
    return { scope, id, name, canEdit, events: await this.#deps.calendars.events(scope, id) };
  }

  async addEvent(
    scope: CalendarScope,
    id: string,
    actor: Actor,
    input: CalendarEventInput,
  ): Promise<StoredCalendarEvent> {
    await this.#access(scope, id, actor, 'write');
    return this.#deps.sql.begin(async (tx) => {
      const [event] = await this.#deps.calendars.addEvents(scope, id, [input], actor.userId, tx);
      if (!event) {
        throw new Error('calendar event was not stored');
      }
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'calendar.event_added',
          subjectId: id,
          detail: { scope, eventId: event.id, kind: event.kind, from: event.from, to: event.to },
        },
        tx,
      );
      return event;
    });
  }

  async removeEvent(scope: CalendarScope, id: string, actor: Actor, eventId: string): Promise<void> {
    await this.#access(scope, id, actor, 'write');
    await this.#deps.sql.begin(async (tx) => {
      if (!(await this.#deps.calendars.removeEvent(scope, id, eventId, tx))) {
        throw new NotFound('calendar entry');
      }
      await this.#deps.audit.record(
        { actorUserId: actor.userId, action: 'calendar.event_removed', subjectId: id, detail: { scope, eventId } },
        tx,
      );
    });
  }

  /** Reads the whole file first and stores all of it in one transaction, or nothing (with every problem named). */
  async import(scope: CalendarScope, id: string, actor: Actor, file: CalendarImport): Promise<CalendarImportResult> {
    await this.#access(scope, id, actor, 'write');
    const events = file.format === 'csv' ? eventsFromCsv(file.content) : eventsFromIcs(file.content);
    const result = await this.#deps.sql.begin(async (tx) => {
      const replaced = file.replace ? await this.#deps.calendars.clear(scope, id, tx) : 0;
      const added = await this.#deps.calendars.addEvents(scope, id, events, actor.userId, tx);
      await this.#deps.audit.record(
        {
          actorUserId: actor.userId,
          action: 'calendar.imported',
          subjectId: id,
          detail: { scope, format: file.format, imported: added.length, replaced },
        },
        tx,
      );
      return { imported: added.length, replaced };
    });
    this.#deps.logger.info({ scope, id, format: file.format, ...result }, 'calendar imported');
    return result;
  }

  async setDayTimes(schoolId: string, actor: Actor, times: SchoolDayTimes): Promise<SchoolDayTimes> {
    await this.#access('school', schoolId, actor, 'write');
    await this.#deps.sql.begin(async (tx) => {
      await this.#deps.calendars.setDayTimes(schoolId, times, tx);
      await this.#deps.audit.record(
        { actorUserId: actor.userId, action: 'calendar.day_times_set', subjectId: schoolId, detail: { ...times } },
        tx,
      );
    });
    return times;
  }

  /** A school's calendar as it applies from `from` to `to`: its layers, its terms and its weekdays off. */
  async schoolCalendar(schoolId: string, actor: Actor, from: string, to: string): Promise<SchoolCalendarView> {
    await this.#access('school', schoolId, actor, 'read');
    const { calendars } = this.#deps;
    const school = await calendars.school(schoolId);
    if (!school) {
      throw new NotFound('school calendar');
    }
    const events = await calendars.eventsOfSchool(school);
    const owners: [CalendarScope, string | null][] = [
      ['local_authority', school.localAuthorityId],
      ['trust', school.trustId],
      ['school', school.id],
    ];
    const layers: SchoolCalendarView['layers'] = [];
    for (const [scope, id] of owners) {
      if (id) {
        const name = (await calendars.ownerName(scope, id)) ?? '';
        const reach = await calendars.layerReach(scope, id);
        layers.push({
          scope,
          id,
          name,
          canEdit: calendarAccess(actor, { scope, ...reach }) === 'write',
          eventCount: events.filter((e) => e.scope === scope).length,
        });
      }
    }
    return {
      school: { id: school.id, name: school.name, phase: school.phase },
      from,
      to,
      dayTimes: dayTimesOf(school),
      layers,
      terms: events
        .filter((e) => e.kind === 'term' && e.to >= from && e.from <= to)
        .map((e) => ({ from: e.from, to: e.to, label: e.label, scope: e.scope })),
      nonSchoolDays: nonSchoolWeekdays(toCalendar(events), from, to),
    };
  }

  /** Each school's calendar, phase, hours and name, as `commonSchoolDays` needs them (unknown ids are left out). */
  async takingPart(schoolIds: readonly string[]): Promise<(TakingPart & { name: string })[]> {
    const schools: (TakingPart & { name: string })[] = [];
    for (const id of new Set(schoolIds)) {
      const school = await this.#deps.calendars.school(id);
      if (school) {
        schools.push({
          name: school.name,
          phase: school.phase,
          calendar: toCalendar(await this.#deps.calendars.eventsOfSchool(school)),
          dayTimes: dayTimesOf(school),
        });
      }
    }
    return schools;
  }

  /**
   * Refuses a London day that is not a school day for the school (NotASchoolDay, answered 422), with the reason in
   * plain words. No permission check: the caller has already decided the person may schedule there.
   */
  async requireSchoolDay(schoolId: string, day: string): Promise<void> {
    const school = await this.#deps.calendars.school(schoolId);
    if (!school) {
      return;
    }
    const answer = isSchoolDay(toCalendar(await this.#deps.calendars.eventsOfSchool(school)), day);
    if (!answer.schoolDay) {
      const why = `${NonSchoolDayReasonWords[answer.reason]}${answer.label ? ` (${answer.label})` : ''}`;
      throw new NotASchoolDay(
        day,
        answer.reason,
        `${dayInWords(day)} is not a school day at ${school.name}: ${why}. Choose another day, or schedule it anyway if the school has agreed.`,
      );
    }
  }
}

function dayTimesOf(school: SchoolCalendarRow): SchoolDayTimes {
  return school.dayStartsAt && school.dayEndsAt
    ? { startsAt: school.dayStartsAt, endsAt: school.dayEndsAt }
    : DEFAULT_SCHOOL_DAY_TIMES;
}
