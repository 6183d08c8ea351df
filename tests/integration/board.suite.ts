import {
  BoardSectionLabel,
  BoardTotalLabel,
  SUPPRESSED_TEXT,
  documentName,
  type BoardFigure,
  type BoardSection,
  type CollabTicketAnswer,
  type PartnershipBoard,
  type PartnershipDetail,
  type ReviewDetail,
  type ReviewSharingView,
} from '@crosswalk/shared';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
import { DEMO_PASSWORD, signInPeople, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

const DEMO_REVIEW = '6b1d0000-0000-4000-8000-000000000201'; // Fenbrook, in_review
const LEAD = 'partnership.lead@crosswalk.demo';
const HOST_HEAD = 'host.head@fenbrook.demo';
const ASSOCIATE = 'associate@crosswalk.demo'; // the demo's SPP associate: a partnership facilitator, no school
const OFFICER = 'officer@county.example';
const YEAR = '2025-26';

/** Schools of the test's own partnership: the board never names them, so the test checks for these words. */
const SCHOOL_NAMES = [
  'Ashdown Primary',
  'Birchfield Primary',
  'Coldharbour Primary',
  'Dunmore Primary',
  'Elmstead Primary',
];

/**
 * The partnership board view and the two roles of issue 24 part 6 through HTTP, on PostgreSQL or the embedded
 * database: a local authority viewer sees anonymised counts only (nothing drawn from fewer than 5 schools), the CSV
 * says what the JSON says, every ask for one school's data is refused, logged and audited, and an SPP associate reads
 * only what the host headteacher shares.
 */
export function boardSuite(engine: 'postgres' | 'embedded'): void {
  describe(`the partnership board view and the SPP associate (${engine})`, () => {
    let server: TestServer;
    let partnershipId = '';
    const schoolIds: string[] = [];
    const reviewIds: string[] = [];
    const logLines: string[] = [];
    let clients: Record<string, HttpClient> = {};
    let userIds: Record<string, string> = {};
    const as = (email: string) => clients[email] as HttpClient;
    const board = (query = '') => `/api/partnerships/${partnershipId}/board${query}`;
    const audited = async (action: string) =>
      server.crosswalk.db.sql<{ actorUserId: string; subjectId: string; detail: Record<string, unknown> }[]>`
        select actor_user_id, subject_id, detail from audit_events where action = ${action} order by id`;

    /** A school of the partnership with one closed review of the year, its focus on Looking Inward, two actions. */
    const addSchoolWithReview = async (name: string) => {
      const sql = server.crosswalk.db.sql;
      const [school] = await sql<
        { id: string }[]
      >`insert into schools (name, phase) values (${name}, 'primary') returning id`;
      const schoolId = school?.id ?? '';
      await sql`insert into partnership_schools (partnership_id, school_id) values (${partnershipId}, ${schoolId})`;
      const focus = { question: 'To what extent does feedback move learning on?', themes: ['looking_inward'] };
      const [review] = await sql<{ id: string }[]>`
        insert into reviews (partnership_id, host_school_id, academic_year, state, starts_on, ends_on, focus)
        values (${partnershipId}, ${schoolId}, ${YEAR}, 'closed', '2025-11-10', '2025-11-10', ${sql.json(focus)})
        returning id`;
      const reviewId = review?.id ?? '';
      for (const [id, status] of [
        ['a1', 'on_track'],
        ['a2', 'complete'],
      ] as const) {
        await sql`
          insert into review_actions (review_id, id, label, position, text, owner_role, starts_on, due_on,
            success_criteria, status)
          values (${reviewId}, ${id}, ${id.toUpperCase()}, 1, ${`Secret action of ${name}`}, 'Deputy head',
            '2025-12-01', '2026-06-01', 'Pupils say so', ${status})`;
      }
      schoolIds.push(schoolId);
      reviewIds.push(reviewId);
    };

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded', log: (line) => logLines.push(line) });
      await withDemoData(server);
      ({ clients, userIds } = await signInPeople(server.url, [LEAD, HOST_HEAD, ASSOCIATE]));
      const sql = server.crosswalk.db.sql;
      const [partnership] = await sql<{ id: string }[]>`
        insert into partnerships (name, kind) values ('Board Test Cluster', 'local') returning id`;
      partnershipId = partnership?.id ?? '';
      await sql`insert into partnership_members (partnership_id, user_id, role)
        values (${partnershipId}, ${userIds[LEAD] ?? ''}, 'partnership_lead')`;
      for (const name of SCHOOL_NAMES.slice(0, 4)) {
        await addSchoolWithReview(name);
      }
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('lets the partnership lead invite a local authority or board viewer through the invitation flow', async () => {
      const invited = await as(LEAD).post('/api/invitations', {
        email: OFFICER,
        displayName: 'County Officer',
        partnership: { partnershipId, role: 'la_viewer' },
      });
      expect(invited.status).toBe(201);
      const sql = server.crosswalk.db.sql;
      const [member] = await sql<{ role: string }[]>`
        select pm.role from partnership_members pm join users u on u.id = pm.user_id where u.email = ${OFFICER}`;
      expect(member?.role).toBe('la_viewer');
      // The officer chose a password from the link (not what this test is about), then signs in.
      await sql`update users set password_hash = ${await hashPassword(DEMO_PASSWORD)} where email = ${OFFICER}`;
      const officer = new HttpClient(server.url);
      expect((await officer.login(OFFICER, DEMO_PASSWORD)).status).toBe(200);
      clients[OFFICER] = officer;
    });

    it('hides every figure while the reviews come from fewer than 5 schools', async () => {
      const response = await as(OFFICER).get(board(`?year=${YEAR}`));
      expect(response.status).toBe(200);
      const answer = response.body as PartnershipBoard;
      expect(answer.minimumSchools).toBe(5);
      const hidden: BoardFigure = { value: null, suppressed: true };
      for (const section of [answer.reviewsByState, answer.enquiryThemes, answer.actionsByStatus]) {
        expect(section.total).toEqual(hidden);
        expect(section.rows.every((row) => row.figure.suppressed)).toBe(true);
      }
      expect(answer.supportMatched).toEqual(hidden);
    });

    it('shows the anonymised counts once a fifth school has a review, and never a school’s name or words', async () => {
      await addSchoolWithReview(SCHOOL_NAMES[4] ?? '');
      for (const email of [OFFICER, LEAD]) {
        const response = await as(email).get(board(`?year=${YEAR}`));
        expect(response.status).toBe(200);
        const answer = response.body as PartnershipBoard;
        const figure = (section: BoardSection<string>, key: string) => section.rows.find((r) => r.key === key)?.figure;
        expect(answer.reviewsByState.total).toEqual({ value: 5, suppressed: false });
        expect(figure(answer.reviewsByState, 'closed')).toEqual({ value: 5, suppressed: false });
        expect(figure(answer.reviewsByState, 'in_review')).toEqual({ value: 0, suppressed: false });
        expect(figure(answer.enquiryThemes, 'looking_inward')).toEqual({ value: 5, suppressed: false });
        expect(answer.enquiryThemes.total).toEqual({ value: 5, suppressed: false });
        expect(figure(answer.actionsByStatus, 'on_track')).toEqual({ value: 5, suppressed: false });
        expect(figure(answer.actionsByStatus, 'complete')).toEqual({ value: 5, suppressed: false });
        expect(answer.actionsByStatus.total).toEqual({ value: 10, suppressed: false });
        const text = JSON.stringify(answer);
        for (const name of SCHOOL_NAMES) {
          expect(text).not.toContain(name);
        }
        expect(text).not.toContain('Secret action');
        for (const id of [...schoolIds, ...reviewIds]) {
          expect(text).not.toContain(id);
        }
      }
      // A term with none of the reviews: its figures stand on no school, so they are hidden again.
      const spring = (await as(OFFICER).get(board(`?year=${YEAR}&term=spring`))).body as PartnershipBoard;
      expect(spring.term).toBe('spring');
      expect(spring.reviewsByState.total.suppressed).toBe(true);
    });

    it('exports the same figures as CSV, hidden ones written as the marker', async () => {
      for (const query of [`?year=${YEAR}`, `?year=${YEAR}&term=spring`, `?year=${YEAR}&term=autumn`]) {
        const json = (await as(OFFICER).get(board(query))).body as PartnershipBoard;
        const response = await as(OFFICER).get(`/api/partnerships/${partnershipId}/board.csv${query}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
        expect(response.headers.get('content-disposition')).toMatch(
          /^attachment; filename="board-board-test-cluster-2025-26(-spring|-autumn)?\.csv"$/,
        );
        const records: string[][] = parseCsv(response.body as string, { bom: true });
        expect(records[0]).toEqual(['Partnership', 'Academic year', 'Period', 'Section', 'Item', 'Figure']);
        const expected: string[][] = [];
        const text = (figure: BoardFigure | null) =>
          figure === null ? 'Not yet recorded' : figure.suppressed ? SUPPRESSED_TEXT : String(figure.value);
        const period = json.term === null ? 'Whole year' : `${json.term[0]?.toUpperCase()}${json.term.slice(1)} term`;
        for (const key of ['reviewsByState', 'enquiryThemes', 'actionsByStatus'] as const) {
          for (const row of json[key].rows) {
            expected.push(['Board Test Cluster', YEAR, period, BoardSectionLabel[key], row.label, text(row.figure)]);
          }
          expected.push([
            'Board Test Cluster',
            YEAR,
            period,
            BoardSectionLabel[key],
            BoardTotalLabel[key],
            text(json[key].total),
          ]);
        }
        expected.push([
          'Board Test Cluster',
          YEAR,
          period,
          BoardSectionLabel.supportMatched,
          'Support matches',
          text(json.supportMatched),
        ]);
        expect(records.slice(1)).toEqual(expected);
        // No support was matched here: a figure drawn from no school at all is hidden too.
        expect(json.supportMatched).toEqual({ value: null, suppressed: true });
        // Every review began in the autumn: only the spring's figures of the reviews themselves are hidden.
        expect(records.some((r) => r[3] !== BoardSectionLabel.supportMatched && r[5] === SUPPRESSED_TEXT)).toBe(
          query.includes('spring'),
        );
      }
    });

    it('refuses one school’s figures or a breakdown by school with the reason, logged and audited', async () => {
      const before = logLines.length;
      for (const query of [`?schoolId=${schoolIds[0] ?? ''}`, '?by=school']) {
        for (const path of [board(query), `/api/partnerships/${partnershipId}/board.csv${query}`]) {
          const refused = await as(OFFICER).get(path);
          expect(refused.status).toBe(403);
          expect((refused.body as ErrorBody).error.message).toContain('never shows one school’s figures');
        }
      }
      // The lead gets the same answer: the board view has no per-school figures for anyone.
      expect((await as(LEAD).get(board(`?schoolId=${schoolIds[1] ?? ''}`))).status).toBe(403);
      // Anything else unknown is bad input.
      expect((await as(OFFICER).get(board('?school=Ashdown'))).status).toBe(400);
      expect((await as(OFFICER).get(board('?term=winter'))).status).toBe(400);
      const warnings = logLines.slice(before).filter((line) => line.includes('board viewer refused one school'));
      expect(warnings).toHaveLength(5);
      expect(JSON.parse(warnings[0] ?? '{}')).toMatchObject({ level: 40, asked: 'one_school', partnershipId });
      const events = await audited('board.school_data_refused');
      expect(events.map((e) => e.detail.asked)).toEqual([
        'one_school',
        'one_school',
        'breakdown',
        'breakdown',
        'one_school',
      ]);
      expect(events.every((e) => e.subjectId === partnershipId)).toBe(true);
    });

    it('gives a local authority viewer no review, no rota and no shared practice, and records each ask', async () => {
      const before = (await audited('board.school_data_refused')).length;
      const logged = logLines.length;
      for (const path of [
        `/api/reviews/${reviewIds[0] ?? ''}`,
        `/api/reviews/${reviewIds[0] ?? ''}/actions`,
        `/api/reviews/${reviewIds[0] ?? ''}/collab`,
      ]) {
        expect((await as(OFFICER).get(path)).status).toBe(404);
      }
      const practice = await as(OFFICER).get(`/api/partnerships/${partnershipId}/shared-practice`);
      expect(practice.status).toBe(403);
      expect((practice.body as ErrorBody).error.message).toContain('for the partnership’s schools only');
      const events = (await audited('board.school_data_refused')).slice(before);
      expect(events.map((e) => e.detail.asked)).toEqual(['review', 'review', 'review', 'shared_practice']);
      expect(events[0]?.detail.reviewId).toBe(reviewIds[0]);
      expect(logLines.slice(logged).filter((l) => l.includes('board viewer refused one school'))).toHaveLength(4);
      // The review list holds nothing of the partnership; the partnership page names its schools but no review.
      expect((await as(OFFICER).get('/api/reviews')).body).toEqual({ reviews: [] });
      const detail = (await as(OFFICER).get(`/api/partnerships/${partnershipId}`)).body as PartnershipDetail;
      expect(detail.rota).toEqual([]);
      expect(detail).toMatchObject({ boardOnly: true, canSeeBoard: true, canSchedule: false, people: [] });
      expect(detail.schools).toHaveLength(5);
      // The lead keeps the rota, and sees the viewer among the partnership's people.
      const lead = (await as(LEAD).get(`/api/partnerships/${partnershipId}`)).body as PartnershipDetail;
      expect(lead.rota).toHaveLength(5);
      expect(lead).toMatchObject({ boardOnly: false, canSeeBoard: true });
      expect(lead.people.find((p) => p.displayName === 'County Officer')?.roles).toEqual(['la_viewer']);
    });

    it('refuses the board to a member school’s headteacher (403, recorded) and hides it from outsiders (404)', async () => {
      const sql = server.crosswalk.db.sql;
      const hostHeadId = userIds[HOST_HEAD] ?? '';
      await sql`insert into school_members (school_id, user_id, role) values (${schoolIds[0] ?? ''}, ${hostHeadId}, 'headteacher')`;
      const refused = await as(HOST_HEAD).get(board());
      expect(refused.status).toBe(403);
      expect((refused.body as ErrorBody).error.message).toContain('for the partnership lead and the local authority');
      expect((await audited('board.view_refused')).map((e) => e.actorUserId)).toEqual([hostHeadId]);
      await sql`delete from school_members where school_id = ${schoolIds[0] ?? ''} and user_id = ${hostHeadId}`;
      expect((await as(HOST_HEAD).get(board())).status).toBe(404);
      expect((await as(HOST_HEAD).get(board(`?schoolId=${schoolIds[0] ?? ''}`))).status).toBe(404);
    });

    it('never puts a local authority viewer on a review team', async () => {
      const sql = server.crosswalk.db.sql;
      const [officer] = await sql<{ id: string }[]>`select id from users where email = ${OFFICER}`;
      // Also a viewer of the demo partnership, so the demo review's host headteacher could try to add them.
      await sql`insert into partnership_members (partnership_id, user_id, role)
        values ('6b1d0000-0000-4000-8000-000000000001', ${officer?.id ?? ''}, 'la_viewer')`;
      for (const query of ['', '?role=spp_associate']) {
        const candidates = (await as(HOST_HEAD).get(`/api/reviews/${DEMO_REVIEW}/candidates${query}`)).body as {
          people: { userId: string }[];
        };
        expect(candidates.people.some((p) => p.userId === officer?.id)).toBe(false);
      }
      const added = await as(HOST_HEAD).post(`/api/reviews/${DEMO_REVIEW}/team`, {
        userId: officer?.id,
        role: 'spp_associate',
      });
      expect(added.status).toBe(400);
      expect((await as(OFFICER).get(`/api/reviews/${DEMO_REVIEW}`)).status).toBe(404);
    });

    describe('an SPP associate invited to one review', () => {
      const documentsOf = async () => {
        const answer = await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}/collab`);
        expect(answer.status).toBe(200);
        return Object.fromEntries((answer.body as CollabTicketAnswer).documents.map((d) => [d.section, d.access]));
      };
      const live = (part: 'context' | 'evidence' | 'findings' | 'workshop' | 'actions') =>
        server.crosswalk.services.collab.documentAccessOf(userIds[ASSOCIATE] ?? '', documentName(DEMO_REVIEW, part));
      const share = (sharing: Record<string, boolean>) =>
        as(HOST_HEAD).request('PUT', `/api/reviews/${DEMO_REVIEW}/sharing`, {
          selfReviewWithChampion: false,
          evidenceWithChampion: false,
          ...sharing,
        });

      it('is invited by the host headteacher from outside the host school', async () => {
        expect((await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}`)).status).toBe(404);
        const detail = (await as(HOST_HEAD).get(`/api/reviews/${DEMO_REVIEW}`)).body as ReviewDetail;
        expect(detail.assignableRoles).toEqual(['host_link_lead', 'spp_associate']);
        const usual = (await as(HOST_HEAD).get(`/api/reviews/${DEMO_REVIEW}/candidates`)).body as {
          people: { userId: string; atHostSchool: boolean }[];
        };
        expect(usual.people.every((p) => p.atHostSchool)).toBe(true);
        const candidates = (await as(HOST_HEAD).get(`/api/reviews/${DEMO_REVIEW}/candidates?role=spp_associate`))
          .body as { people: { userId: string; atHostSchool: boolean }[] };
        expect(candidates.people.length).toBeGreaterThan(0);
        expect(candidates.people.every((p) => !p.atHostSchool)).toBe(true);
        expect(candidates.people.find((p) => p.userId === userIds[ASSOCIATE])).toMatchObject({ atHostSchool: false });
        // Nobody else may invite one: the review's lead reviewer is refused.
        const reviewer = new HttpClient(server.url);
        await reviewer.login('lead.reviewer@summercroft.demo', DEMO_PASSWORD);
        expect((await reviewer.get(`/api/reviews/${DEMO_REVIEW}/candidates?role=spp_associate`)).status).toBe(403);
        const added = await as(HOST_HEAD).post(`/api/reviews/${DEMO_REVIEW}/team`, {
          userId: userIds[ASSOCIATE],
          role: 'spp_associate',
        });
        expect(added.status).toBe(201);
        expect((added.body as ReviewDetail).team.find((m) => m.userId === userIds[ASSOCIATE])?.role).toBe(
          'spp_associate',
        );
        // Someone of the host school's own staff cannot be its associate.
        const [linkLead] = await server.crosswalk.db.sql<{ id: string }[]>`
          select id from users where email = 'english.lead@fenbrook.demo'`;
        const own = await as(HOST_HEAD).post(`/api/reviews/${DEMO_REVIEW}/team`, {
          userId: linkLead?.id,
          role: 'spp_associate',
        });
        expect(own.status).toBe(409);
        expect((own.body as ErrorBody).error.message).toContain('cannot be its SPP associate');
      });

      it('reads the schedule’s metadata and nothing else until the host shares', async () => {
        const detail = await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}`);
        expect(detail.status).toBe(200);
        const review = detail.body as ReviewDetail;
        expect(review.access).toEqual({
          schedule: 'metadata',
          team: 'none',
          self_review: 'none',
          enquiry_focus: 'none',
          evidence_log: 'none',
          findings: 'none',
          workshop: 'none',
          action_plan: 'none',
        });
        expect(review.team).toEqual([]);
        expect(await documentsOf()).toEqual({});
        expect((await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}/focus`)).status).toBe(403);
        expect((await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}/actions`)).status).toBe(404);
        expect((await live('context'))?.access).toBe('none');
      });

      it('reads the self-review and the focus the host shares, never the evidence, workshop or action plan', async () => {
        const shared = await share({
          selfReviewWithAssociate: true,
          focusWithAssociate: true,
          findingsWithAssociate: true,
        });
        expect(shared.status).toBe(200);
        expect(shared.body as ReviewSharingView).toMatchObject({
          selfReviewWithAssociate: true,
          focusWithAssociate: true,
          findingsWithAssociate: true,
        });
        // The review is in_review: the findings are still the reviewers' draft, so not even shared ones are read.
        expect(await documentsOf()).toEqual({ context: 'read' });
        expect((await as(ASSOCIATE).get(`/api/reviews/${DEMO_REVIEW}/focus`)).status).toBe(200);
        // The realtime connection asks the same permission module.
        expect((await live('context'))?.access).toBe('read');
        for (const part of ['evidence', 'findings', 'workshop', 'actions'] as const) {
          expect((await live(part))?.access, part).toBe('none');
        }
        // Leaving the associate's choices out keeps them; switching one off takes it away at once.
        expect((await share({})).status).toBe(200);
        expect(await documentsOf()).toEqual({ context: 'read' });
        await share({ selfReviewWithAssociate: false });
        expect(await documentsOf()).toEqual({});
        expect((await live('context'))?.access).toBe('none');
        // Only the host headteacher decides.
        const refused = await as(ASSOCIATE).request('PUT', `/api/reviews/${DEMO_REVIEW}/sharing`, {
          selfReviewWithChampion: false,
          evidenceWithChampion: false,
          selfReviewWithAssociate: true,
        });
        expect(refused.status).toBe(403);
      });
    });
  });
}
