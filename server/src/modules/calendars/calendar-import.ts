import {
  CalendarEventKinds,
  addDays,
  isCalendarDay,
  londonDay,
  type CalendarEventInput,
  type CalendarEventKind,
} from '@crosswalk/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { Invalid } from '../../errors/domain-errors.ts';

/** What could not be read, one entry per line (CSV) or event (iCalendar): all are reported at once. */
type Problems = { path: string; message: string }[];

/** The most problems named in one answer; a wholly wrong file would otherwise list every line. */
const MAX_PROBLEMS = 20;

function refuse(problems: Problems): never {
  const shown = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length > shown.length ? ` (and ${problems.length - shown.length} more)` : '';
  throw new Invalid(`Nothing was imported. ${shown.map((p) => `${p.path}: ${p.message}`).join('; ')}${more}`, shown);
}

/** Accepts the stored kinds and the words people type for them ("Half term", "INSET day", "inset"). */
function kindOf(text: string): CalendarEventKind | undefined {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  if ((CalendarEventKinds as readonly string[]).includes(word)) {
    return word as CalendarEventKind;
  }
  const aliases: Record<string, CalendarEventKind> = { inset: 'inset_day', halfterm: 'half_term', closed: 'closure' };
  return aliases[word];
}

export const CSV_HEADER = ['date_from', 'date_to', 'kind', 'label'] as const;

/**
 * CSV with the header `date_from,date_to,kind,label`: one row per term, half term, holiday, INSET day or closure,
 * dates as YYYY-MM-DD (date_to may be left empty for a single day).
 */
export function eventsFromCsv(content: string): CalendarEventInput[] {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // `info` wraps each record with where it was read, so problems can name the line.
    rows = parseCsv(content, { info: true, skip_empty_lines: true, trim: true, bom: true }) as unknown as typeof rows;
  } catch (error) {
    refuse([{ path: 'file', message: `this is not a CSV file we can read (${(error as Error).message})` }]);
  }
  const [header, ...records] = rows;
  if (!header || header.record.map((h) => h.toLowerCase()).join(',') !== CSV_HEADER.join(',')) {
    refuse([{ path: 'line 1', message: `the first line must be the column names ${CSV_HEADER.join(',')}` }]);
  }
  if (records.length === 0) {
    refuse([{ path: 'file', message: 'there are no dates after the column names' }]);
  }
  const problems: Problems = [];
  const events: CalendarEventInput[] = [];
  for (const { record, info } of records) {
    const path = `line ${info.lines}`;
    const [from = '', toText = '', kindText = '', label = ''] = record;
    const to = toText || from;
    const kind = kindOf(kindText);
    if (record.length !== CSV_HEADER.length) {
      problems.push({ path, message: `expected ${CSV_HEADER.length} columns, found ${record.length}` });
    } else if (!isCalendarDay(from) || !isCalendarDay(to)) {
      problems.push({ path, message: 'dates must be real days written like 2026-09-03' });
    } else if (to < from) {
      problems.push({ path, message: 'date_to is before date_from' });
    } else if (!kind) {
      problems.push({ path, message: `"${kindText}" is not one of ${CalendarEventKinds.join(', ')}` });
    } else if (label.length > 200) {
      problems.push({ path, message: 'the label is longer than 200 characters' });
    } else {
      events.push({ kind, from, to, label });
    }
  }
  if (problems.length > 0) {
    refuse(problems);
  }
  return events;
}

/** Guesses the kind of an iCalendar event from its categories, then its title, as school feeds word them. */
function kindOfEvent(categories: string[], summary: string): CalendarEventKind | undefined {
  for (const category of categories) {
    const kind = kindOf(category);
    if (kind) {
      return kind;
    }
  }
  const patterns: [RegExp, CalendarEventKind][] = [
    [/\binset\b|training day|staff development/i, 'inset_day'],
    [/half[\s-]?term/i, 'half_term'],
    [/\bclos(ed|ure)\b/i, 'closure'],
    [/holiday|\bbreak\b/i, 'holiday'],
    [/\bterm\b/i, 'term'],
  ];
  return patterns.find(([pattern]) => pattern.test(summary))?.[1];
}

/**
 * An iCalendar (.ics) feed, as local authorities and schools publish term dates. All-day events cover their days
 * (DTEND is the day after, as the standard says); timed events count for the London day they start on. An event
 * whose kind cannot be told from CATEGORIES or its title, or that repeats, is refused.
 */
export function eventsFromIcs(content: string): CalendarEventInput[] {
  let calendar: ICAL.Component;
  try {
    calendar = ICAL.Component.fromString(content);
  } catch (error) {
    refuse([{ path: 'file', message: `this is not an iCalendar file we can read (${(error as Error).message})` }]);
  }
  const components = calendar.getAllSubcomponents('vevent');
  if (components.length === 0) {
    refuse([{ path: 'file', message: 'there are no events in this calendar' }]);
  }
  const problems: Problems = [];
  const events: CalendarEventInput[] = [];
  components.forEach((component, index) => {
    const event = new ICAL.Event(component);
    const summary = (event.summary || '').trim();
    const path = `event ${index + 1}${summary ? ` ("${summary.slice(0, 60)}")` : ''}`;
    if (event.isRecurring()) {
      problems.push({ path, message: 'repeating events cannot be imported; list each date instead' });
      return;
    }
    const start = event.startDate as ICAL.Time | null;
    if (!start) {
      problems.push({ path, message: 'it has no start date' });
      return;
    }
    const end = event.endDate as ICAL.Time | null;
    const from = start.isDate ? start.toString() : londonDay(start.toJSDate());
    let to = from;
    if (end && start.isDate) {
      to = addDays(end.toString().slice(0, 10), -1);
    } else if (end) {
      to = londonDay(new Date(end.toJSDate().getTime() - 1));
    }
    to = to < from ? from : to;
    const categories = component
      .getAllProperties('categories')
      .flatMap((p) => p.getValues() as unknown[])
      .map(String);
    const kind = kindOfEvent(categories, summary);
    if (!isCalendarDay(from) || !isCalendarDay(to)) {
      problems.push({ path, message: 'its dates could not be read' });
    } else if (!kind) {
      problems.push({
        path,
        message: `cannot tell what kind of day this is; add CATEGORIES with one of ${CalendarEventKinds.join(', ')}`,
      });
    } else {
      events.push({ kind, from, to, label: summary.slice(0, 200) });
    }
  });
  if (problems.length > 0) {
    refuse(problems);
  }
  return events;
}
