import { randomUUID } from 'node:crypto';
import type { Sql } from '../../server/src/db/client.ts';
import { DEMO_PASSWORD, demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import type { Logger } from '../../server/src/logger.ts';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { UsersRepository } from '../../server/src/modules/users/users.repository.ts';

/** One seeded review on its review day: the review-day video session and its team of six. */
export interface SeededReview {
  reviewId: string;
  sessionId: string;
  /** The six members' sign-in email addresses (password: DEMO_PASSWORD). */
  emails: string[];
}

/** A review day's team: the host's two, the lead reviewer and three peer reviewers (all enter review-day sessions). */
const TEAM = [
  ['head', 'host_headteacher', 'headteacher'],
  ['link', 'host_link_lead', 'senior_leader'],
  ['lead', 'lead_reviewer', 'senior_leader'],
  ['peer1', 'peer_reviewer', 'headteacher'],
  ['peer2', 'peer_reviewer', 'senior_leader'],
  ['peer3', 'peer_reviewer', 'senior_leader'],
] as const;

/**
 * Seeds `count` reviews in the state `in_review` for a county-wide review day: the demo partnership and schools
 * (the demo loader), and per review a host school of its own, six accounts made through the users repository,
 * the team and a review-day session that runs all day today.
 */
export async function seedCountyDay(
  sql: Sql,
  logger: Logger,
  count: number,
  today = new Date(),
): Promise<SeededReview[]> {
  await loadDemo(sql, logger, { today });
  const users = new UsersRepository(sql);
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const reviewerSchools = demoSchools.filter((school) => school.name !== 'Fenbrook Primary');
  const day = today.toISOString().slice(0, 10);
  const seeded: SeededReview[] = [];
  for (let index = 0; index < count; index++) {
    const reviewId = randomUUID();
    const schoolId = randomUUID();
    const tag = `${String(index)}-${reviewId.slice(0, 8)}`;
    await sql.begin(async (tx) => {
      await tx`insert into schools (id, name, phase, county) values (${schoolId}, ${`Bench Primary ${tag}`}, 'primary', 'Lincolnshire')`;
      await tx`insert into partnership_schools (partnership_id, school_id) values (${demoPartnership.id}, ${schoolId})`;
      await tx`
        insert into reviews (id, partnership_id, host_school_id, academic_year, mode, state, starts_on, ends_on, readiness)
        values (${reviewId}, ${demoPartnership.id}, ${schoolId}, '2026-27', 'virtual', 'in_review', ${day}, ${day},
          ${tx.json({ consentConfirmed: true, optOutListConfirmed: true, safeguardingBriefingDone: true, devicesTested: true })})`;
      const emails: string[] = [];
      for (const [position, [handle, role, schoolRole]] of TEAM.entries()) {
        const email = `${handle}.${tag}@county-day.bench`;
        const user = await users.create({ email, displayName: `${handle} ${tag}`, passwordHash }, tx);
        const school =
          role === 'host_headteacher' || role === 'host_link_lead'
            ? schoolId
            : (reviewerSchools[(index + position) % reviewerSchools.length]?.id ?? schoolId);
        await users.addSchoolMembership(user.id, school, schoolRole, tx);
        if (role === 'lead_reviewer' || role === 'peer_reviewer') {
          await users.addPartnershipRole(user.id, demoPartnership.id, 'peer_reviewer', tx);
        }
        await tx`insert into review_members (review_id, user_id, role) values (${reviewId}, ${user.id}, ${role})`;
        emails.push(email);
      }
      const [session] = await tx<{ id: string }[]>`
        insert into review_sessions (review_id, kind, title, starts_at, ends_at)
        values (${reviewId}, 'review_day', 'Review day 1', ${`${day}T00:00:00Z`}, ${`${day}T23:59:00Z`})
        returning id`;
      if (!session) {
        throw new Error('no session seeded');
      }
      seeded.push({ reviewId, sessionId: session.id, emails });
    });
  }
  return seeded;
}
