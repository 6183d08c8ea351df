import { describe, expect, it } from 'vitest';
import { EvaluationModel, LevelIds, StrandIds, checkRating, levelNearest } from './model.ts';
import { academicYearOf, isAcademicYear, strandTrends, yearSpan } from './trend.ts';

describe('Crosswalk’s own partnership evaluation model', () => {
  it('has the six strands and the four-level scale, each level with a descriptor', () => {
    expect(StrandIds).toEqual([
      'trust_transparency',
      'enquiry_non_judgemental',
      'coaching_approach',
      'impact_focus',
      'driven_by_schools',
      'teacher_agency_wellbeing',
    ]);
    expect(LevelIds).toEqual(['emerging', 'developing', 'embedded', 'sustaining']);
    expect(EvaluationModel.levels.map((l) => l.score)).toEqual([1, 2, 3, 4]);
    for (const level of EvaluationModel.levels) {
      expect(level.descriptor.length).toBeGreaterThan(20);
    }
    expect(EvaluationModel.name).toMatch(/Crosswalk’s own/);
  });

  it('accepts a strand and level of the model, and refuses anything else with the reason', () => {
    expect(checkRating('coaching_approach', 'embedded')).toEqual({
      ok: true,
      strand: 'coaching_approach',
      level: 'embedded',
    });
    expect(checkRating('coaching_approach', 'outstanding')).toEqual({
      ok: false,
      field: 'level',
      reason: '“outstanding” is not on the scale. Choose emerging, developing, embedded or sustaining.',
    });
    expect(checkRating('coaching_approach', 'Embedded')).toMatchObject({ ok: false, field: 'level' });
    expect(checkRating('coaching_approach', '5')).toMatchObject({ ok: false, field: 'level' });
    expect(checkRating('ofsted_grade', 'embedded')).toMatchObject({
      ok: false,
      field: 'strand',
      reason: expect.stringContaining('Trust and transparency') as string,
    });
  });

  it('says an average score as the nearest level', () => {
    expect(levelNearest(1).id).toBe('emerging');
    expect(levelNearest(2.4).id).toBe('developing');
    expect(levelNearest(2.5).id).toBe('embedded');
    expect(levelNearest(4).id).toBe('sustaining');
  });
});

describe('the yearly trend', () => {
  it('knows academic years and fills the years between the first and the last', () => {
    expect(isAcademicYear('2026-27')).toBe(true);
    expect(isAcademicYear('2026-28')).toBe(false);
    expect(isAcademicYear('2099-00')).toBe(true);
    expect(academicYearOf(new Date('2026-08-31T23:30:00Z'))).toBe('2026-27');
    expect(academicYearOf(new Date('2026-08-31T12:00:00Z'))).toBe('2025-26');
    expect(yearSpan(['2027-28', '2025-26', 'rubbish'])).toEqual(['2025-26', '2026-27', '2027-28']);
    expect(yearSpan([])).toEqual([]);
  });

  it('gives each strand its agreed level and the average of the schools’ own ratings, year by year', () => {
    const trends = strandTrends({
      years: ['2025-26', '2026-27'],
      agreed: [
        { academicYear: '2025-26', strand: 'impact_focus', level: 'emerging' },
        { academicYear: '2026-27', strand: 'impact_focus', level: 'embedded' },
      ],
      selfRatings: [
        { academicYear: '2026-27', strand: 'impact_focus', level: 'developing' },
        { academicYear: '2026-27', strand: 'impact_focus', level: 'sustaining' },
        { academicYear: '2026-27', strand: 'impact_focus', level: 'sustaining' },
        { academicYear: '2026-27', strand: 'coaching_approach', level: 'embedded' },
      ],
    });
    expect(trends.map((t) => t.strand)).toEqual(StrandIds);
    expect(trends.find((t) => t.strand === 'impact_focus')?.years).toEqual([
      { academicYear: '2025-26', agreed: 'emerging', agreedScore: 1, selfRatings: 0, selfAverage: null },
      { academicYear: '2026-27', agreed: 'embedded', agreedScore: 3, selfRatings: 3, selfAverage: 3.3 },
    ]);
    expect(trends.find((t) => t.strand === 'coaching_approach')?.years[1]).toEqual({
      academicYear: '2026-27',
      agreed: null,
      agreedScore: null,
      selfRatings: 1,
      selfAverage: 3,
    });
  });
});
