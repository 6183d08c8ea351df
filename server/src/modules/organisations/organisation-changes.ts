import type { Queryable, Sql } from '../../db/client.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { OrganisationsRepository } from './organisations.repository.ts';

/** What every organisation service needs: the database, the organisations in it and the audit log. */
export interface OrganisationDeps {
  sql: Sql;
  organisations: OrganisationsRepository;
  audit: AuditRepository;
}

/**
 * The audit entries for a school joining a partnership, created for it or not: the same whether one school is
 * added by hand or many come from a GIAS file.
 */
export async function recordSchoolJoined(
  audit: AuditRepository,
  change: { actorUserId: string; partnershipId: string; schoolId: string; created: boolean },
  tx: Queryable,
): Promise<void> {
  const { actorUserId, partnershipId, schoolId } = change;
  if (change.created) {
    await audit.record({ actorUserId, action: 'school.created', subjectId: schoolId, detail: { partnershipId } }, tx);
  }
  await audit.record(
    { actorUserId, action: 'partnership.school_added', subjectId: partnershipId, detail: { schoolId } },
    tx,
  );
}
