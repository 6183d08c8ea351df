import type {
  ReadinessCheckName,
  ReadinessCheckStatus,
  ReadinessVerdict,
  ReviewState,
  ReviewViewerRole,
  SessionKind,
} from '@crosswalk/shared';
import type { Sql } from '../../db/client.ts';

export interface CheckLinkRow {
  id: string;
  reviewId: string;
  userId: string;
  displayName: string;
  expiresAt: Date;
}

export interface CheckReviewFacts {
  id: string;
  state: ReviewState;
  hostSchoolName: string;
  sessions: { kind: SessionKind; startsAt: Date; endsAt: Date }[];
}

export interface CheckPersonRow {
  userId: string;
  email: string;
  displayName: string;
  roles: ReviewViewerRole[];
}

export interface CheckResultRow {
  userId: string;
  checkedAt: Date;
  verdict: ReadinessVerdict;
  checks: Partial<Record<ReadinessCheckName, { status: ReadinessCheckStatus; detail?: string }>>;
  downloadKbps: number | null;
  uploadKbps: number | null;
}

interface StoredCheck {
  name: ReadinessCheckName;
  status: ReadinessCheckStatus;
  detail?: string;
}

/** Set-up check links (only the SHA-256 of each secret is stored) and each person's latest results. */
export class ReadinessChecksRepository {
  readonly #sql: Sql;
  constructor(sql: Sql) {
    this.#sql = sql;
  }

  async review(reviewId: string): Promise<CheckReviewFacts | undefined> {
    const [row] = await this.#sql<Omit<CheckReviewFacts, 'sessions'>[]>`
      select r.id, r.state, s.name as host_school_name
      from reviews r join schools s on s.id = r.host_school_id where r.id = ${reviewId}`;
    if (!row) {
      return undefined;
    }
    const sessions = await this.#sql<CheckReviewFacts['sessions']>`
      select kind, starts_at, ends_at from review_sessions where review_id = ${reviewId} order by starts_at`;
    return { ...row, sessions };
  }

  /** The review's team and the host school's staff, with their roles (whom the sessions invite is decided by rule). */
  async people(reviewId: string): Promise<CheckPersonRow[]> {
    const rows = await this.#sql<{ userId: string; email: string; displayName: string; role: ReviewViewerRole }[]>`
      select u.id as user_id, u.email, u.display_name, p.role from (
        select user_id, role from review_members where review_id = ${reviewId}
        union all
        select sm.user_id, 'host_staff' from school_members sm join reviews r on r.host_school_id = sm.school_id
        where r.id = ${reviewId}
      ) p join users u on u.id = p.user_id
      where u.disabled_at is null
      order by u.display_name`;
    const people = new Map<string, CheckPersonRow>();
    for (const row of rows) {
      const person = people.get(row.userId) ?? { ...row, roles: [] };
      person.roles.push(row.role);
      people.set(row.userId, person);
    }
    return [...people.values()];
  }

  /** Stores a new link, and drops the expired links of everyone (they open nothing any more). */
  async createLink(input: { tokenHash: string; reviewId: string; userId: string; expiresAt: Date; now: Date }) {
    await this.#sql`delete from readiness_check_links where expires_at <= ${input.now}`;
    await this.#sql`
      insert into readiness_check_links (token_hash, review_id, user_id, expires_at)
      values (${input.tokenHash}, ${input.reviewId}, ${input.userId}, ${input.expiresAt})`;
  }

  async findLink(tokenHash: string): Promise<CheckLinkRow | undefined> {
    const [row] = await this.#sql<CheckLinkRow[]>`
      select l.id, l.review_id, l.user_id, u.display_name, l.expires_at
      from readiness_check_links l join users u on u.id = l.user_id
      where l.token_hash = ${tokenHash} and u.disabled_at is null`;
    return row;
  }

  /**
   * Keeps the person's latest results for the review (one row each). The tests are stored as a list, not an object
   * keyed by name: the driver turns JSON keys into camelCase when reading (`turn_udp` would come back `turnUdp`).
   */
  async saveResult(reviewId: string, result: CheckResultRow): Promise<void> {
    const checks = Object.entries(result.checks).map(([name, outcome]) => ({ name, ...outcome }));
    await this.#sql`
      insert into readiness_check_results
        (review_id, user_id, checked_at, verdict, checks, download_kbps, upload_kbps)
      values (${reviewId}, ${result.userId}, ${result.checkedAt}, ${result.verdict},
        ${this.#sql.json(checks)}, ${result.downloadKbps}, ${result.uploadKbps})
      on conflict (review_id, user_id) do update set
        checked_at = excluded.checked_at, verdict = excluded.verdict, checks = excluded.checks,
        download_kbps = excluded.download_kbps, upload_kbps = excluded.upload_kbps`;
  }

  async results(reviewId: string): Promise<CheckResultRow[]> {
    const rows = await this.#sql<(Omit<CheckResultRow, 'checks'> & { checks: StoredCheck[] })[]>`
      select user_id, checked_at, verdict, checks, download_kbps, upload_kbps
      from readiness_check_results where review_id = ${reviewId}`;
    return rows.map((row) => ({
      ...row,
      checks: Object.fromEntries(row.checks.map(({ name, ...outcome }) => [name, outcome])),
    }));
  }
}
