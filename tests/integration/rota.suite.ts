import {
  londonDateTime,
  type Notification,
  type RotaEntry,
  type RotaPublishResult,
  type RotaView,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import { addAccount, signInAll, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { trainMorePeople } from '../support/rota-fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN = 'admin@crosswalk.demo';
const LEAD = 'partnership.lead@crosswalk.demo';
/** A member of the cluster (Hempshill's head, a peer reviewer) who does not lead it. */
const MEMBER = 'reviewer@hempshill.demo';
const FENBROOK_HEAD = 'host.head@fenbrook.demo';
const OUTSIDER = 'outsider@rota.test';

const CLUSTER = demoPartnership.id;
const schoolId = (name: string) => demoSchools.find((s) => s.name === name)?.id ?? '';
const FENBROOK = schoolId('Fenbrook Primary');
const SUMMERCROFT = schoolId('Summercroft Primary');

/** A year the demo's own term dates do not reach, so only the dates set here (and bank holidays) apply. */
const YEAR = '2028-29';
/** Lincolnshire's autumn half term that year: Fenbrook is closed, so no review of it may fall there. */
const HALF_TERM = { from: '2028-10-23', to: '2028-10-27' };

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Engine = 'postgres' | 'embedded';

/**
 * The year's rota end to end on one database: who may plan it, the 422 naming a rule and a school, generating,
 * editing with conflicts, and publishing (reviews, teams, review days, notices and invitations, once only).
 */
export function rotaSuite(engine: Engine): void {
  describe(`the year's review rota (${engine})`, () => {
    let server: TestServer;
    let as: Record<string, HttpClient>;
    const client = (email: string) => as[email] as HttpClient;
    const path = `/api/partnerships/${CLUSTER}/rota`;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      const { sql } = server.crosswalk.db;
      await addAccount(server, OUTSIDER, 'Outsider');
      await sql`
        insert into calendar_events (local_authority_id, kind, starts_on, ends_on, label)
        select local_authority_id, 'half_term', ${HALF_TERM.from}, ${HALF_TERM.to}, 'Autumn half term'
        from schools where id = ${FENBROOK}`;
      await sql`update schools set day_starts_at = '08:30', day_ends_at = '15:00' where id = ${FENBROOK}`;
      as = await signInAll(server, [ADMIN, LEAD, MEMBER, FENBROOK_HEAD, OUTSIDER]);
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('hides the rota from people outside the cluster and refuses members who do not lead it', async () => {
      const calls = (who: HttpClient) => [
        who.get(`${path}?year=${YEAR}`),
        who.post(`${path}/generate`, { academicYear: YEAR }),
        who.request('PATCH', `${path}/entries/${FENBROOK}`, { academicYear: YEAR, championId: null }),
        who.post(`${path}/publish`, { academicYear: YEAR }),
      ];
      for (const answer of await Promise.all(calls(client(OUTSIDER)))) {
        expect(answer.status).toBe(404);
      }
      for (const answer of await Promise.all(calls(client(MEMBER)))) {
        expect(answer.status).toBe(403);
        expect((answer.body as ErrorBody).error.message).toBe('Only the partnership lead can plan the review rota.');
      }
      // The partnership page offers the rota to those who may plan it.
      const canPlan = async (email: string) =>
        ((await client(email).get(`/api/partnerships/${CLUSTER}`)).body as { canPlanRota: boolean }).canPlanRota;
      expect([await canPlan(LEAD), await canPlan(ADMIN), await canPlan(MEMBER)]).toEqual([true, true, false]);
      const read = await client(ADMIN).get(`${path}?year=${YEAR}`);
      expect(read.status).toBe(200);
      expect((read.body as RotaView).draft).toBeNull();
    });

    it('answers 422 naming the rule and the school when the rules cannot be kept, and stores nothing', async () => {
      // With only Summercroft's lead reviewer trained (the demo trains others for its own year's rota), nobody may
      // lead Summercroft's own review.
      await server.crosswalk.db.sql`
        delete from partnership_members where partnership_id = ${CLUSTER} and role = 'lead_reviewer'
          and user_id <> (select id from users where email = 'lead.reviewer@summercroft.demo')`;
      const answer = await client(LEAD).post(`${path}/generate`, { academicYear: YEAR, options: { peerReviewers: 2 } });
      expect(answer.status).toBe(422);
      const error = (answer.body as ErrorBody & { error: { reason: string; problems: { rule: string }[] } }).error;
      expect(error.id).toBe('rota_infeasible');
      expect(error.reason).toBe(error.problems[0]?.rule);
      expect(error.problems).toContainEqual({
        rule: 'lead_reviewer',
        schoolId: SUMMERCROFT,
        message: 'No trained lead reviewer outside Hertfordshire for Summercroft Primary.',
      });
      expect(error.message).toContain('Summercroft Primary');
      expect(((await client(LEAD).get(`${path}?year=${YEAR}`)).body as RotaView).draft).toBeNull();
    });

    let entries: RotaEntry[] = [];

    it('generates a rota keeping every rule once enough people are trained', async () => {
      await trainMorePeople(server);
      const answer = await client(LEAD).post(`${path}/generate`, {
        academicYear: YEAR,
        options: { peerReviewers: 2, reviewDays: 2 },
      });
      expect(answer.status).toBe(200);
      const view = answer.body as RotaView;
      expect(view.draft?.conflicts).toEqual([]);
      entries = view.draft?.rota.entries ?? [];
      expect(entries.map((e) => e.hostSchoolId).sort()).toEqual(demoSchools.map((s) => s.id).sort());
      const fenbrook = entries.find((e) => e.hostSchoolId === FENBROOK);
      expect(fenbrook?.days).toHaveLength(2);
      for (const day of fenbrook?.days ?? []) {
        expect(day < HALF_TERM.from || day > HALF_TERM.to).toBe(true);
      }
      const [audit] = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from audit_events where action = 'rota.generated' and subject_id = ${CLUSTER}`;
      expect(audit?.n).toBe(1);
    });

    it('answers every edit with the rules the rota now breaks, on the row they concern', async () => {
      const fenbrook = entries.find((e) => e.hostSchoolId === FENBROOK) as RotaEntry;
      const edit = (body: Record<string, unknown>) =>
        client(LEAD).request('PATCH', `${path}/entries/${FENBROOK}`, { academicYear: YEAR, ...body });
      const onHalfTerm = await edit({ days: ['2028-10-24', '2028-10-25'], championId: fenbrook.leadReviewerId });
      expect(onHalfTerm.status).toBe(200);
      const conflicts = (onHalfTerm.body as RotaView).draft?.conflicts ?? [];
      expect(conflicts.every((c) => c.hostSchoolId === FENBROOK)).toBe(true);
      expect(conflicts.map((c) => c.rule)).toEqual(expect.arrayContaining(['school_day', 'one_role_each', 'champion']));
      expect(conflicts).toContainEqual({
        rule: 'school_day',
        hostSchoolId: FENBROOK,
        message: 'Tuesday 24 October 2028 is not a school day at Fenbrook Primary: it is half term (Autumn half term).',
      });
      // Nothing is published while the rota breaks a rule.
      const refused = await client(LEAD).post(`${path}/publish`, { academicYear: YEAR });
      expect(refused.status).toBe(409);
      expect((refused.body as ErrorBody).error.message).toMatch(/^The rota breaks \d+ rules, so it was not published/);
      const back = await edit({ days: fenbrook.days, championId: fenbrook.championId });
      expect((back.body as RotaView).draft?.conflicts).toEqual([]);
      const unknown = await client(LEAD).request('PATCH', `${path}/entries/${CLUSTER}`, { academicYear: YEAR });
      expect(unknown.status).toBe(404);
    });

    it('publishes the draft reviews with their teams and review days, and tells everyone involved', async () => {
      const answer = await client(LEAD).post(`${path}/publish`, { academicYear: YEAR });
      expect(answer.status).toBe(200);
      const result = answer.body as RotaPublishResult;
      expect(result.created).toHaveLength(demoSchools.length);
      expect(result.alreadyPublished).toEqual([]);
      const { sql } = server.crosswalk.db;
      const fenbrook = entries.find((e) => e.hostSchoolId === FENBROOK) as RotaEntry;
      const reviewId = result.created.find((c) => c.hostSchoolId === FENBROOK)?.reviewId ?? '';
      const [review] = await sql<{ state: string; academicYear: string; startsOn: string; endsOn: string }[]>`
        select state, academic_year, starts_on::text, ends_on::text from reviews where id = ${reviewId}`;
      expect(review).toEqual({
        state: 'draft',
        academicYear: YEAR,
        startsOn: fenbrook.days[0],
        endsOn: fenbrook.days[1],
      });
      const team = await sql<{ userId: string; role: string }[]>`
        select user_id, role from review_members where review_id = ${reviewId} order by role, user_id`;
      const [head] = await sql<{ id: string }[]>`select id from users where email = ${FENBROOK_HEAD}`;
      expect(team).toEqual(
        [
          { userId: head?.id, role: 'host_headteacher' },
          { userId: fenbrook.championId, role: 'improvement_champion' },
          { userId: fenbrook.leadReviewerId, role: 'lead_reviewer' },
          ...fenbrook.peerReviewerIds.map((userId) => ({ userId, role: 'peer_reviewer' })),
        ].sort((a, b) => a.role.localeCompare(b.role) || String(a.userId).localeCompare(String(b.userId))),
      );
      const sessions = await sql<{ kind: string; title: string; startsAt: Date; endsAt: Date }[]>`
        select kind, title, starts_at, ends_at from review_sessions where review_id = ${reviewId} order by starts_at`;
      // At Fenbrook's own hours (08:30 to 15:00), one review-day session per day.
      expect(sessions).toEqual(
        fenbrook.days.map((day, i) => ({
          kind: 'review_day',
          title: `Review day ${i + 1}`,
          startsAt: londonDateTime(day, '08:30'),
          endsAt: londonDateTime(day, '15:00'),
        })),
      );

      // The host head is told in the app and by email, with the link; the lead reviewer gets the calendar invitation.
      const notices = async () =>
        (
          (await client(FENBROOK_HEAD).get('/api/notifications')).body as { notifications: Notification[] }
        ).notifications.filter((n) => n.kind === 'rota_published');
      await expect.poll(notices).toHaveLength(1);
      const [notice] = await notices();
      expect(notice?.href).toBe(`/reviews/${reviewId}`);
      expect(notice?.text).toMatch(
        /^The 2028-29 review rota of Five Counties Virtual Review Cluster is published: Fenbrook Primary is hosting its peer review on \w+ \d+ \w+ 2028 and/,
      );
      const mails = async (email: string) =>
        sql<{ subject: string; bodyText: string; calendar: { method: string; content: string } | null }[]>`
          select subject, body_text, calendar from mail_outbox where to_address = ${email} order by created_at`;
      await expect
        .poll(async () =>
          (await mails(FENBROOK_HEAD)).some(
            (m) => m.subject === 'Review rota 2028-29: peer review of Fenbrook Primary',
          ),
        )
        .toBe(true);
      const [leadEmail] = await sql<
        { email: string }[]
      >`select email from users where id = ${fenbrook.leadReviewerId ?? ''}`;
      await expect
        .poll(
          async () =>
            (await mails(leadEmail?.email ?? '')).filter(
              (m) => m.subject.startsWith('Invitation: Review day') && m.subject.endsWith('Fenbrook Primary'),
            ).length,
        )
        .toBe(2);
      const invitation = (await mails(leadEmail?.email ?? '')).find((m) =>
        m.subject.startsWith('Invitation: Review day 1'),
      );
      expect(invitation?.calendar?.method).toBe('REQUEST');
      expect(invitation?.calendar?.content).toContain('METHOD:REQUEST');
      const [championEmail] = await sql<
        { email: string }[]
      >`select email from users where id = ${fenbrook.championId ?? ''}`;
      await expect
        .poll(async () =>
          (await mails(championEmail?.email ?? '')).some((m) => m.subject.startsWith('Review rota 2028-29')),
        )
        .toBe(true);
      // The partnership lead published it, and is not told of it.
      const [leadNotices] = await sql<{ n: number }[]>`
        select count(*)::int as n from notifications n join users u on u.id = n.user_id
        where u.email = ${LEAD} and n.kind = 'rota_published'`;
      expect(leadNotices?.n).toBe(0);
    });

    it('creates nothing twice when published again', async () => {
      const { sql } = server.crosswalk.db;
      const count = async () =>
        (await sql<{ n: number }[]>`select count(*)::int as n from reviews where academic_year = ${YEAR}`)[0]?.n;
      const before = await count();
      const again = await client(LEAD).post(`${path}/publish`, { academicYear: YEAR });
      expect(again.status).toBe(200);
      expect((again.body as RotaPublishResult).created).toEqual([]);
      expect((again.body as RotaPublishResult).alreadyPublished).toHaveLength(demoSchools.length);
      expect(await count()).toBe(before);
      const view = (await client(LEAD).get(`${path}?year=${YEAR}`)).body as RotaView;
      expect(view.draft?.publishedAt).not.toBeNull();
      expect(view.draft?.published).toHaveLength(demoSchools.length);
    });

    it('refuses a new proposal or an edit once published, so the draft keeps matching its reviews', async () => {
      const before = ((await client(LEAD).get(`${path}?year=${YEAR}`)).body as RotaView).draft?.rota;
      const again = await client(LEAD).post(`${path}/generate`, {
        academicYear: YEAR,
        options: { peerReviewers: 2, reviewDays: 2, seed: 7 },
      });
      expect(again.status).toBe(409);
      expect((again.body as ErrorBody).error.message).toBe(
        `The ${YEAR} rota is already published, so it cannot be proposed again. Change a review on its own page, or use "Schedule a review" for a school that has joined since.`,
      );
      const fenbrook = before?.entries.find((e) => e.hostSchoolId === FENBROOK) as RotaEntry;
      const edit = await client(LEAD).request('PATCH', `${path}/entries/${FENBROOK}`, {
        academicYear: YEAR,
        days: fenbrook.days,
      });
      expect(edit.status).toBe(409);
      expect((edit.body as ErrorBody).error.message).toBe(
        'This review is already published: change its days and team on its own page.',
      );
      const after = ((await client(LEAD).get(`${path}?year=${YEAR}`)).body as RotaView).draft?.rota;
      expect(after).toEqual(before);
    });
  });
}
