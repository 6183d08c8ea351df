import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, demoPeople, withDemoData } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * Calls every review route as every demo account against the Fenbrook review (state: in_review) and asserts
 * exactly the permission matrix of docs/domain.md e.2: nothing leaks, nothing is over-blocked.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';

type Who =
  'admin' | 'lead' | 'hostHead' | 'linkLead' | 'leadReviewer' | 'hempshill' | 'princeRock' | 'champion' | 'northgate';
const EMAIL: Record<Who, string> = {
  admin: 'admin@crosswalk.demo',
  lead: 'partnership.lead@crosswalk.demo',
  hostHead: 'host.head@fenbrook.demo',
  linkLead: 'link.lead@fenbrook.demo',
  leadReviewer: 'lead.reviewer@summercroft.demo',
  hempshill: 'reviewer@hempshill.demo',
  princeRock: 'reviewer@princerock.demo',
  champion: 'champion@littlewaltham.demo',
  northgate: 'head@northgate.demo',
};
const EVERYONE = Object.keys(EMAIL) as Who[];

/** Both peer reviewers of the review (from two schools) have the same access. */
const PEER_REVIEWER = {
  schedule: 'read',
  team: 'read',
  self_review: 'read',
  enquiry_focus: 'comment',
  evidence_log: 'write',
  findings: 'write',
  workshop: 'none',
  action_plan: 'read',
};

/** The host headteacher and link lead differ only in the schedule and the team (below). */
const HOST_SCHOOL = {
  self_review: 'write',
  enquiry_focus: 'comment',
  evidence_log: 'read',
  findings: 'read',
  workshop: 'write',
  action_plan: 'write',
};

/** Expected access per artefact while the review is in_review (null: the review does not exist for them). */
const ACCESS: Record<Who, Record<string, string> | null> = {
  admin: null,
  northgate: null,
  lead: {
    schedule: 'write',
    team: 'write',
    self_review: 'none',
    enquiry_focus: 'metadata',
    evidence_log: 'none',
    findings: 'none',
    workshop: 'none',
    action_plan: 'metadata',
  },
  hostHead: { ...HOST_SCHOOL, schedule: 'write', team: 'write' },
  linkLead: { ...HOST_SCHOOL, schedule: 'read', team: 'read' },
  leadReviewer: {
    schedule: 'write',
    team: 'read',
    self_review: 'read',
    enquiry_focus: 'read',
    evidence_log: 'write',
    findings: 'write',
    workshop: 'read',
    action_plan: 'read',
  },
  hempshill: PEER_REVIEWER,
  princeRock: PEER_REVIEWER,
  champion: {
    schedule: 'write',
    team: 'read',
    self_review: 'none',
    enquiry_focus: 'read',
    evidence_log: 'none',
    findings: 'none',
    workshop: 'write',
    action_plan: 'read',
  },
};
const members = EVERYONE.filter((who) => ACCESS[who] !== null);
const outsiders = EVERYONE.filter((who) => ACCESS[who] === null);

let server: TestServer;
const clients = {} as Record<Who, HttpClient>;
let sessionId: string;
let adminUserId: string;

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  for (const who of EVERYONE) {
    clients[who] = new HttpClient(server.url);
    expect((await clients[who].login(EMAIL[who], DEMO_PASSWORD)).status).toBe(200);
  }
  const [session] = await server.crosswalk.db.sql<
    { id: string }[]
  >`select id from review_sessions where review_id = ${REVIEW} order by starts_at limit 1`;
  sessionId = session?.id ?? '';
  const [admin] = await server.crosswalk.db.sql<
    { id: string }[]
  >`select id from users where email = 'admin@crosswalk.demo'`;
  adminUserId = admin?.id ?? '';
});
afterAll(() => server.close());

/** Status each person gets for one request. */
async function statuses(send: (client: HttpClient) => Promise<{ status: number }>): Promise<Record<Who, number>> {
  const result = {} as Record<Who, number>;
  for (const who of EVERYONE) {
    result[who] = (await send(clients[who])).status;
  }
  return result;
}

const expectFor = (map: Partial<Record<Who, number>>, otherwise: number): Record<Who, number> =>
  Object.fromEntries(EVERYONE.map((who) => [who, map[who] ?? otherwise])) as Record<Who, number>;
const outsidersGet404 = Object.fromEntries(outsiders.map((who) => [who, 404])) as Partial<Record<Who, number>>;

describe('review permission matrix (Fenbrook review, in review)', () => {
  it('checks every demo account', () => {
    expect(EVERYONE.map((who) => EMAIL[who]).sort()).toEqual(demoPeople.map((p) => p.email).sort());
  });

  it('GET /api/reviews lists the review for members only', async () => {
    for (const who of EVERYONE) {
      const body = (await clients[who].get('/api/reviews')).body as { reviews: { id: string }[] };
      expect(
        body.reviews.some((r) => r.id === REVIEW),
        who,
      ).toBe(members.includes(who));
    }
  });

  it('GET /api/reviews/:id answers members and 404s everyone else, with the matrix as access', async () => {
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}`))).toEqual(expectFor(outsidersGet404, 200));
    for (const who of members) {
      const body = (await clients[who].get(`/api/reviews/${REVIEW}`)).body as {
        access: Record<string, string>;
        team: unknown[];
      };
      expect(body.access, who).toEqual(ACCESS[who]);
      expect(body.team.length, who).toBe(6);
    }
  });

  it('an unknown review and a malformed id look exactly like a hidden one', async () => {
    const unknown = await clients.hostHead.get('/api/reviews/6b1d0000-0000-4000-8000-0000000009ff');
    const malformed = await clients.hostHead.get('/api/reviews/not-an-id');
    const hidden = await clients.northgate.get(`/api/reviews/${REVIEW}`);
    expect([unknown.status, malformed.status, hidden.status]).toEqual([404, 404, 404]);
    expect(unknown.body).toEqual(hidden.body);
  });

  it('history and calendar invitations follow the review', async () => {
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}/history`))).toEqual(expectFor(outsidersGet404, 200));
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}/sessions/${sessionId}/invitation.ics`))).toEqual(
      expectFor(outsidersGet404, 200),
    );
  });

  it('the enquiry focus is content: not for the partnership lead', async () => {
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}/focus`))).toEqual(
      expectFor({ ...outsidersGet404, lead: 403 }, 200),
    );
  });

  it('nobody rewrites the approved focus during the review', async () => {
    const focus = { question: 'To what extent?', rationale: 'x', subQuestions: ['a', 'b'], outOfScope: ['c'] };
    expect(await statuses((c) => c.request('PUT', `/api/reviews/${REVIEW}/focus`, focus))).toEqual(
      expectFor(outsidersGet404, 403),
    );
  });

  it('the timetable is written by the host head, partnership lead, lead reviewer and champion', async () => {
    const session = {
      kind: 'impact_review',
      title: 'Probe',
      startsAt: '2027-03-01T16:00:00Z',
      endsAt: '2027-03-01T16:30:00Z',
    };
    const writers = { hostHead: 201, lead: 201, leadReviewer: 201, champion: 201 };
    expect(await statuses((c) => c.post(`/api/reviews/${REVIEW}/sessions`, session))).toEqual(
      expectFor({ ...outsidersGet404, ...writers }, 403),
    );
  });

  it('team: the partnership lead assigns any role, the host head only the link lead', async () => {
    // The admin is not part of the cluster: an allowed assigner is told so (400); a role they may not assign is 403.
    const asReviewer = { userId: adminUserId, role: 'peer_reviewer' };
    expect(await statuses((c) => c.post(`/api/reviews/${REVIEW}/team`, asReviewer))).toEqual(
      expectFor({ ...outsidersGet404, lead: 400 }, 403),
    );
    const asLinkLead = { userId: adminUserId, role: 'host_link_lead' };
    expect(await statuses((c) => c.post(`/api/reviews/${REVIEW}/team`, asLinkLead))).toEqual(
      expectFor({ ...outsidersGet404, lead: 400, hostHead: 400 }, 403),
    );
  });

  it('team candidates: the whole cluster for the partnership lead, host staff for the host head', async () => {
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}/candidates`))).toEqual(
      expectFor({ ...outsidersGet404, lead: 200, hostHead: 200 }, 403),
    );
    const forLead = (await clients.lead.get(`/api/reviews/${REVIEW}/candidates`)).body as {
      people: { displayName: string }[];
    };
    const forHead = (await clients.hostHead.get(`/api/reviews/${REVIEW}/candidates`)).body as {
      people: { displayName: string }[];
    };
    expect(forLead.people.length).toBeGreaterThan(forHead.people.length);
    expect(forHead.people.map((p) => p.displayName).sort()).toEqual([
      'Deputy Head and Link Lead (Fenbrook)',
      'English Lead (Fenbrook)',
      'Headteacher (Fenbrook)',
      'Teaching Assistant (Fenbrook)',
    ]);
  });

  it('transitions: only the right role, and only from the right state', async () => {
    // accept_slot belongs to the host head, from draft: the host head hears why not (409), others that they may not (403).
    expect(await statuses((c) => c.post(`/api/reviews/${REVIEW}/transitions`, { action: 'accept_slot' }))).toEqual(
      expectFor({ ...outsidersGet404, hostHead: 409 }, 403),
    );
    const refused = await clients.hostHead.post(`/api/reviews/${REVIEW}/transitions`, { action: 'accept_slot' });
    expect((refused.body as { error: { message: string } }).error.message).toContain('Review in progress');
  });

  it('readiness belongs to the host side, and only while planned', async () => {
    expect(
      await statuses((c) => c.request('PATCH', `/api/reviews/${REVIEW}/readiness`, { devicesTested: true })),
    ).toEqual(expectFor({ ...outsidersGet404, hostHead: 409, linkLead: 409 }, 403));
  });

  it('the live documents: a ticket and exactly the parts the matrix allows', async () => {
    expect(await statuses((c) => c.get(`/api/reviews/${REVIEW}/collab`))).toEqual(expectFor(outsidersGet404, 200));
    const expected: Record<string, Record<string, string>> = {
      lead: {},
      hostHead: { context: 'write', evidence: 'read', findings: 'read', workshop: 'write', actions: 'write' },
      linkLead: { context: 'write', evidence: 'read', findings: 'read', workshop: 'write', actions: 'write' },
      leadReviewer: { context: 'read', evidence: 'write', findings: 'write', workshop: 'read', actions: 'read' },
      hempshill: { context: 'read', evidence: 'write', findings: 'write', actions: 'read' },
      princeRock: { context: 'read', evidence: 'write', findings: 'write', actions: 'read' },
      champion: { workshop: 'write', actions: 'read' },
    };
    for (const who of members) {
      const body = (await clients[who].get(`/api/reviews/${REVIEW}/collab`)).body as {
        url: string;
        ticket: string;
        documents: { name: string; section: string; access: string }[];
      };
      expect(Object.fromEntries(body.documents.map((d) => [d.section, d.access])), who).toEqual(expected[who]);
      expect(body.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/collab$/);
      expect(body.documents.every((d) => d.name === `${REVIEW}.${d.section}`)).toBe(true);
      expect(body.ticket.length).toBeGreaterThan(40);
    }
  });

  it('the cluster page shows the rota to every cluster member, but only members can open the review', async () => {
    const pages = await statuses((c) => c.get(`/api/partnerships/${CLUSTER}`));
    expect(pages).toEqual(expectFor({}, 200));
    for (const who of EVERYONE) {
      const body = (await clients[who].get(`/api/partnerships/${CLUSTER}`)).body as {
        rota: { reviewId: string; canOpen: boolean }[];
        people: unknown[];
      };
      expect(body.rota.find((r) => r.reviewId === REVIEW)?.canOpen, who).toBe(members.includes(who));
      expect(body.people.length > 0, `${who} sees the people list`).toBe(who === 'lead');
    }
  });

  it('the dashboard shows the review and its sessions to members only', async () => {
    for (const who of EVERYONE) {
      const body = (await clients[who].get('/api/dashboard')).body as {
        reviews: { id: string }[];
        nextSessions: { reviewId: string }[];
      };
      expect(
        body.reviews.some((r) => r.id === REVIEW),
        who,
      ).toBe(members.includes(who));
      if (!members.includes(who)) {
        expect(
          body.nextSessions.some((s) => s.reviewId === REVIEW),
          who,
        ).toBe(false);
      }
    }
  });
});
