import {
  EvaluationModel,
  ReviewStates,
  academicYearOf,
  type AgreedRatingView,
  type EvaluationTrend,
  type PartnershipEvaluation,
  type SelfRatingView,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInPeople, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const PARTNERSHIP = '6b1d0000-0000-4000-8000-000000000001';
const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';
const NORTHGATE = '6b1d0000-0000-4000-8000-000000000106';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const NORTHGATE_HEAD = 'head@northgate.demo';
const PARTNERSHIP_LEAD = 'partnership.lead@crosswalk.demo';
const TEACHER = 'english.lead@fenbrook.demo';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

const base = `/api/partnerships/${PARTNERSHIP}/evaluation`;

/** The partnership's own evaluation through HTTP, on PostgreSQL or on the embedded database. */
export function partnershipEvaluationSuite(engine: 'postgres' | 'embedded'): void {
  describe(`the partnership's own evaluation (${engine})`, () => {
    let server: TestServer;
    let clients: Record<string, HttpClient> = {};
    let userIds: Record<string, string> = {};
    const logLines: string[] = [];
    const as = (email: string): HttpClient => clients[email] as HttpClient;
    const put = (email: string, path: string, body: unknown) => as(email).request('PUT', `${base}${path}`, body);
    const thisYear = academicYearOf(new Date());
    const audited = async (action: string) =>
      server.crosswalk.db.sql<{ actorUserId: string; detail: Record<string, unknown> }[]>`
        select actor_user_id, detail from audit_events where action = ${action} order by id`;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded', log: (line) => logLines.push(line) });
      await withDemoData(server);
      ({ clients, userIds } = await signInPeople(server.url, [
        HOST_HEAD,
        LINK_LEAD,
        NORTHGATE_HEAD,
        PARTNERSHIP_LEAD,
        TEACHER,
      ]));
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('saves a school’s own rating with its evidence, stamped by the server with who and when', async () => {
      const response = await put(HOST_HEAD, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: '2025-26',
        strand: 'impact_focus',
        level: 'developing',
        evidence: '  Actions from last year were reviewed each term. ',
      });
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({
        schoolId: FENBROOK,
        schoolName: 'Fenbrook Primary',
        academicYear: '2025-26',
        strand: 'impact_focus',
        level: 'developing',
        evidence: 'Actions from last year were reviewed each term.',
        ratedBy: { id: userIds[HOST_HEAD] },
      });
      // The link lead may rate too, and saving again replaces the rating.
      const again = await put(LINK_LEAD, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: thisYear,
        strand: 'impact_focus',
        level: 'embedded',
        evidence: 'Impact huddles every term.',
      });
      expect(again.status).toBe(200);
      const replaced = await put(HOST_HEAD, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: thisYear,
        strand: 'impact_focus',
        level: 'sustaining',
        evidence: 'Impact huddles every term, led by middle leaders.',
      });
      expect((replaced.body as SelfRatingView).level).toBe('sustaining');
      const page = (await as(HOST_HEAD).get(`${base}?year=${thisYear}`)).body as PartnershipEvaluation;
      expect(page.model.name).toBe(EvaluationModel.name);
      expect(page.selfRatings.map((r) => [r.strand, r.level])).toEqual([['impact_focus', 'sustaining']]);
      expect(page.ratesFor).toEqual([{ id: FENBROOK, name: 'Fenbrook Primary' }]);
      expect(page.canAgree).toBe(false);
      expect((await audited('evaluation.self_rating_saved')).length).toBe(3);
    });

    it('refuses a rating outside the scale with the reason, and logs it', async () => {
      const before = logLines.length;
      const response = await put(HOST_HEAD, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: thisYear,
        strand: 'coaching_approach',
        level: 'outstanding',
        evidence: 'We are the best.',
      });
      expect(response.status).toBe(400);
      const body = response.body as ErrorBody;
      expect(body.error.id).toBe('validation_failed');
      expect(body.error.message).toBe(
        '“outstanding” is not on the scale. Choose emerging, developing, embedded or sustaining.',
      );
      expect(body.error.fields).toEqual([{ path: 'level', message: body.error.message }]);
      const agreed = await put(PARTNERSHIP_LEAD, '/agreed-ratings', {
        academicYear: thisYear,
        strand: 'no_such_strand',
        level: 'embedded',
        note: '',
      });
      expect(agreed.status).toBe(400);
      expect((agreed.body as ErrorBody).error.message).toContain('is not a strand of Crosswalk’s own');
      // Logged (structured, without the evidence) and in the audit log; nothing stored.
      const warnings = logLines.slice(before).filter((line) => line.includes('evaluation rating refused'));
      expect(warnings).toHaveLength(2);
      expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 40, field: 'level', kind: 'self' });
      expect(warnings.join('\n')).not.toContain('We are the best');
      expect((await audited('evaluation.rating_refused')).map((e) => e.detail.field)).toEqual(['level', 'strand']);
      const [count] = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from evaluation_self_ratings where strand = 'coaching_approach'`;
      expect(count?.n).toBe(0);
    });

    it('refuses a school rating another school, and a teacher rating their own', async () => {
      const before = logLines.length;
      const other = await put(HOST_HEAD, '/self-ratings', {
        schoolId: NORTHGATE,
        academicYear: thisYear,
        strand: 'trust_transparency',
        level: 'emerging',
        evidence: '',
      });
      expect(other.status).toBe(403);
      expect((other.body as ErrorBody).error.message).toContain('Each school rates itself');
      const teacher = await put(TEACHER, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: thisYear,
        strand: 'trust_transparency',
        level: 'embedded',
        evidence: '',
      });
      expect(teacher.status).toBe(403);
      // Who may rate is decided before the scale: someone who may not rate learns nothing about the level.
      const teacherOffScale = await put(TEACHER, '/self-ratings', {
        schoolId: FENBROOK,
        academicYear: thisYear,
        strand: 'trust_transparency',
        level: 'outstanding',
        evidence: '',
      });
      expect(teacherOffScale.status).toBe(403);
      expect(logLines.slice(before).filter((line) => line.includes('evaluation rating refused'))).toHaveLength(3);
      const [count] = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from evaluation_self_ratings where school_id = ${NORTHGATE}`;
      expect(count?.n).toBe(0);
    });

    it('shows each school its own self-ratings only, and the partnership lead every member school’s', async () => {
      expect(
        (
          await put(NORTHGATE_HEAD, '/self-ratings', {
            schoolId: NORTHGATE,
            academicYear: thisYear,
            strand: 'impact_focus',
            level: 'developing',
            evidence: 'Some actions slipped.',
          })
        ).status,
      ).toBe(200);
      const northgate = (await as(NORTHGATE_HEAD).get(`${base}?year=${thisYear}`)).body as PartnershipEvaluation;
      expect(northgate.selfRatings.map((r) => r.schoolId)).toEqual([NORTHGATE]);
      expect(northgate.schools).toEqual([{ id: NORTHGATE, name: 'Northgate Primary' }]);
      const lead = (await as(PARTNERSHIP_LEAD).get(`${base}?year=${thisYear}`)).body as PartnershipEvaluation;
      expect(lead.selfRatings.map((r) => r.schoolName).sort()).toEqual(['Fenbrook Primary', 'Northgate Primary']);
      expect(lead.schools.length).toBeGreaterThanOrEqual(6);
      expect(lead.ratesFor).toEqual([]);
      expect(lead.canAgree).toBe(true);
      expect((await as(HOST_HEAD).get(`${base}?year=2026-28`)).status).toBe(400);
    });

    it('lets only the partnership lead record the agreed ratings, which every member reads', async () => {
      const refused = await put(HOST_HEAD, '/agreed-ratings', {
        academicYear: thisYear,
        strand: 'impact_focus',
        level: 'sustaining',
        note: 'We think so.',
      });
      expect(refused.status).toBe(403);
      expect((refused.body as ErrorBody).error.message).toContain('Only the partnership lead');
      for (const [academicYear, level] of [
        ['2025-26', 'emerging'],
        [thisYear, 'embedded'],
      ] as const) {
        const response = await put(PARTNERSHIP_LEAD, '/agreed-ratings', {
          academicYear,
          strand: 'impact_focus',
          level,
          note: 'Agreed at the summer board meeting.',
        });
        expect(response.status).toBe(200);
        expect(response.body).toMatchObject({ level, agreedBy: { id: userIds[PARTNERSHIP_LEAD] } });
      }
      const seen = (await as(NORTHGATE_HEAD).get(`${base}?year=${thisYear}`)).body as PartnershipEvaluation;
      expect(seen.agreed.map((a: AgreedRatingView) => [a.strand, a.level, a.note])).toEqual([
        ['impact_focus', 'embedded', 'Agreed at the summer board meeting.'],
      ]);
    });

    it('answers the trend per year: agreed levels, averages of the ratings the person reads, reviews held', async () => {
      const lead = (await as(PARTNERSHIP_LEAD).get(`${base}/trend`)).body as EvaluationTrend;
      expect(lead.years).toContain('2025-26');
      expect(lead.years).toContain(thisYear);
      expect(lead.selfRatingsFrom).toBe('all_member_schools');
      const impact = lead.strands.find((s) => s.strand === 'impact_focus');
      expect(impact?.years.find((y) => y.academicYear === '2025-26')).toEqual({
        academicYear: '2025-26',
        agreed: 'emerging',
        agreedScore: 1,
        selfRatings: 1,
        selfAverage: 2,
      });
      // Fenbrook sustaining (4) and Northgate developing (2) this year.
      expect(impact?.years.find((y) => y.academicYear === thisYear)).toMatchObject({
        agreed: 'embedded',
        selfRatings: 2,
        selfAverage: 3,
      });
      const held = await server.crosswalk.db.sql<{ academicYear: string; n: number }[]>`
        select academic_year, count(*)::int as n from reviews
        where partnership_id = ${PARTNERSHIP} and state in ${server.crosswalk.db.sql(ReviewStates.slice(ReviewStates.indexOf('in_review')))}
        group by academic_year`;
      expect(held.length).toBeGreaterThan(0);
      const completed = new Map(
        (
          await server.crosswalk.db.sql<{ academicYear: string; n: number }[]>`
            select r.academic_year, count(*)::int as n from review_actions a join reviews r on r.id = a.review_id
            where r.partnership_id = ${PARTNERSHIP} and a.in_plan and a.status = 'complete'
            group by r.academic_year`
        ).map((row) => [row.academicYear, row.n]),
      );
      const matched = new Map(
        (
          await server.crosswalk.db.sql<{ academicYear: string; n: number }[]>`
            select r.academic_year, count(*)::int as n from support_requests q join reviews r on r.id = q.review_id
            where q.partnership_id = ${PARTNERSHIP} and q.matched_offer_id is not null
            group by r.academic_year`
        ).map((row) => [row.academicYear, row.n]),
      );
      for (const row of held) {
        expect(lead.activity.find((a) => a.academicYear === row.academicYear)).toEqual({
          academicYear: row.academicYear,
          reviewsHeld: row.n,
          actionsCompleted: completed.get(row.academicYear) ?? 0,
          supportMatched: matched.get(row.academicYear) ?? 0,
        });
      }
      // A school's trend draws on its own ratings only.
      const northgate = (await as(NORTHGATE_HEAD).get(`${base}/trend`)).body as EvaluationTrend;
      expect(northgate.selfRatingsFrom).toBe('own_schools');
      expect(
        northgate.strands.find((s) => s.strand === 'impact_focus')?.years.find((y) => y.academicYear === thisYear),
      ).toMatchObject({ agreed: 'embedded', selfRatings: 1, selfAverage: 2 });
    });
  });
}
