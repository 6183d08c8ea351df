import { londonDay, type ImpactFacts, type ReportImpact } from '@crosswalk/shared';
import type { ActionsRepository } from '../actions/actions.repository.ts';
import type { CheckpointRow, ImpactRepository, RatingRow } from './impact.repository.ts';

/** The close guard's facts from the records: the actions in the plan, and what each recorded huddle rated. */
export function impactFactsOf(
  plan: readonly { id: string; label: string; inPlan: boolean }[],
  rows: readonly CheckpointRow[],
  ratings: readonly RatingRow[],
): ImpactFacts {
  return {
    actions: plan.filter((a) => a.inPlan).map((a) => ({ id: a.id, label: a.label })),
    recorded: rows
      .filter((row) => row.recordedAt !== null)
      .map((row) => ({
        day: londonDay(row.scheduledAt),
        rated: ratings.filter((r) => r.checkpointId === row.id).map((r) => r.actionId),
      })),
  };
}

/**
 * Reads the impact facts of a review for the lifecycle (docs/impact-review.md). Uses the global connection, so never
 * call it inside a transaction (PGlite has one connection).
 */
export async function readImpactFacts(
  deps: { impact: Pick<ImpactRepository, 'list' | 'ratings'>; actions: Pick<ActionsRepository, 'list'> },
  reviewId: string,
): Promise<ImpactFacts> {
  const [rows, ratings, plan] = await Promise.all([
    deps.impact.list(reviewId),
    deps.impact.ratings(reviewId),
    deps.actions.list(reviewId),
  ]);
  return impactFactsOf(plan, rows, ratings);
}

/** The recorded huddles of a review, in date order, as the agreed report shows them (docs/reports.md). */
export async function readReportImpact(
  deps: { impact: Pick<ImpactRepository, 'list' | 'ratings'>; actions: Pick<ActionsRepository, 'list'> },
  reviewId: string,
): Promise<ReportImpact> {
  const [rows, ratings, plan] = await Promise.all([
    deps.impact.list(reviewId),
    deps.impact.ratings(reviewId),
    deps.actions.list(reviewId),
  ]);
  const labelled = rows.map((row, index) => ({ row, label: `C${String(index + 1).padStart(2, '0')}` }));
  return {
    checkpoints: labelled
      .filter(({ row }) => row.recordedAt !== null)
      .map(({ row, label }) => ({
        label,
        date: londonDay(row.scheduledAt),
        attendees: row.attendees ?? '',
        evidence: row.evidence ?? '',
        adjustments: row.adjustments ?? '',
        ratings: plan.flatMap((action) => {
          const rating = ratings.find((r) => r.checkpointId === row.id && r.actionId === action.id)?.rating;
          return rating ? [{ label: action.label, text: action.text, rating }] : [];
        }),
      })),
  };
}
