import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { DEMO_PASSWORD } from './fixtures.ts';
import type { TestServer } from './test-server.ts';

/** The demo review of Fenbrook Primary and its improvement-workshop session. */
export const FENBROOK_REVIEW = '6b1d0000-0000-4000-8000-000000000201';

/** The demo's people around Fenbrook's review (on its review day), by what each is to it: their demo emails. */
export const FENBROOK_PEOPLE = {
  hostHead: 'host.head@fenbrook.demo',
  linkLead: 'link.lead@fenbrook.demo',
  leadReviewer: 'lead.reviewer@summercroft.demo',
  peer: 'reviewer@hempshill.demo',
  champion: 'champion@littlewaltham.demo',
  partnershipLead: 'partnership.lead@crosswalk.demo',
  /** The headteacher of a school in the cluster with no part in this review. */
  clusterMember: 'head@northgate.demo',
} as const;

export async function workshopSessionId(server: TestServer, reviewId = FENBROOK_REVIEW): Promise<string> {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${reviewId} and kind = 'improvement_workshop'`;
  if (!row) {
    throw new Error('the demo review has no improvement workshop');
  }
  return row.id;
}

/** The first review-day session of a demo review (a video session with a room). */
export async function reviewDaySessionId(server: TestServer, reviewId = FENBROOK_REVIEW): Promise<string> {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${reviewId} and kind = 'review_day' order by starts_at limit 1`;
  if (!row) {
    throw new Error('the demo review has no review day');
  }
  return row.id;
}

/**
 * Adds a member of Fenbrook's staff (a host-staff participant of the workshop) with the demo password, through the
 * app's own password hashing. Idempotent per email. Returns the user id.
 */
export async function addFenbrookTeacher(server: TestServer, email: string, displayName: string): Promise<string> {
  const { sql } = server.crosswalk.db;
  const hash = await hashPassword(DEMO_PASSWORD);
  const [user] = await sql<{ id: string }[]>`
    insert into users (email, display_name, password_hash) values (${email}, ${displayName}, ${hash})
    on conflict (email) do update set display_name = excluded.display_name
    returning id`;
  const [school] = await sql<{ id: string }[]>`select id from schools where name = 'Fenbrook Primary'`;
  if (!user || !school) {
    throw new Error('could not add a Fenbrook teacher');
  }
  await sql`
    insert into school_members (school_id, user_id, role) values (${school.id}, ${user.id}, 'teacher')
    on conflict do nothing`;
  return user.id;
}
