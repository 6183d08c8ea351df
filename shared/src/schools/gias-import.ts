import { parse } from 'csv-parse/sync';
import type { SchoolPhase } from '../domain/organisation-terms.ts';

/**
 * Reading a list of schools in the column layout of the DfE's "Get Information about Schools" (GIAS) establishment
 * export: the whole download (a hundred-odd columns) or any extract that keeps the columns below. Pure: the caller
 * says which local authority codes are set up, and stores nothing unless every line is right.
 *
 * Kept out of the package's main entry (imported as `@crosswalk/shared/gias`): csv-parse needs Node's Buffer, and the
 * web app only ever sends the file to the server.
 */

/** The GIAS column names read, as the export writes them. */
export const GiasColumn = {
  urn: 'URN',
  name: 'EstablishmentName',
  laCode: 'LA (code)',
  laName: 'LA (name)',
  phase: 'PhaseOfEducation (name)',
  type: 'TypeOfEstablishment (name)',
  status: 'EstablishmentStatus (name)',
} as const;

/** Columns a file must have; the others are read when present. */
export const REQUIRED_GIAS_COLUMNS = [GiasColumn.urn, GiasColumn.name, GiasColumn.laCode, GiasColumn.phase] as const;

/** At most this many schools in one file: a partnership's schools, not the whole country. */
export const MAX_GIAS_SCHOOLS = 1000;

export interface GiasSchool {
  /** The line of the file the school is on (the column names are line 1). */
  line: number;
  urn: string;
  name: string;
  laCode: string;
  laName: string;
  phase: SchoolPhase;
}

/** Why a line (or the file, as line 1 or 0) cannot be imported, in plain words. */
export interface GiasProblem {
  line: number;
  reason: string;
}

export type GiasReading = { ok: true; schools: GiasSchool[] } | { ok: false; problems: GiasProblem[] };

const PHASES: Record<string, SchoolPhase> = {
  nursery: 'nursery',
  primary: 'primary',
  'middle deemed primary': 'primary',
  secondary: 'secondary',
  'middle deemed secondary': 'secondary',
  '16 plus': 'secondary',
  'all-through': 'all_through',
  'all through': 'all_through',
};

/**
 * Crosswalk's phase for a GIAS phase and type of establishment. Special schools and alternative provision are
 * recognised by their type (GIAS gives most of them the phase "Not applicable"); otherwise the phase decides.
 */
export function giasPhase(phaseName: string, typeName = ''): SchoolPhase | undefined {
  const type = typeName.trim().toLowerCase();
  if (/\bspecial\b/.test(type)) {
    return 'special';
  }
  if (/pupil referral unit|alternative provision/.test(type)) {
    return 'alternative_provision';
  }
  return PHASES[phaseName.trim().toLowerCase()];
}

/**
 * Reads the file and checks every line: the columns, each URN (six digits, once in the file), the name, the local
 * authority (its code must be one of `localAuthorityCodes`), the phase, and that the establishment is not closed.
 * Answers every school, or every problem found: never a part of the file.
 */
export function readGiasSchools(content: string, localAuthorityCodes: ReadonlySet<string>): GiasReading {
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    // `info` wraps each record with the line it was read on, so problems can name it.
    rows = parse(content, {
      info: true,
      bom: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
    }) as unknown as typeof rows;
  } catch (error) {
    return fail(0, `this is not a CSV file that can be read (${(error as Error).message})`);
  }
  const [header, ...records] = rows;
  if (!header) {
    return fail(0, 'the file is empty');
  }
  const index = new Map<string, number>();
  header.record.forEach((column, i) => {
    const key = column.toLowerCase();
    if (!index.has(key)) {
      index.set(key, i);
    }
  });
  const missing = REQUIRED_GIAS_COLUMNS.filter((column) => !index.has(column.toLowerCase()));
  if (missing.length > 0) {
    return fail(
      header.info.lines,
      `the column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing: ` +
        'use the establishment export of Get Information about Schools, which has them',
    );
  }
  if (records.length === 0) {
    return fail(header.info.lines, 'there are no schools after the column names');
  }
  if (records.length > MAX_GIAS_SCHOOLS) {
    return fail(0, `the file lists ${records.length} schools; import at most ${MAX_GIAS_SCHOOLS} at a time`);
  }

  const cell = (record: string[], column: string): string => {
    const i = index.get(column.toLowerCase());
    return i === undefined ? '' : (record[i] ?? '');
  };
  const problems: GiasProblem[] = [];
  const schools: GiasSchool[] = [];
  const firstLineOf = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const reasons: string[] = [];
    if (record.length !== header.record.length) {
      problems.push({ line, reason: `expected ${header.record.length} columns, found ${record.length}` });
      continue;
    }
    const urn = cell(record, GiasColumn.urn);
    const name = cell(record, GiasColumn.name);
    const laCode = cell(record, GiasColumn.laCode);
    const laName = cell(record, GiasColumn.laName);
    const phaseName = cell(record, GiasColumn.phase);
    const typeName = cell(record, GiasColumn.type);
    const phase = giasPhase(phaseName, typeName);

    if (!/^[0-9]{6}$/.test(urn)) {
      reasons.push(urn ? `the URN "${urn}" is not six digits` : 'the URN is missing');
    } else if (firstLineOf.has(urn)) {
      reasons.push(`URN ${urn} is already on line ${firstLineOf.get(urn) ?? 0}`);
    } else {
      firstLineOf.set(urn, line);
    }
    if (!name) {
      reasons.push('the school has no name (EstablishmentName)');
    } else if (name.length > 200) {
      reasons.push('the school name is longer than 200 characters');
    }
    if (!laCode) {
      reasons.push('the local authority code (LA (code)) is missing');
    } else if (!localAuthorityCodes.has(laCode)) {
      reasons.push(
        `local authority ${laCode}${laName ? ` (${laName})` : ''} is not set up in Crosswalk: ask an administrator to add it`,
      );
    }
    if (!phase) {
      reasons.push(
        `the phase "${phaseName}"${typeName ? ` (${typeName})` : ''} is not one Crosswalk knows: ` +
          'nursery, primary, secondary, all-through, special or alternative provision',
      );
    }
    if (cell(record, GiasColumn.status).toLowerCase() === 'closed') {
      reasons.push('the school is closed in Get Information about Schools');
    }
    if (reasons.length > 0 || !phase) {
      problems.push({ line, reason: reasons.join('; ') });
    } else {
      schools.push({ line, urn, name, laCode, laName, phase });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, schools };
}

function fail(line: number, reason: string): GiasReading {
  return { ok: false, problems: [{ line, reason }] };
}
