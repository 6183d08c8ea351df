import type { ActionStatus } from '../documents/enquiry.ts';
import { reached, type ReviewState } from '../domain/review-states.ts';
import { termOf, type Term } from '../rota/year.ts';
import { suppressFigure, suppressTable, type RawFigure, type RawRow } from './aggregates.ts';
import {
  BoardStateOrder,
  BoardStatusOrder,
  BoardThemeOrder,
  boardRowLabel,
  type BoardSection,
  type FrameworkTheme,
  type PartnershipBoard,
} from './view.ts';

/** A review as the board counts it: its host school (only to count distinct schools), stage, days and focus areas. */
export interface BoardReviewFacts {
  id: string;
  hostSchoolId: string;
  state: ReviewState;
  pausedFrom: ReviewState | null;
  startsOn: string | null;
  themes: readonly string[];
  hasFocus: boolean;
}

export interface BoardInput {
  /** The reviews of the academic year. */
  reviews: readonly BoardReviewFacts[];
  /** Their published actions still in the plan. */
  actions: readonly { reviewId: string; status: ActionStatus }[];
  term: Term | null;
  /** Support matched for the reviews counted (the schools on both sides), or null while it is not recorded. */
  supportMatched: RawFigure | null;
}

/** The reviews a term counts: those whose review days began in it (a review with no days yet counts in no term). */
export function reviewsOfTerm<R extends Pick<BoardReviewFacts, 'startsOn'>>(
  reviews: readonly R[],
  term: Term | null,
): R[] {
  return term === null ? [...reviews] : reviews.filter((r) => r.startsOn !== null && termOf(r.startsOn) === term);
}

/** Whether the review's enquiry focus is agreed (so its areas count): reached `focus_agreed`, or paused after it. */
export function focusAgreed(review: Pick<BoardReviewFacts, 'state' | 'pausedFrom' | 'hasFocus'>): boolean {
  const state = review.state === 'paused' ? review.pausedFrom : review.state;
  return review.hasFocus && state !== null && reached(state, 'focus_agreed');
}

function section<K extends string>(label: (key: K) => string, rows: RawRow<K>[], total: RawFigure): BoardSection<K> {
  const table = suppressTable(rows, total);
  return {
    rows: table.rows.map((row) => ({ key: row.key, label: label(row.key), figure: row.figure })),
    total: table.total,
  };
}

/** Counts of `items` per key, each with the distinct schools behind it. */
function tally<K extends string, T>(
  order: readonly K[],
  items: readonly T[],
  keysOf: (item: T) => readonly string[],
  schoolOf: (item: T) => string,
): RawRow<K>[] {
  return order.map((key) => {
    const matching = items.filter((item) => keysOf(item).includes(key));
    return { key, count: matching.length, schoolIds: matching.map(schoolOf) };
  });
}

/**
 * The board's figures for one year or term, every one suppressed as `suppressTable` says: reviews by stage, enquiry
 * themes by framework area (agreed focus only), actions by status, and support matched.
 */
export function boardFigures(
  input: BoardInput,
): Pick<PartnershipBoard, 'reviewsByState' | 'enquiryThemes' | 'actionsByStatus' | 'supportMatched'> {
  const reviews = reviewsOfTerm(input.reviews, input.term);
  const hostOf = new Map(reviews.map((r) => [r.id, r.hostSchoolId]));
  const schools = (items: readonly { hostSchoolId: string }[]) => items.map((r) => r.hostSchoolId);

  const byState = tally(
    BoardStateOrder,
    reviews,
    (r) => [r.state],
    (r) => r.hostSchoolId,
  );
  const focused = reviews.filter(focusAgreed);
  const themes = tally<FrameworkTheme, BoardReviewFacts>(
    BoardThemeOrder,
    focused,
    (r) => r.themes,
    (r) => r.hostSchoolId,
  );
  const actions = input.actions.filter((a) => hostOf.has(a.reviewId));
  const schoolOfAction = (a: { reviewId: string }) => hostOf.get(a.reviewId) ?? '';
  const byStatus = tally(BoardStatusOrder, actions, (a) => [a.status], schoolOfAction);

  return {
    reviewsByState: section(boardRowLabel.state, byState, {
      count: reviews.length,
      schoolIds: schools(reviews),
    }),
    enquiryThemes: section(boardRowLabel.theme, themes, {
      count: focused.length,
      schoolIds: schools(focused),
    }),
    actionsByStatus: section(boardRowLabel.status, byStatus, {
      count: actions.length,
      schoolIds: actions.map(schoolOfAction),
    }),
    supportMatched: input.supportMatched === null ? null : suppressFigure(input.supportMatched),
  };
}
