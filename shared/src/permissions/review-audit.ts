import type { ReviewViewerRole } from '../domain/lifecycle.ts';
import type { Actor } from './actor.ts';

/**
 * Who may read a review's audit log ("who has seen and changed this review"): the host school is the data
 * controller of its review, so its headteacher may, and so may platform administrators. Nobody else, not even the
 * review's own team or the partnership lead: to them the log does not exist (404).
 */
export function canReadReviewAudit(actor: Pick<Actor, 'isAdmin'>, roles: readonly ReviewViewerRole[]): boolean {
  return actor.isAdmin || roles.includes('host_headteacher');
}
