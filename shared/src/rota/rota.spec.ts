import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar/dates.ts';
import { clashesWithKs2Tests } from '../calendar/review-deadlines.ts';
import { isSchoolDay, type SchoolCalendar } from '../calendar/school-calendar.ts';
import { checkRota, reviewersOf } from './check.ts';
import { generateRota } from './generate.ts';
import {
  RotaOptionsSchema,
  RotaRuleIds,
  type Rota,
  type RotaInput,
  type RotaOptions,
  type RotaPerson,
  type RotaRole,
  type RotaSchool,
} from './schemas.ts';
import { easterSunday } from '../calendar/dates.ts';
import { academicYearSpan, reviewWindow, termOf } from './year.ts';

const YEARS = ['2024-25', '2025-26', '2026-27'] as const;

interface Closure {
  offset: number;
  length: number;
}

/** A school-day oracle from per-school closures over weekends and bank holidays, through the shared calendar. */
function oracle(year: string, closures: Record<string, Closure[]>): RotaInput['schoolDay'] {
  const start = reviewWindow(year).from;
  const calendars = new Map<string, SchoolCalendar>(
    Object.entries(closures).map(([schoolId, list]) => [
      schoolId,
      {
        layers: [
          {
            scope: 'school',
            events: list.map((c) => ({
              kind: 'closure' as const,
              from: addDays(start, c.offset),
              to: addDays(start, c.offset + c.length - 1),
              label: 'Closed',
            })),
          },
        ],
      },
    ]),
  );
  return (schoolId, day) => isSchoolDay(calendars.get(schoolId) ?? { layers: [] }, day);
}

const optionsArb: fc.Arbitrary<RotaOptions> = fc.record({
  peerReviewers: fc.integer({ min: 2, max: 4 }),
  reviewDays: fc.integer({ min: 1, max: 2 }),
  allowSameLocalAuthority: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1000 }),
});

const rolesArb: fc.Arbitrary<RotaRole[]> = fc.subarray(['lead_reviewer', 'peer_reviewer', 'improvement_champion'], {
  minLength: 1,
});

/** Any cluster: 1 to 7 schools in up to 4 authorities, 0 to 4 trained people each, some closed days. */
const anyInputArb: fc.Arbitrary<RotaInput> = fc
  .record({
    year: fc.constantFrom(...YEARS),
    schools: fc.array(
      fc.record({
        phase: fc.constantFrom('primary', 'secondary'),
        la: fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
        people: fc.array(rolesArb, { maxLength: 4 }),
        closures: fc.array(
          fc.record({ offset: fc.integer({ min: 0, max: 290 }), length: fc.integer({ min: 1, max: 40 }) }),
          {
            maxLength: 3,
          },
        ),
      }),
      { minLength: 1, maxLength: 7 },
    ),
    options: optionsArb,
  })
  .map(({ year, schools, options }) => buildInput(year, schools, options));

/** A well-staffed cluster (4 to 7 schools, each in its own authority, with a lead, two peers and a champion). */
const richInputArb: fc.Arbitrary<RotaInput> = fc
  .record({
    year: fc.constantFrom(...YEARS),
    count: fc.integer({ min: 4, max: 7 }),
    phases: fc.array(fc.constantFrom('primary', 'secondary'), { minLength: 7, maxLength: 7 }),
    closures: fc.array(
      fc.array(fc.record({ offset: fc.integer({ min: 0, max: 290 }), length: fc.integer({ min: 1, max: 10 }) }), {
        maxLength: 2,
      }),
      {
        minLength: 7,
        maxLength: 7,
      },
    ),
    options: fc.record({
      peerReviewers: fc.integer({ min: 2, max: 3 }),
      reviewDays: fc.integer({ min: 1, max: 2 }),
      allowSameLocalAuthority: fc.boolean(),
      seed: fc.integer({ min: 0, max: 1000 }),
    }),
  })
  .map(({ year, count, phases, closures, options }) =>
    buildInput(
      year,
      Array.from({ length: count }, (_, i) => ({
        phase: phases[i] ?? 'primary',
        la: i,
        people: [
          ['lead_reviewer', 'peer_reviewer'],
          ['peer_reviewer'],
          ['peer_reviewer'],
          ['improvement_champion'],
        ] as RotaRole[][],
        closures: closures[i] ?? [],
      })),
      options,
    ),
  );

function buildInput(
  year: string,
  schools: { phase: string; la: number | null; people: RotaRole[][]; closures: Closure[] }[],
  options: RotaOptions,
): RotaInput {
  const rotaSchools: RotaSchool[] = schools.map((s, i) => ({
    id: `school-${i}`,
    name: `School ${String.fromCharCode(65 + i)}`,
    phase: s.phase,
    localAuthority: s.la === null ? null : `Authority ${s.la}`,
  }));
  const people: RotaPerson[] = schools.flatMap((s, i) =>
    s.people.map((roles, j) => ({
      userId: `person-${i}-${j}`,
      displayName: `Person ${i}.${j}`,
      schoolId: `school-${i}`,
      roles,
    })),
  );
  return {
    academicYear: year,
    schools: rotaSchools,
    people,
    schoolDay: oracle(year, Object.fromEntries(schools.map((s, i) => [`school-${i}`, s.closures]))),
    options,
  };
}

/** Each property of a generated rota, checked directly rather than through `checkRota`. */
function expectKeepsTheRules(rota: Rota, input: RotaInput): void {
  const schoolOf = new Map(input.people.map((p) => [p.userId, p.schoolId]));
  const school = new Map(input.schools.map((s) => [s.id, s]));
  // Every school hosts.
  expect(rota.entries.map((e) => e.hostSchoolId).sort()).toEqual(input.schools.map((s) => s.id).sort());
  const span = academicYearSpan(input.academicYear);
  for (const entry of rota.entries) {
    const host = school.get(entry.hostSchoolId) as RotaSchool;
    const team = reviewersOf(entry);
    expect(entry.leadReviewerId).not.toBeNull();
    expect(entry.peerReviewerIds).toHaveLength(input.options.peerReviewers);
    expect(entry.days).toHaveLength(input.options.reviewDays);
    expect(new Set(team).size).toBe(team.length);
    // The champion is never on its own review team, nor from a school on it or the host.
    expect(entry.championId).not.toBeNull();
    expect(team).not.toContain(entry.championId);
    const teamSchools = team.map((id) => schoolOf.get(id));
    expect([host.id, ...teamSchools]).not.toContain(schoolOf.get(entry.championId ?? ''));
    // Nobody reviews their own school; no reviewer from the host's authority unless allowed.
    for (const schoolId of teamSchools) {
      expect(schoolId).not.toBe(host.id);
      if (!input.options.allowSameLocalAuthority && host.localAuthority !== null) {
        expect(school.get(schoolId ?? '')?.localAuthority).not.toBe(host.localAuthority);
      }
    }
    // Every day a school day for every school involved; the KS2 test week avoided for primary hosts.
    for (const day of entry.days) {
      expect(day >= span.from && day <= span.to).toBe(true);
      expect(clashesWithKs2Tests(host.phase, day)).toBe(false);
      for (const schoolId of [host.id, ...teamSchools]) {
        expect(input.schoolDay(schoolId ?? '', day).schoolDay).toBe(true);
      }
    }
  }
  // No two schools review each other in the same term.
  for (const a of rota.entries) {
    for (const b of rota.entries) {
      if (a !== b && termOf(a.days[0] ?? '') === termOf(b.days[0] ?? '')) {
        const aReviewedByB = reviewersOf(a).some((id) => schoolOf.get(id) === b.hostSchoolId);
        const bReviewedByA = reviewersOf(b).some((id) => schoolOf.get(id) === a.hostSchoolId);
        expect(aReviewedByB && bReviewedByA).toBe(false);
      }
    }
  }
}

describe('generating the year’s rota', () => {
  it('keeps every rule for any cluster it can staff, and checkRota agrees; otherwise names a rule and a school', () => {
    fc.assert(
      fc.property(anyInputArb, (input) => {
        const result = generateRota(input);
        if (result.ok) {
          expectKeepsTheRules(result.rota, input);
          expect(checkRota(result.rota, input)).toEqual([]);
        } else {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) {
            expect(RotaRuleIds).toContain(problem.rule);
            const school = input.schools.find((s) => s.id === problem.schoolId);
            expect(school).toBeDefined();
            expect(problem.message).toContain(school?.name);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('always staffs a well-staffed cluster, keeping every rule', () => {
    fc.assert(
      fc.property(richInputArb, (input) => {
        const result = generateRota(input);
        expect(result.ok ? [] : result.problems).toEqual([]);
        if (result.ok) {
          expectKeepsTheRules(result.rota, input);
          expect(checkRota(result.rota, input)).toEqual([]);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same rota for the same input and seed', () => {
    fc.assert(
      fc.property(richInputArb, (input) => {
        expect(generateRota(input)).toEqual(generateRota({ ...input }));
      }),
      { numRuns: 20 },
    );
  });

  it('names the school without a lead reviewer outside its authority', () => {
    fc.assert(
      fc.property(richInputArb, fc.nat(), (input, pick) => {
        const host = input.schools[pick % input.schools.length] as RotaSchool;
        // Only the host's own staff are trained to lead, so nobody may lead its review.
        const people = input.people.map((p) => ({
          ...p,
          roles: p.roles.filter((r) => r !== 'lead_reviewer' || p.schoolId === host.id),
        }));
        const result = generateRota({
          ...input,
          people,
          options: { ...input.options, allowSameLocalAuthority: false },
        });
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.problems).toContainEqual({
            rule: 'lead_reviewer',
            schoolId: host.id,
            message: `No trained lead reviewer outside ${host.localAuthority ?? ''} for ${host.name}.`,
          });
        }
      }),
      { numRuns: 30 },
    );
  });

  it('names the school that cannot have a full team, and the school closed all year', () => {
    fc.assert(
      fc.property(richInputArb, fc.nat(), (input, pick) => {
        const host = input.schools[pick % input.schools.length] as RotaSchool;
        const closedAllYear: RotaInput['schoolDay'] = (schoolId, day) =>
          schoolId === host.id ? { schoolDay: false, reason: 'closure' } : input.schoolDay(schoolId, day);
        const closed = generateRota({ ...input, schoolDay: closedAllYear });
        expect(closed.ok ? [] : closed.problems.filter((p) => p.schoolId === host.id).map((p) => p.rule)).toContain(
          'school_day',
        );
        // Everyone else's trained reviewers leave: the host is left with too few.
        const people = input.people.filter((p) => p.schoolId === host.id || p.roles.includes('improvement_champion'));
        const thin = generateRota({ ...input, people });
        expect(thin.ok).toBe(false);
        if (!thin.ok) {
          expect(thin.problems.map((p) => p.rule)).toContain('lead_reviewer');
        }
      }),
      { numRuns: 30 },
    );
  });
});

/** The demo cluster of docs/domain.md g: five primary schools in five authorities. */
const FIVE_COUNTIES: RotaSchool[] = [
  { id: 's1', name: 'Summercroft Primary', phase: 'primary', localAuthority: 'Hertfordshire' },
  { id: 's2', name: 'Little Waltham CE Primary', phase: 'primary', localAuthority: 'Essex' },
  { id: 's3', name: 'Hempshill Primary', phase: 'primary', localAuthority: 'Nottinghamshire' },
  { id: 's4', name: 'Prince Rock Primary', phase: 'primary', localAuthority: 'Plymouth' },
  { id: 's5', name: 'Fenbrook Primary', phase: 'primary', localAuthority: 'Lincolnshire' },
];

function fiveCounties(peopleAt: (schoolId: string) => RotaRole[][], options: Partial<RotaOptions> = {}): RotaInput {
  return {
    academicYear: '2025-26',
    schools: FIVE_COUNTIES,
    people: FIVE_COUNTIES.flatMap((s) =>
      peopleAt(s.id).map((roles, i) => ({
        userId: `${s.id}-${i}`,
        displayName: `${s.name} ${i}`,
        schoolId: s.id,
        roles,
      })),
    ),
    schoolDay: (_schoolId, day) => isSchoolDay({ layers: [] }, day),
    options: RotaOptionsSchema.parse(options),
  };
}

describe('the demo cluster’s rota', () => {
  const staffed = () =>
    [['lead_reviewer', 'peer_reviewer'], ['peer_reviewer'], ['improvement_champion']] as RotaRole[][];

  it('reviews each school once, spread over the three terms, with the load shared out', () => {
    const input = fiveCounties(staffed, { peerReviewers: 2, reviewDays: 2 });
    const result = generateRota(input);
    expect(result.ok).toBe(true);
    if (!result.ok) {
      return;
    }
    expect(checkRota(result.rota, input)).toEqual([]);
    expect(new Set(result.rota.entries.map((e) => termOf(e.days[0] ?? '')))).toEqual(
      new Set(['autumn', 'spring', 'summer']),
    );
    const load = new Map<string, number>();
    for (const entry of result.rota.entries) {
      for (const id of reviewersOf(entry)) {
        load.set(id, (load.get(id) ?? 0) + 1);
      }
    }
    // 5 reviews of 3 reviewers among 10 trained reviewers: nobody does more than 2, everybody at least 1.
    expect(Math.max(...load.values())).toBeLessThanOrEqual(2);
    expect(load.size).toBe(10);
  });

  it('says which rule and which school when Fenbrook cannot have enough peer reviewers', () => {
    const input = fiveCounties((schoolId) =>
      schoolId === 's1' ? [['lead_reviewer', 'peer_reviewer']] : schoolId === 's2' ? [['improvement_champion']] : [],
    );
    const result = generateRota(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems).toContainEqual({
        rule: 'team_size',
        schoolId: 's5',
        message:
          'Not enough peer reviewers outside Lincolnshire for Fenbrook Primary: a review needs a lead reviewer and 3 peer reviewers, and only 1 trained reviewer works outside Lincolnshire.',
      });
    }
  });

  it('lists the conflicts of an edited rota on the rows they concern', () => {
    const input = fiveCounties(staffed, { peerReviewers: 2 });
    const result = generateRota(input);
    if (!result.ok) {
      throw new Error('the demo cluster can be staffed');
    }
    const [first, second, ...rest] = result.rota.entries;
    if (!first || !second) {
      throw new Error('five entries');
    }
    const ownStaff = input.people.find((p) => p.schoolId === first.hostSchoolId && p.roles.includes('peer_reviewer'));
    const edited: Rota = {
      ...result.rota,
      entries: [
        // A Saturday, the host's own reviewer, and the lead reviewer as champion.
        {
          ...first,
          days: ['2025-11-22'],
          peerReviewerIds: [ownStaff?.userId ?? '', ...first.peerReviewerIds.slice(1)],
          championId: first.leadReviewerId,
        },
        // KS2 test week for a primary host.
        { ...second, days: ['2026-05-12'] },
        ...rest,
      ],
    };
    const conflicts = checkRota(edited, input);
    const rulesOf = (hostSchoolId: string) =>
      conflicts.filter((c) => c.hostSchoolId === hostSchoolId).map((c) => c.rule);
    expect(rulesOf(first.hostSchoolId)).toEqual(
      expect.arrayContaining(['school_day', 'own_school', 'one_role_each', 'champion']),
    );
    expect(rulesOf(second.hostSchoolId)).toContain('ks2_tests');
    expect(conflicts.find((c) => c.rule === 'school_day')?.message).toBe(
      `Saturday 22 November 2025 is not a school day at ${FIVE_COUNTIES.find((s) => s.id === first.hostSchoolId)?.name}: it is a weekend.`,
    );
    // A school left out of the rota is named too.
    expect(
      checkRota({ ...result.rota, entries: rest }, input).filter((c) => c.rule === 'every_school_hosts'),
    ).toHaveLength(2);
  });
});

describe('a large partnership in one authority', () => {
  it('staffs 16 primaries from their own authority when allowed, keeping every rule', () => {
    const schools: RotaSchool[] = Array.from({ length: 16 }, (_, i) => ({
      id: `p${i}`,
      name: `Primary ${i + 1}`,
      phase: 'primary',
      localAuthority: 'Hertfordshire',
    }));
    const input: RotaInput = {
      academicYear: '2025-26',
      schools,
      people: schools.flatMap((s) => [
        { userId: `${s.id}-head`, displayName: `Head of ${s.name}`, schoolId: s.id, roles: ['lead_reviewer'] },
        { userId: `${s.id}-deputy`, displayName: `Deputy of ${s.name}`, schoolId: s.id, roles: ['peer_reviewer'] },
        {
          userId: `${s.id}-senior`,
          displayName: `Senior leader of ${s.name}`,
          schoolId: s.id,
          roles: ['improvement_champion'],
        },
      ]),
      schoolDay: (_schoolId, day) => isSchoolDay({ layers: [] }, day),
      options: RotaOptionsSchema.parse({ peerReviewers: 3, reviewDays: 2, allowSameLocalAuthority: true }),
    };
    const result = generateRota(input);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(checkRota(result.rota, input)).toEqual([]);
    }
    // Not allowed from the same authority, nobody is left to review anyone: the first school is named.
    const refused = generateRota({ ...input, options: { ...input.options, allowSameLocalAuthority: false } });
    expect(refused.ok ? [] : refused.problems[0]).toEqual({
      rule: 'lead_reviewer',
      schoolId: 'p0',
      message: 'No trained lead reviewer outside Hertfordshire for Primary 1.',
    });
  });
});

describe('the earliest day', () => {
  it('places nothing before it, and names the school when nothing is left of the year', () => {
    const input = fiveCounties(
      () => [['lead_reviewer', 'peer_reviewer'], ['peer_reviewer'], ['improvement_champion']] as RotaRole[][],
      { peerReviewers: 2 },
    );
    const late = generateRota({ ...input, earliest: '2026-03-02' });
    expect(late.ok).toBe(true);
    for (const entry of late.ok ? late.rota.entries : []) {
      expect((entry.days[0] ?? '') >= '2026-03-02').toBe(true);
    }
    const tooLate = generateRota({ ...input, earliest: '2026-08-01' });
    expect(tooLate.ok ? [] : tooLate.problems.map((p) => p.rule)).toContain('school_day');
  });
});

describe('terms', () => {
  it('places Easter correctly and splits the year at Christmas and Easter Monday', () => {
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(termOf('2025-12-19')).toBe('autumn');
    expect(termOf('2026-04-06')).toBe('spring');
    expect(termOf('2026-04-07')).toBe('summer');
  });
});
