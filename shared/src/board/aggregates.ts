/**
 * What a local authority or partnership board may see of a partnership (docs/board-view.md): counts only, and no
 * figure drawn from fewer than `MIN_SCHOOLS` schools. This module decides which figures are shown; it never sees a
 * school's name, only how many distinct schools stand behind each count.
 */

/** No figure is shown that is drawn from fewer schools than this (docs/domain.md e.2 rule 4). */
export const MIN_SCHOOLS = 5;

/** What a hidden figure says instead of a number, on the page and in the CSV export. */
export const SUPPRESSED_TEXT = `Fewer than ${MIN_SCHOOLS} schools`;

/** What a figure the partnership does not record yet says. */
export const NOT_RECORDED_TEXT = 'Not yet recorded';

/** A count, and the distinct schools it is drawn from (ids, so a school counted twice is one school). */
export interface RawFigure {
  count: number;
  schoolIds: readonly string[];
}

/** A figure as it may be shown: the number, or `null` with `suppressed: true`. */
export type BoardFigure = { value: number; suppressed: false } | { value: null; suppressed: true };

/** One row of a table before suppression. */
export interface RawRow<K extends string> extends RawFigure {
  key: K;
}

/** A table as it may be shown: each row's figure and the total. */
export interface BoardTable<K extends string> {
  rows: { key: K; figure: BoardFigure }[];
  total: BoardFigure;
}

const shown = (value: number): BoardFigure => ({ value, suppressed: false });
const hidden: BoardFigure = { value: null, suppressed: true };

/** How many distinct schools a figure is drawn from. */
export function schoolCount(figure: Pick<RawFigure, 'schoolIds'>): number {
  return new Set(figure.schoolIds).size;
}

/**
 * One figure on its own (no total to subtract it from): shown only when drawn from at least `MIN_SCHOOLS`
 * schools. A zero is drawn from no school at all, so it is hidden too: "none of our few schools" is still about them.
 */
export function suppressFigure(figure: RawFigure): BoardFigure {
  return schoolCount(figure) >= MIN_SCHOOLS ? shown(figure.count) : hidden;
}

/**
 * A table of counts with its total, suppressed so that no hidden figure can be worked out from the shown ones:
 *
 * 1. If the total is drawn from fewer than `MIN_SCHOOLS` schools, everything is hidden, zeros too (with so few
 *    schools, even "none" and the total say something about each of them).
 * 2. Otherwise the total is shown, a zero is shown, and a row drawn from 1 to 4 schools is hidden.
 * 3. If exactly one row is hidden, the total minus the shown rows would give it away, so the smallest other
 *    non-zero row is hidden too (secondary suppression). Two hidden rows only give their sum. There is always such a
 *    row: the total stands on at least `MIN_SCHOOLS` schools and the hidden row on fewer.
 *
 * Rule 3 is applied to every table, even one whose rows may overlap (a review with two enquiry themes counts in
 * both), because a table may happen to add up.
 */
export function suppressTable<K extends string>(rows: readonly RawRow<K>[], total: RawFigure): BoardTable<K> {
  if (schoolCount(total) < MIN_SCHOOLS) {
    return { rows: rows.map((row) => ({ key: row.key, figure: hidden })), total: hidden };
  }
  const primary = new Set(
    rows.filter((row) => row.count > 0 && schoolCount(row) < MIN_SCHOOLS).map((row) => row.key as string),
  );
  if (primary.size === 1) {
    const secondary = rows
      .filter((row) => row.count > 0 && !primary.has(row.key))
      .reduce<RawRow<K> | undefined>(
        (smallest, row) => (!smallest || row.count < smallest.count ? row : smallest),
        undefined,
      );
    if (secondary) {
      primary.add(secondary.key);
    }
  }
  return {
    rows: rows.map((row) => ({ key: row.key, figure: primary.has(row.key) ? hidden : shown(row.count) })),
    total: shown(total.count),
  };
}

/** A figure as the page and the CSV write it. */
export function figureText(figure: BoardFigure | null): string {
  if (figure === null) {
    return NOT_RECORDED_TEXT;
  }
  return figure.suppressed ? SUPPRESSED_TEXT : String(figure.value);
}
