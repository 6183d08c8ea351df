import { leadsPartnershipOrParent } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReviewsRepository } from '../../server/src/modules/reviews/reviews.repository.ts';
import { withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * "Leads the partnership or the partnership it belongs to" is decided in `shared/src/permissions/partnerships.ts`;
 * the review queries repeat it in SQL so that a list of reviews takes one query. This ties the two together:
 * for every person and every review, the SQL says "partnership lead" exactly when the rule does, and offers the
 * review as a candidate whenever the rule says they lead it.
 */

let server: TestServer;
/** A partnership the demo cluster belongs to, and one it has nothing to do with. */
const PARENT = '6b1d0000-0000-4000-8000-0000000000f1';
const UNRELATED = '6b1d0000-0000-4000-8000-0000000000f2';

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  const { sql } = server.crosswalk.db;
  await sql`insert into partnerships (id, name, kind) values
    (${PARENT}, 'Five Counties Partnership', 'cross_regional_virtual'),
    (${UNRELATED}, 'Elsewhere Partnership', 'local')`;
  await sql`update partnerships set parent_id = ${PARENT} where id <> ${PARENT} and id <> ${UNRELATED}`;
  const { users } = server.crosswalk.services;
  const people = [
    ['parent.lead@rule.test', PARENT, 'partnership_lead'],
    ['parent.reviewer@rule.test', PARENT, 'peer_reviewer'],
    ['elsewhere.lead@rule.test', UNRELATED, 'partnership_lead'],
  ] as const;
  for (const [email, partnershipId, role] of people) {
    const user = await users.create({ email, displayName: email });
    await sql`insert into partnership_members (partnership_id, user_id, role) values (${partnershipId}, ${user.id}, ${role})`;
  }
});
afterAll(async () => {
  await server.close();
});

describe('the partnership lead rule in SQL', () => {
  it('agrees with leadsPartnershipOrParent for every person and every review', async () => {
    const { sql } = server.crosswalk.db;
    const repository = new ReviewsRepository(sql);
    const reviews = await sql<{ id: string; hostSchoolId: string; partnershipId: string; parentId: string | null }[]>`
      select r.id, r.host_school_id, r.partnership_id, p.parent_id
      from reviews r join partnerships p on p.id = r.partnership_id`;
    const users = await sql<{ id: string }[]>`select id from users`;
    expect(reviews.length).toBeGreaterThan(0);
    let leads = 0;
    for (const { id: userId } of users) {
      const actor = await server.crosswalk.services.auth.actorForUser(userId);
      if (!actor) {
        continue;
      }
      const candidates = new Set((await repository.candidatesFor(userId)).map((review) => review.id));
      for (const review of reviews) {
        const rule = leadsPartnershipOrParent(actor, { id: review.partnershipId, parentId: review.parentId });
        const roles = await repository.viewerRoles(review, userId);
        expect({ userId, review: review.id, lead: roles.includes('partnership_lead') }).toEqual({
          userId,
          review: review.id,
          lead: rule,
        });
        if (rule) {
          leads += 1;
          expect(candidates.has(review.id)).toBe(true);
        }
      }
    }
    // The cluster's own lead and the parent's lead, on each review; nobody else.
    expect(leads).toBe(2 * reviews.length);
  });
});
