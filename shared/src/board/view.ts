import type { ActionStatus } from '../documents/enquiry.ts';
import { ActionStatusLabel } from '../documents/labels.ts';
import { AllReviewStates, ReviewStateLabel, type ReviewState } from '../domain/review-states.ts';
import { FrameworkThemeLabel, FrameworkThemes } from '../domain/review-terms.ts';
import { TermLabel, type Term } from '../rota/year.ts';
import { figureText, type BoardFigure } from './aggregates.ts';

export type FrameworkTheme = (typeof FrameworkThemes)[number];

/** The order of each table's rows: every state, theme and status, so two terms' exports line up. */
export const BoardStateOrder: readonly ReviewState[] = AllReviewStates;
export const BoardThemeOrder: readonly FrameworkTheme[] = FrameworkThemes;
export const BoardStatusOrder = Object.keys(ActionStatusLabel) as ActionStatus[];

export interface BoardRow<K extends string> {
  key: K;
  label: string;
  figure: BoardFigure;
}

export interface BoardSection<K extends string> {
  rows: BoardRow<K>[];
  total: BoardFigure;
}

/**
 * `GET /api/partnerships/:id/board`: the partnership as a whole for one academic year (or one term of it), as a
 * local authority or board may see it. Counts only; a hidden figure is `null` with `suppressed: true`.
 */
export interface PartnershipBoard {
  partnership: { id: string; name: string };
  academicYear: string;
  /** The term whose reviews are counted (review days beginning in it), or null for the whole year. */
  term: Term | null;
  /** The years the person can choose from: every year with a review, and this one. */
  years: string[];
  /** No figure drawn from fewer schools than this is shown. */
  minimumSchools: number;
  /** The reviews of the year (or term) by the stage they are at now. */
  reviewsByState: BoardSection<ReviewState>;
  /** Reviews whose agreed enquiry focus touches each area of the framework; the total counts reviews with a focus. */
  enquiryThemes: BoardSection<FrameworkTheme>;
  /** The published actions of those reviews by status. */
  actionsByStatus: BoardSection<ActionStatus>;
  /** School-to-school support matched for those reviews; null until support between schools is recorded. */
  supportMatched: BoardFigure | null;
}

/** The section names, as the page's headings and the CSV's first column. */
export const BoardSectionLabel = {
  reviewsByState: 'Reviews by stage',
  enquiryThemes: 'Enquiry themes by framework area',
  actionsByStatus: 'Actions by status',
  supportMatched: 'School-to-school support matched',
} as const;

/** What each section's total row is called. */
export const BoardTotalLabel = {
  reviewsByState: 'All reviews',
  enquiryThemes: 'Reviews with an agreed enquiry focus',
  actionsByStatus: 'All actions',
} as const;

export const boardRowLabel = {
  state: (state: ReviewState) => ReviewStateLabel[state],
  theme: (theme: FrameworkTheme) => FrameworkThemeLabel[theme],
  status: (status: ActionStatus) => ActionStatusLabel[status],
};

/** "Whole year" or "Autumn term". */
export function boardPeriodText(term: Term | null): string {
  if (term === null) {
    return 'Whole year';
  }
  const label = TermLabel[term];
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export const BoardCsvHeader = ['Partnership', 'Academic year', 'Period', 'Section', 'Item', 'Figure'] as const;

/**
 * The board as CSV records (header first), for termly quadrant meetings: one line per figure, a hidden figure
 * written as "Fewer than 5 schools", support not yet recorded as "Not yet recorded". No school is ever named.
 */
export function boardCsvRecords(board: PartnershipBoard): string[][] {
  const context = [board.partnership.name, board.academicYear, boardPeriodText(board.term)];
  const records: string[][] = [[...BoardCsvHeader]];
  const section = <K extends string>(name: keyof typeof BoardTotalLabel, table: BoardSection<K>) => {
    for (const row of table.rows) {
      records.push([...context, BoardSectionLabel[name], row.label, figureText(row.figure)]);
    }
    records.push([...context, BoardSectionLabel[name], BoardTotalLabel[name], figureText(table.total)]);
  };
  section('reviewsByState', board.reviewsByState);
  section('enquiryThemes', board.enquiryThemes);
  section('actionsByStatus', board.actionsByStatus);
  records.push([...context, BoardSectionLabel.supportMatched, 'Support matches', figureText(board.supportMatched)]);
  return records;
}
