import { z } from '../schemas/zod.ts';
import { isCalendarDay } from './dates.ts';
import {
  CalendarEventKinds,
  type CalendarEvent,
  type CalendarScope,
  type NonSchoolDayReason,
} from './school-calendar.ts';

const day = z.string().refine(isCalendarDay, { message: 'Use a date like 2026-11-23' });
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Use a time like 08:45' });

export const CalendarEventInputSchema = z
  .strictObject({
    kind: z.enum(CalendarEventKinds),
    from: day,
    to: day,
    label: z.string().trim().max(200).default(''),
  })
  .refine((v) => v.to >= v.from, { message: 'The last day cannot be before the first', path: ['to'] });
export type CalendarEventInput = z.infer<typeof CalendarEventInputSchema>;

/** `POST /api/calendars/:scope/:id/import`: the file's text and its format; `replace` first clears the layer. */
export const CalendarImportSchema = z.strictObject({
  format: z.enum(['ics', 'csv']),
  content: z.string().min(1, { message: 'The file is empty' }),
  replace: z.boolean().default(false),
});
export type CalendarImport = z.infer<typeof CalendarImportSchema>;

export const SchoolDayTimesSchema = z
  .strictObject({ startsAt: time, endsAt: time })
  .refine((v) => v.endsAt > v.startsAt, { message: 'The day must end after it starts', path: ['endsAt'] });
export type SchoolDayTimes = z.infer<typeof SchoolDayTimesSchema>;

/** A school's day when none is recorded. */
export const DEFAULT_SCHOOL_DAY_TIMES: SchoolDayTimes = { startsAt: '08:45', endsAt: '15:15' };

export interface StoredCalendarEvent extends CalendarEvent {
  id: string;
}

/** `GET /api/calendars/:scope/:id`: one layer of calendars (a local authority's, a trust's or a school's). */
export interface CalendarLayerView {
  scope: CalendarScope;
  id: string;
  name: string;
  canEdit: boolean;
  events: StoredCalendarEvent[];
}

/** `GET /api/schools/:id/calendar`: a school's calendar as it applies, over a range of days. */
export interface SchoolCalendarView {
  school: { id: string; name: string; phase: string };
  from: string;
  to: string;
  dayTimes: SchoolDayTimes;
  /** The layers that make it up, broadest first, with whether this person may edit each. */
  layers: { scope: CalendarScope; id: string; name: string; canEdit: boolean; eventCount: number }[];
  /** Term events in the range, from every layer. */
  terms: { from: string; to: string; label: string; scope: CalendarScope }[];
  /** Weekdays in the range that are not school days. */
  nonSchoolDays: { day: string; reason: NonSchoolDayReason; label?: string }[];
}

/** `POST /api/calendars/:scope/:id/import` answer. */
export interface CalendarImportResult {
  imported: number;
  replaced: number;
}
