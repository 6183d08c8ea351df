import type { ReviewState, SignOffRole } from '@crosswalk/shared';
import type { Tx } from '../../db/client.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { SignOffsRepository } from './sign-offs.repository.ts';

/**
 * Records one signature and its audit event, inside the caller's transaction (which holds the review's row):
 * the one way a signature is written, whether the lead reviewer signs or the host headteacher accepts the report.
 */
export async function recordSignOff(
  deps: { signOffs: SignOffsRepository; audit: AuditRepository },
  signOff: {
    reviewId: string;
    role: SignOffRole;
    signedBy: string;
    reviewState: ReviewState;
    versionId: string;
    note: string | null;
  },
  tx: Tx,
): Promise<string> {
  const signOffId = await deps.signOffs.insert(signOff, tx);
  await deps.audit.record(
    {
      actorUserId: signOff.signedBy,
      action: 'review.signed_off',
      subjectId: signOff.reviewId,
      reviewId: signOff.reviewId,
      detail: { signOffId, role: signOff.role, reviewState: signOff.reviewState, versionId: signOff.versionId },
    },
    tx,
  );
  return signOffId;
}
