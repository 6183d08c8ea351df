import fc from 'fast-check';
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

describe('reading any well-formed export', () => {
  /** A CSV field as a spreadsheet writes it: quoted, with quotes doubled. */
  const quoted = (text: string) => `"${text.replaceAll('"', '""')}"`;
  const phases = [
    ['Primary', 'primary'],
    ['Secondary', 'secondary'],
    ['Nursery', 'nursery'],
    ['All-through', 'all_through'],
  ] as const;
  const school = fc.record({
    name: fc
      .string({ minLength: 1, maxLength: 60 })
      .map((s) => s.replace(/[\r\n]/g, ' ').trim())
      .filter((s) => s.length > 0),
    la: fc.constantFrom('925', '881'),
    phase: fc.constantFrom(...phases),
  });

  it('returns every school, in order, on its own line, whatever the names hold', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 100000, max: 999999 }), { minLength: 1, maxLength: 30 }),
        fc.array(school, { minLength: 30, maxLength: 30 }),
        (urns, schools) => {
          const rows = urns.map((urn, i) => {
            const s = schools[i] ?? schools[0];
            return [
              String(urn),
              s?.la,
              'Somewhere',
              '1',
              quoted(s?.name ?? ''),
              '1',
              'Community school',
              '4',
              'Group',
              '1',
              '"Open"',
              '2',
              s?.phase[0],
              '4',
              '11',
              'AB1 2CD',
            ].join(',');
          });
          const reading = readGiasSchools([HEADER, ...rows].join('\r\n'), KNOWN);
          expect(reading.ok).toBe(true);
          expect(reading.ok ? reading.schools : []).toEqual(
            urns.map((urn, i) => ({
              line: i + 2,
              urn: String(urn),
              name: schools[i]?.name,
              laCode: schools[i]?.la,
              laName: 'Somewhere',
              phase: schools[i]?.phase[1],
            })),
          );
        },
      ),
    );
  });
});
