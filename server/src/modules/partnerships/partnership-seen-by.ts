import { canSeePartnership, type Actor } from '@crosswalk/shared';
import { NotFound } from '../../errors/domain-errors.ts';
import type { DirectoryRepository, PartnershipSummaryRow } from '../directory/directory.repository.ts';

/**
 * The partnership, for someone who may see it (a member, its lead or an administrator); NotFound for anyone else,
 * so that outsiders never learn it exists.
 */
export async function partnershipSeenBy(
  directory: Pick<DirectoryRepository, 'partnership' | 'belongsTo'>,
  partnershipId: string,
  actor: Actor,
): Promise<PartnershipSummaryRow> {
  const partnership = await directory.partnership(partnershipId);
  if (!partnership || !canSeePartnership(actor, partnership, await directory.belongsTo(actor.userId, partnership.id))) {
    throw new NotFound('partnership');
  }
  return partnership;
}
