import { SCHOOL_TIME_ZONE } from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';
import type { Logger } from '../../logger.ts';
import type { AuthoredDocumentText } from '../erasure/authored-text.ts';
import type { LiveDocuments } from '../live/document-grants.ts';

/** Whose data is being gathered. */
export interface ExportSubject {
  id: string;
  email: string;
  displayName: string;
}

/** What every section may read from. */
export interface SectionContext {
  sql: Sql;
  subject: ExportSubject;
  /** This process's live documents (board notes live there), when the realtime server runs here. */
  live: LiveDocuments | undefined;
  /** The words a person's items hold now in each live document (erasure's authorship records). */
  authoredText: (userId: string) => Promise<AuthoredDocumentText[]>;
  logger: Logger;
}

/** One section's part of the download. */
export interface SectionContent {
  /** Written as `<file>.json`: named lists of records, never a secret (password or token hash, TOTP secret…). */
  data: Record<string, unknown>;
  /** The same, as sentences for `summary.txt`; empty when the section holds nothing about the person. */
  lines: string[];
}

/**
 * One part of everything Crosswalk holds about a person: a JSON file of its own and a heading in the readable
 * summary. Sections are listed in `sections.ts`, the one place a new kind of personal data is added.
 */
export interface SubjectAccessSection {
  /** File name without `.json`, e.g. `comments`. */
  file: string;
  /** Heading in the summary and the README, e.g. "Comments you wrote". */
  title: string;
  /** One or two plain sentences for the README: what the file holds and where it comes from in Crosswalk. */
  explains: string;
  collect(context: SectionContext): Promise<SectionContent>;
}

/** Made once: a busy person's download formats thousands of dates, and making a formatter costs far more. */
const dayFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SCHOOL_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** "Tuesday 3 March 2026 at 09:00" (London time, as notifications write it), or the words given for no date. */
export function when(at: Date | null | undefined, otherwise = 'not yet'): string {
  return at ? `${dayFormat.format(at).replace(',', '')} at ${timeFormat.format(at)}` : otherwise;
}

/** A review as people name it: its host school and academic year. */
export function reviewName(row: { hostSchool: string; academicYear: string }): string {
  return `${row.hostSchool} review, ${row.academicYear}`;
}

/** Text quoted in a sentence, shortened so the summary stays readable (the JSON file has it whole). */
export function quoted(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
}
