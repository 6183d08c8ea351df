import { describe, expect, it } from 'vitest';
import { giasPhase, readGiasSchools } from './gias-import.ts';

/** The first columns of a real GIAS establishment export, in its order, with a few of the columns after them. */
const HEADER = [
  'URN',
  'LA (code)',
  'LA (name)',
  'EstablishmentNumber',
  'EstablishmentName',
  'TypeOfEstablishment (code)',
  'TypeOfEstablishment (name)',
  'EstablishmentTypeGroup (code)',
  'EstablishmentTypeGroup (name)',
  'EstablishmentStatus (code)',
  'EstablishmentStatus (name)',
  'PhaseOfEducation (code)',
  'PhaseOfEducation (name)',
  'StatutoryLowAge',
  'StatutoryHighAge',
  'Postcode',
].join(',');

const row = (o: {
  urn: string;
  la?: string;
  laName?: string;
  name: string;
  type?: string;
  status?: string;
  phase?: string;
}) =>
  [
    o.urn,
    o.la ?? '925',
    o.laName ?? 'Lincolnshire',
    '2001',
    `"${o.name}"`,
    '1',
    o.type ?? 'Community school',
    '4',
    'Local authority maintained schools',
    '1',
    `"${o.status ?? 'Open'}"`,
    '2',
    o.phase ?? 'Primary',
    '4',
    '11',
    'LN1 1AA',
  ].join(',');

const KNOWN = new Set(['925', '881']);

describe('reading a GIAS establishment export', () => {
  it('reads every school, with its line, mapping GIAS phases and types to ours', () => {
    const csv = [
      HEADER,
      row({ urn: '100001', name: 'Fenbrook Primary School' }),
      row({
        urn: '100002',
        la: '881',
        laName: 'Essex',
        name: 'Little Waltham, CE Primary',
        phase: 'Middle deemed primary',
      }),
      row({ urn: '100003', name: 'Brook Academy', phase: 'All-through' }),
      row({ urn: '100004', name: 'Meadow School', phase: 'Not applicable', type: 'Academy special converter' }),
      row({ urn: '100005', name: 'Bridge Centre', phase: 'Not applicable', type: 'Pupil referral unit' }),
      row({ urn: '100006', name: 'Sixth Form', phase: '16 plus', status: 'Open, but proposed to close' }),
    ].join('\r\n');
    const reading = readGiasSchools(`\ufeff${csv}`, KNOWN);
    expect(reading).toEqual({
      ok: true,
      schools: [
        {
          line: 2,
          urn: '100001',
          name: 'Fenbrook Primary School',
          laCode: '925',
          laName: 'Lincolnshire',
          phase: 'primary',
        },
        {
          line: 3,
          urn: '100002',
          name: 'Little Waltham, CE Primary',
          laCode: '881',
          laName: 'Essex',
          phase: 'primary',
        },
        { line: 4, urn: '100003', name: 'Brook Academy', laCode: '925', laName: 'Lincolnshire', phase: 'all_through' },
        { line: 5, urn: '100004', name: 'Meadow School', laCode: '925', laName: 'Lincolnshire', phase: 'special' },
        {
          line: 6,
          urn: '100005',
          name: 'Bridge Centre',
          laCode: '925',
          laName: 'Lincolnshire',
          phase: 'alternative_provision',
        },
        { line: 7, urn: '100006', name: 'Sixth Form', laCode: '925', laName: 'Lincolnshire', phase: 'secondary' },
      ],
    });
  });

  it('accepts an extract with only the needed columns, in any order and any case', () => {
    const csv = 'establishmentname,urn,phaseofeducation (name),la (code)\nHill Nursery,123456,Nursery,925';
    expect(readGiasSchools(csv, KNOWN)).toEqual({
      ok: true,
      schools: [{ line: 2, urn: '123456', name: 'Hill Nursery', laCode: '925', laName: '', phase: 'nursery' }],
    });
  });

  it('names every bad line and its reason, and returns no schools', () => {
    const csv = [
      HEADER,
      row({ urn: '100001', name: 'Good School' }),
      row({ urn: '12345', name: 'Short URN' }),
      row({ urn: '100001', name: 'Twice' }),
      row({ urn: '100009', la: '999', laName: 'Nowhere', name: 'Unknown LA' }),
      row({ urn: '100010', name: 'Odd phase', phase: 'Not applicable', type: 'Other independent school' }),
      row({ urn: '100011', name: 'Gone', status: 'Closed' }),
      row({ urn: '100012', name: '' }).replace('""', ''),
      '100013,925,Lincolnshire',
      row({ urn: '', name: 'No URN', la: '' }),
    ].join('\n');
    const reading = readGiasSchools(csv, KNOWN);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? [] : reading.problems).toEqual([
      { line: 3, reason: 'the URN "12345" is not six digits' },
      { line: 4, reason: 'URN 100001 is already on line 2' },
      { line: 5, reason: 'local authority 999 (Nowhere) is not set up in Crosswalk: ask an administrator to add it' },
      {
        line: 6,
        reason:
          'the phase "Not applicable" (Other independent school) is not one Crosswalk knows: nursery, primary, secondary, all-through, special or alternative provision',
      },
      { line: 7, reason: 'the school is closed in Get Information about Schools' },
      { line: 8, reason: 'the school has no name (EstablishmentName)' },
      { line: 9, reason: 'expected 16 columns, found 3' },
      { line: 10, reason: 'the URN is missing; the local authority code (LA (code)) is missing' },
    ]);
  });

  it('refuses a file without the GIAS columns on line 1', () => {
    expect(readGiasSchools('urn,name,phase\n100001,A School,Primary', KNOWN)).toEqual({
      ok: false,
      problems: [
        {
          line: 1,
          reason:
            'the columns "EstablishmentName", "LA (code)", "PhaseOfEducation (name)" are missing: use the establishment export of Get Information about Schools, which has them',
        },
      ],
    });
    expect(readGiasSchools(HEADER, KNOWN)).toEqual({
      ok: false,
      problems: [{ line: 1, reason: 'there are no schools after the column names' }],
    });
  });

  it('refuses what is not CSV at all', () => {
    const reading = readGiasSchools('URN,EstablishmentName\n"100001,unterminated', KNOWN);
    expect(reading.ok).toBe(false);
    expect(reading.ok ? null : reading.problems[0]?.reason).toMatch(/^this is not a CSV file that can be read/);
  });

  it('maps phases by type first, then by phase', () => {
    expect(giasPhase('Primary', 'Foundation special school')).toBe('special');
    expect(giasPhase('Not applicable', 'Academy alternative provision converter')).toBe('alternative_provision');
    expect(giasPhase('Middle deemed secondary')).toBe('secondary');
    expect(giasPhase('Not applicable', 'Further education')).toBeUndefined();
    expect(giasPhase('')).toBeUndefined();
  });
});
