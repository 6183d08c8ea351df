import { describe, expect, it } from 'vitest';
import { MIN_SCHOOLS, SUPPRESSED_TEXT, figureText, suppressFigure, suppressTable, type RawRow } from './aggregates.ts';
import { boardFigures, focusAgreed, reviewsOfTerm, type BoardReviewFacts } from './build.ts';
import { boardCsvRecords, type PartnershipBoard } from './view.ts';

const schools = (n: number, prefix = 's') => Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);
const row = <K extends string>(key: K, count: number, schoolIds: string[]): RawRow<K> => ({ key, count, schoolIds });

describe('small-number suppression of one figure', () => {
  it('hides a figure drawn from 4 schools and shows one drawn from 5', () => {
    expect(MIN_SCHOOLS).toBe(5);
    expect(suppressFigure({ count: 4, schoolIds: schools(4) })).toEqual({ value: null, suppressed: true });
    expect(suppressFigure({ count: 5, schoolIds: schools(5) })).toEqual({ value: 5, suppressed: false });
  });

  it('counts distinct schools, not entries: ten actions of 4 schools are still hidden', () => {
    const ids = [...schools(4), ...schools(4), 's1', 's2'];
    expect(suppressFigure({ count: 10, schoolIds: ids })).toMatchObject({ suppressed: true });
  });

  it('hides a lone zero, and writes a hidden figure as the marker', () => {
    expect(suppressFigure({ count: 0, schoolIds: [] })).toMatchObject({ suppressed: true });
    expect(figureText({ value: null, suppressed: true })).toBe(SUPPRESSED_TEXT);
    expect(SUPPRESSED_TEXT).toBe('Fewer than 5 schools');
    expect(figureText({ value: 7, suppressed: false })).toBe('7');
    expect(figureText(null)).toBe('Not yet recorded');
  });
});

describe('small-number suppression of a table with its total', () => {
  it('hides everything, zeros and total too, when the whole table stands on fewer than 5 schools', () => {
    const table = suppressTable([row('a', 3, schools(3)), row('b', 1, ['s4']), row('c', 0, [])], {
      count: 4,
      schoolIds: schools(4),
    });
    expect(table.total).toEqual({ value: null, suppressed: true });
    expect(table.rows.every((r) => r.figure.suppressed)).toBe(true);
  });

  it('shows every row drawn from 5 or more schools, and zeros, with the total', () => {
    const table = suppressTable([row('a', 5, schools(5)), row('b', 6, schools(6, 't')), row('c', 0, [])], {
      count: 11,
      schoolIds: [...schools(5), ...schools(6, 't')],
    });
    expect(table.total).toEqual({ value: 11, suppressed: false });
    expect(table.rows.map((r) => r.figure)).toEqual([
      { value: 5, suppressed: false },
      { value: 6, suppressed: false },
      { value: 0, suppressed: false },
    ]);
  });

  it('hides a second row when one hidden row could be worked out as the total minus the rest', () => {
    // 9 reviews: 6 closed (6 schools), 2 in review (2 schools), 1 paused (1 school), 0 cancelled.
    const rows = [
      row('closed', 6, schools(6)),
      row('in_review', 2, ['x1', 'x2']),
      row('paused', 0, []),
      row('self_review', 1, ['y1']),
    ];
    const total = { count: 9, schoolIds: [...schools(6), 'x1', 'x2', 'y1'] };
    const table = suppressTable(rows, total);
    // Both small rows are hidden anyway (two hidden: only their sum, 3, can be worked out).
    expect(table.rows.map((r) => [r.key, r.figure.value])).toEqual([
      ['closed', 6],
      ['in_review', null],
      ['paused', 0],
      ['self_review', null],
    ]);

    // Only one small row: the smallest other non-zero row is hidden with it, never a zero.
    const single = suppressTable(
      [
        row('closed', 6, schools(6)),
        row('planned', 5, schools(5, 'p')),
        row('paused', 0, []),
        row('in_review', 2, ['x1', 'x2']),
      ],
      { count: 13, schoolIds: [...schools(6), ...schools(5, 'p'), 'x1', 'x2'] },
    );
    expect(single.total).toEqual({ value: 13, suppressed: false });
    expect(single.rows.map((r) => [r.key, r.figure.value])).toEqual([
      ['closed', 6],
      ['planned', null],
      ['paused', 0],
      ['in_review', null],
    ]);
    // What is shown no longer gives the hidden row away: 13 - 6 - 0 = 7 is only the two hidden rows together.
    const shownSum = single.rows.reduce((sum, r) => sum + (r.figure.value ?? 0), 0);
    expect((single.total.value ?? 0) - shownSum).toBe(7);
  });
});

describe('the board figures', () => {
  const review = (id: string, school: string, over: Partial<BoardReviewFacts> = {}): BoardReviewFacts => ({
    id,
    hostSchoolId: school,
    state: 'closed',
    pausedFrom: null,
    startsOn: '2025-11-10',
    themes: ['looking_inward'],
    hasFocus: true,
    ...over,
  });

  it('with 4 schools shows no figure at all; a fifth school brings them out', () => {
    const four = schools(4).map((s, i) => review(`r${i}`, s));
    const actions = four.map((r) => ({ reviewId: r.id, status: 'on_track' as const }));
    const small = boardFigures({ reviews: four, actions, term: null, supportMatched: null });
    expect(small.reviewsByState.total).toEqual({ value: null, suppressed: true });
    expect(small.reviewsByState.rows.find((r) => r.key === 'closed')?.figure.suppressed).toBe(true);
    expect(small.enquiryThemes.rows.find((r) => r.key === 'looking_inward')?.figure.suppressed).toBe(true);
    expect(small.actionsByStatus.total.suppressed).toBe(true);
    expect(small.supportMatched).toBeNull();

    const five = [...four, review('r5', 's5')];
    const big = boardFigures({
      reviews: five,
      actions: [...actions, { reviewId: 'r5', status: 'on_track' }],
      term: null,
      supportMatched: { count: 2, schoolIds: ['s1', 's2', 's3', 's4'] },
    });
    expect(big.reviewsByState.total).toEqual({ value: 5, suppressed: false });
    expect(big.reviewsByState.rows.find((r) => r.key === 'closed')).toEqual({
      key: 'closed',
      label: 'Closed',
      figure: { value: 5, suppressed: false },
    });
    expect(big.enquiryThemes.rows.find((r) => r.key === 'looking_inward')?.figure.value).toBe(5);
    expect(big.actionsByStatus.rows.find((r) => r.key === 'on_track')?.figure.value).toBe(5);
    expect(big.supportMatched).toEqual({ value: null, suppressed: true });
  });

  it('counts the focus areas of agreed focuses only, and a term by the reviews’ first days', () => {
    expect(focusAgreed({ state: 'self_review', pausedFrom: null, hasFocus: true })).toBe(false);
    expect(focusAgreed({ state: 'focus_agreed', pausedFrom: null, hasFocus: true })).toBe(true);
    expect(focusAgreed({ state: 'paused', pausedFrom: 'planned', hasFocus: true })).toBe(true);
    expect(focusAgreed({ state: 'paused', pausedFrom: 'draft', hasFocus: true })).toBe(false);
    const reviews = [
      review('a', 's1', { startsOn: '2025-10-01' }),
      review('b', 's2', { startsOn: '2026-02-01' }),
      review('c', 's3', { startsOn: null }),
    ];
    expect(reviewsOfTerm(reviews, 'autumn').map((r) => r.id)).toEqual(['a']);
    expect(reviewsOfTerm(reviews, 'spring').map((r) => r.id)).toEqual(['b']);
    expect(reviewsOfTerm(reviews, null).map((r) => r.id)).toEqual(['a', 'b', 'c']);
  });

  it('writes the CSV one line per figure, hidden ones as the marker, and never a school', () => {
    const figures = boardFigures({
      reviews: schools(4).map((s, i) => review(`r${i}`, s)),
      actions: [],
      term: 'autumn',
      supportMatched: null,
    });
    const board: PartnershipBoard = {
      partnership: { id: 'p', name: 'Five Counties' },
      academicYear: '2025-26',
      term: 'autumn',
      years: ['2025-26'],
      minimumSchools: 5,
      ...figures,
    };
    const records = boardCsvRecords(board);
    expect(records[0]).toEqual(['Partnership', 'Academic year', 'Period', 'Section', 'Item', 'Figure']);
    expect(records[1]).toEqual([
      'Five Counties',
      '2025-26',
      'Autumn term',
      'Reviews by stage',
      'Slot offered',
      SUPPRESSED_TEXT,
    ]);
    expect(records.at(-1)).toEqual([
      'Five Counties',
      '2025-26',
      'Autumn term',
      'School-to-school support matched',
      'Support matches',
      'Not yet recorded',
    ]);
    // 17 stages + total, 4 areas + total, 4 statuses + total, support.
    expect(records).toHaveLength(1 + 18 + 5 + 5 + 1);
  });
});
