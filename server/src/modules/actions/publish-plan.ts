import { documentName, isCalendarDay, markPlanPublished, readActions } from '@crosswalk/shared';
import { Invalid } from '../../errors/domain-errors.ts';
import type { LiveDocuments } from '../live/document-grants.ts';
import type { PublishedAction } from './actions.repository.ts';

/**
 * Reads the action plan part of the live enquiry document as the records publishing makes of it. Call it outside
 * any transaction (loading a document uses the database). A date that is not a real day refuses the publication
 * with the action named, rather than storing something the sweep could not compare.
 */
export async function readPlanForPublishing(
  live: Pick<LiveDocuments, 'withDocument'>,
  reviewId: string,
): Promise<PublishedAction[]> {
  const rows = await live.withDocument(documentName(reviewId, 'actions'), (doc) => readActions(doc));
  return rows.map((row, position) => {
    for (const [day, what] of [
      [row.startsOn, 'start date'],
      [row.dueOn, 'due date'],
    ] as const) {
      if (!isCalendarDay(day)) {
        throw new Invalid(`Action ${row.label} needs a ${what} that is a real day.`, [
          { path: `actions.${row.label}`, message: `Give a ${what} that is a real day` },
        ]);
      }
    }
    return {
      id: row.id,
      label: row.label,
      position,
      text: row.action.trim(),
      ownerRole: row.ownerRole.trim(),
      startsOn: row.startsOn,
      dueOn: row.dueOn,
      successCriteria: row.successCriteria.trim(),
      supportNeeded: row.support.trim(),
      status: row.status,
    };
  });
}

/**
 * Tells every open copy of the action plan, live, that the plan was published, so pages show the records without
 * being reloaded. Called after the records are committed; if it fails, the records stand and pages catch up on
 * their next load.
 */
export async function announcePlanPublished(
  live: Pick<LiveDocuments, 'withDocument'>,
  reviewId: string,
  at: Date,
): Promise<void> {
  await live.withDocument(documentName(reviewId, 'actions'), (doc) => {
    markPlanPublished(doc, at);
  });
}
