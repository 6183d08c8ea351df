import type { Actor } from '@crosswalk/shared';
import type { Logger } from '../../logger.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';

/** What a local authority or board viewer asked for that is one school's data. */
export type SchoolDataAsked = 'review' | 'shared_practice' | 'one_school' | 'breakdown';

/**
 * Logs (a warning, never content) and audits (`board.school_data_refused`) a local authority or board viewer asking
 * for one school's data, wherever they asked; the caller then answers 403 or 404 as its route does.
 */
export async function recordSchoolDataRefused(
  deps: { audit: AuditRepository; logger?: Logger | undefined },
  actor: Actor,
  partnershipId: string,
  asked: SchoolDataAsked,
  detail: Record<string, string | null> = {},
): Promise<void> {
  deps.logger?.warn(
    { partnershipId, userId: actor.userId, asked, ...detail },
    'board viewer refused one school’s data',
  );
  await deps.audit.record({
    actorUserId: actor.userId,
    action: 'board.school_data_refused',
    subjectId: partnershipId,
    reviewId: detail.reviewId ?? null,
    detail: { asked, ...detail },
  });
}
