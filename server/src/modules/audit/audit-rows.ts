import { describeAuditEvent, ReviewRoleLabel, RoleLabel, type ReviewRole, type SchoolRole } from '@crosswalk/shared';
import { stringify } from 'csv-stringify/sync';
import type { AuditLogRow } from './audit-log.repository.ts';

/** Who acted, as the log shows it: the account's name now, Crosswalk itself, or nobody on purpose. */
export function actorOf(row: Pick<AuditLogRow, 'actorId' | 'actorName' | 'action'>): string {
  if (row.actorId !== null) {
    return row.actorName ?? 'Someone';
  }
  // A safeguarding concern records only its time and the role of whoever raised it.
  return row.action === 'safeguarding.concern_raised' ? 'Not recorded' : 'Crosswalk';
}

/** The person's role, as far as Crosswalk knows it now: on the review's team, at the host school, or as admin. */
export function roleOf(row: AuditLogRow): string {
  if (row.reviewRole !== null && row.reviewRole in ReviewRoleLabel) {
    return ReviewRoleLabel[row.reviewRole as ReviewRole];
  }
  if (row.hostSchoolRole !== null && row.hostSchoolRole in RoleLabel) {
    return `${RoleLabel[row.hostSchoolRole as SchoolRole]} at the host school`;
  }
  if (row.actorIsAdmin === true) {
    return RoleLabel.admin;
  }
  const recorded = row.detail.role;
  return row.actorId === null && typeof recorded === 'string' ? recorded : '';
}

export function summaryOf(row: AuditLogRow): string {
  return describeAuditEvent({ action: row.action, actor: row.actorName, subject: row.subjectName, detail: row.detail });
}

/** The log as a spreadsheet reads it: a byte-order mark for UTF-8, formulas neutralised, Windows line ends. */
export function auditCsv(rows: readonly AuditLogRow[]): string {
  return stringify(
    [
      ['When', 'Who', 'Role', 'What', 'From where'],
      ...rows.map((row) => [row.at.toISOString(), actorOf(row), roleOf(row), summaryOf(row), row.from ?? '']),
    ],
    { bom: true, escape_formulas: true, record_delimiter: 'windows' },
  );
}
