import {
  checkRota,
  documentName,
  isSchoolDay,
  readActions,
  readEvidence,
  readFeedbackRecord,
  readFindings,
  workshopFragment,
  WorkshopSections,
  type DocumentPart,
  type Rota,
  type RotaConflict,
  type RotaView,
  type SchoolCalendar,
} from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Sql } from '../../server/src/db/client.ts';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { demoLocalAuthorities, demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { CalendarsRepository } from '../../server/src/modules/calendars/calendars.repository.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { createLogger } from '../../server/src/logger.ts';
import { RotaRepository } from '../../server/src/modules/rota/rota.repository.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** Fixed days the demo is loaded on: a Tuesday in November (as in the cluster's own schedule), then harder ones. */
export const LOAD_DAYS = {
  november: new Date('2026-11-17T10:00:00Z'),
  saturday: new Date('2027-01-16T10:00:00Z'),
  friday: new Date('2027-03-19T10:00:00Z'),
  // Monday 31 May 2027 is the spring bank holiday (London is on summer time).
  bankHoliday: new Date('2027-05-31T09:00:00Z'),
  lastDayOfYear: new Date('2027-08-31T09:00:00Z'),
} as const;

/** The rules the stored rota of the demo's year breaks, checked as the rota page checks them. */
export async function demoRotaConflicts(sql: Sql): Promise<{
  academicYear: string;
  conflicts: RotaConflict[];
  rota: Rota;
  publishedAt: Date | null;
  published: number;
}> {
  const [review] = await sql<
    { academicYear: string }[]
  >`select academic_year from reviews where id = ${DEMO_REVIEW_ID}`;
  const academicYear = review?.academicYear ?? '';
  const repository = new RotaRepository(sql);
  const draft = await repository.draft(demoPartnership.id, academicYear);
  if (!draft) {
    throw new Error(`no rota stored for ${academicYear}`);
  }
  const calendars = new CalendarsRepository(sql);
  const schools = await repository.schools(demoPartnership.id);
  const byId = new Map<string, SchoolCalendar>();
  for (const school of schools) {
    byId.set(school.id, (await calendars.calendarOf(school.id)) ?? { layers: [] });
  }
  const conflicts = checkRota(draft.rota, {
    academicYear,
    schools,
    people: await repository.people(demoPartnership.id),
    schoolDay: (schoolId, day) => isSchoolDay(byId.get(schoolId) ?? { layers: [] }, day),
    options: draft.rota.options,
  });
  return {
    academicYear,
    conflicts,
    rota: draft.rota,
    publishedAt: draft.publishedAt,
    published: (await repository.published(demoPartnership.id, academicYear)).length,
  };
}

/** Every session and activity of every demo review that is not on a school day of its host school. */
export async function sessionsOffSchoolDays(sql: Sql): Promise<string[]> {
  const rows = await sql<{ hostSchoolId: string; title: string; startsOn: string; endsOn: string; host: string }[]>`
    select r.host_school_id, s.name as host, t.title,
      to_char(t.starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as starts_on,
      to_char(t.ends_at at time zone 'Europe/London', 'YYYY-MM-DD') as ends_on
    from (select review_id, title, starts_at, ends_at from review_sessions
          union all
          select rs.review_id, a.title, a.starts_at, a.ends_at
          from review_activities a join review_sessions rs on rs.id = a.session_id) as t
    join reviews r on r.id = t.review_id join schools s on s.id = r.host_school_id`;
  if (rows.length < 20) {
    throw new Error(`expected the demo's sessions, found ${rows.length}`);
  }
  const calendars = new CalendarsRepository(sql);
  const off: string[] = [];
  for (const row of rows) {
    const calendar = (await calendars.calendarOf(row.hostSchoolId)) ?? { layers: [] };
    for (const day of new Set([row.startsOn, row.endsOn])) {
      const answer = isSchoolDay(calendar, day);
      if (!answer.schoolDay) {
        off.push(`${row.host}: ${row.title} on ${day} (${answer.reason})`);
      }
    }
  }
  return off;
}

/** What the finished review holds, read from its stored enquiry document and its records. */
export async function closedReviewContents(sql: Sql) {
  const doc = async (part: DocumentPart) => {
    const [row] = await sql<{ snapshot: Uint8Array }[]>`
      select snapshot from collab_documents where name = ${documentName(DEMO_CLOSED_REVIEW_ID, part)}`;
    const ydoc = new Y.Doc();
    if (row) {
      Y.applyUpdate(ydoc, row.snapshot);
    }
    return ydoc;
  };
  const [review] = await sql<{ state: string; focus: { question: string } | null }[]>`
    select state, focus from reviews where id = ${DEMO_CLOSED_REVIEW_ID}`;
  const history = await sql<{ toState: string }[]>`
    select to_state from review_transitions where review_id = ${DEMO_CLOSED_REVIEW_ID} order by at, id`;
  const signOffs = await sql<{ role: string }[]>`
    select role from review_sign_offs where review_id = ${DEMO_CLOSED_REVIEW_ID} order by role`;
  const sessions = await sql<{ kind: string }[]>`
    select distinct kind from review_sessions where review_id = ${DEMO_CLOSED_REVIEW_ID} order by kind`;
  const evidence = readEvidence(await doc('evidence'));
  const findingsDoc = await doc('findings');
  const findings = readFindings(findingsDoc);
  const workshop = await doc('workshop');
  const actionsDoc = await doc('actions');
  const actions = readActions(actionsDoc);
  // Progress and the impact review are records, not the document (docs/actions.md, docs/impact-review.md).
  const records = await sql<{ id: string; status: string; updates: number }[]>`
    select a.id, a.status, (select count(*)::int from review_action_updates u
      where u.review_id = a.review_id and u.action_id = a.id) as updates
    from review_actions a where a.review_id = ${DEMO_CLOSED_REVIEW_ID} and a.in_plan order by a.position`;
  const checkpoints = await sql<{ recorded: boolean; evidence: string | null; ratings: string[] }[]>`
    select c.recorded_at is not null as recorded, c.evidence,
      coalesce((select array_agg(r.rating order by r.action_id) from impact_ratings r where r.checkpoint_id = c.id),
        '{}') as ratings
    from impact_checkpoints c where c.review_id = ${DEMO_CLOSED_REVIEW_ID} order by c.scheduled_at`;
  const evidenceIds = new Set(evidence.map((e) => e.id));
  return {
    state: review?.state,
    hasFocus: Boolean(review?.focus?.question),
    history: history.map((h) => h.toState),
    signOffs: signOffs.map((s) => s.role),
    sessionKinds: sessions.map((s) => s.kind),
    evidence: evidence.length,
    findingKinds: [...new Set(findings.map((f) => f.kind))].sort(),
    everyFindingCitesEvidence: findings.every(
      (f) => f.evidenceIds.length > 0 && f.evidenceIds.every((id) => evidenceIds.has(id)),
    ),
    feedback: readFeedbackRecord(findingsDoc),
    emptyWorkshopSections: WorkshopSections.filter((section) => workshopFragment(workshop, section).length === 0),
    actions: actions.map((a) => ({ owner: a.ownerRole !== '', status: a.status, due: a.dueOn !== '' })),
    records: records.map((r) => ({ same: actions.some((a) => a.id === r.id), status: r.status, updates: r.updates })),
    checkpoints: checkpoints.map((c) => ({
      recorded: c.recorded,
      rated: c.ratings.length,
      allGreen: c.ratings.every((rating) => rating === 'green'),
      impact: (c.evidence ?? '') !== '',
    })),
  };
}

/** Safeguarding contacts and local authority details of the demo's schools. */
export async function demoContacts(sql: Sql) {
  const contacts = await sql<{ school: string; role: string; email: string }[]>`
    select s.name as school, c.role, c.email from school_safeguarding_contacts c join schools s on s.id = c.school_id
    order by s.name, c.role`;
  const authorities = await sql<
    { name: string; code: string | null; ladoName: string | null; ladoEmail: string | null; ladoPhone: string | null }[]
  >`
    select name, code, lado_name, lado_email, lado_phone from local_authorities
    where name in ${sql(demoSchools.map((s) => s.localAuthority))} order by name`;
  return { contacts, authorities, expectedAuthorities: demoLocalAuthorities };
}

/** The half terms and INSET days of each demo authority, as one string per authority, to compare them. */
export async function holidaysByAuthority(sql: Sql): Promise<Map<string, string>> {
  const rows = await sql<{ name: string; kinds: string }[]>`
    select la.name, string_agg(e.kind || ' ' || e.starts_on::text, ', ' order by e.starts_on) as kinds
    from calendar_events e join local_authorities la on la.id = e.local_authority_id
    where e.kind in ('half_term', 'inset_day')
    group by la.name`;
  return new Map(rows.map((r) => [r.name, r.kinds]));
}

/** Row counts and password hashes, to show a second load changes nothing. */
export async function demoFingerprint(sql: Sql): Promise<Record<string, unknown>> {
  const [row] = await sql<Record<string, unknown>[]>`
    select (select count(*)::int from users) as users, (select count(*)::int from school_members) as school_members,
      (select count(*)::int from partnership_members) as partnership_members,
      (select count(*)::int from reviews) as reviews, (select count(*)::int from review_members) as review_members,
      (select count(*)::int from review_sessions) as sessions, (select count(*)::int from review_transitions) as transitions,
      (select count(*)::int from review_sign_offs) as sign_offs, (select count(*)::int from calendar_events) as calendar_events,
      (select count(*)::int from rota_drafts) as rota_drafts, (select count(*)::int from rota_reviews) as rota_reviews,
      (select count(*)::int from school_safeguarding_contacts) as contacts,
      (select count(*)::int from collab_documents) as documents,
      (select string_agg(coalesce(code, '-') || coalesce(lado_email, '-'), ',' order by name) from local_authorities) as authorities,
      (select string_agg(password_hash, ',' order by email) from users) as hashes`;
  return row ?? {};
}

export type Engine = 'postgres' | 'embedded';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

/** Accounts of the cluster's year added beside the contract's, with the role each must have. */
const YEAR_ACCOUNTS = [
  ['english.lead@fenbrook.demo', 'Fenbrook Primary', 'teacher'],
  ['ta@fenbrook.demo', 'Fenbrook Primary', 'support_staff'],
  ['head@summercroft.demo', 'Summercroft Primary', 'headteacher'],
  ['head@littlewaltham.demo', 'Little Waltham CE Primary', 'headteacher'],
  ['head@princerock.demo', 'Prince Rock Primary', 'headteacher'],
  ['deputy@northgate.demo', 'Northgate Primary', 'senior_leader'],
] as const;

/**
 * The demo's year loaded on each of `days` (on its own database): the rota of the year published with every school
 * hosting and no rule broken, reviews in several states, last year's review finished end to end, safeguarding
 * contacts and LADOs, differing term dates, every session on a school day, the new accounts signing in, and a second
 * load changing nothing.
 */
export function demoYearSuite(engine: Engine, days: readonly (keyof typeof LOAD_DAYS)[]): void {
  describe.each(days)(`the demo's year loaded on the %s test day (${engine})`, (dayName) => {
    const today = LOAD_DAYS[dayName];
    let server: TestServer;
    const sql = () => server.crosswalk.db.sql;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await loadDemo(sql(), createLogger('silent'), { today });
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('puts every session of every review on a school day of its host school', async () => {
      expect(await sessionsOffSchoolDays(sql())).toEqual([]);
      if (dayName === 'november') {
        // Negative control: a session put on a Saturday of Prince Rock's review week is reported.
        const [session] = await sql()<{ id: string; day: string }[]>`
          insert into review_sessions (review_id, kind, title, starts_at, ends_at)
          select review_id, 'review_day', 'Saturday session', starts_at + interval '5 days' - (extract(isodow from starts_at) - 1) * interval '1 day',
            ends_at + interval '5 days' - (extract(isodow from starts_at) - 1) * interval '1 day'
          from review_sessions where review_id = '6b1d0000-0000-4000-8000-000000000205' limit 1
          returning id, to_char(starts_at at time zone 'Europe/London', 'YYYY-MM-DD') as day`;
        expect(await sessionsOffSchoolDays(sql())).toEqual([
          `Prince Rock Primary: Saturday session on ${session?.day ?? ''} (weekend)`,
        ]);
        await sql()`delete from review_sessions where id = ${session?.id ?? ''}`;
      }
    });

    it('publishes the rota of the year: every school hosts, teams keep the rules', async () => {
      const { conflicts, rota, publishedAt, published } = await demoRotaConflicts(sql());
      expect(publishedAt).not.toBeNull();
      expect(published).toBe(demoSchools.length);
      expect(rota.entries.map((e) => e.hostSchoolId).sort()).toEqual(demoSchools.map((s) => s.id).sort());
      if (dayName === 'lastDayOfYear') {
        // Loaded on the year's last day, the rest of the cluster's reviews can only fall in the next academic year.
        expect(new Set(conflicts.map((c) => c.rule))).toEqual(new Set(['outside_year']));
      } else {
        expect(conflicts).toEqual([]);
      }
      const states = await sql()<{ state: string }[]>`select distinct state from reviews order by state`;
      expect(states.map((s) => s.state)).toEqual(
        ['closed', 'draft', 'focus_agreed', 'in_review', 'self_review'].sort(),
      );
      // Fenbrook's review is on its first review day: that day when loaded on a school day.
      const [fenbrook] = await sql()<{ startsOn: string }[]>`
        select starts_on::text from reviews where id = ${DEMO_REVIEW_ID}`;
      if (dayName === 'november' || dayName === 'friday') {
        expect(fenbrook?.startsOn).toBe(today.toISOString().slice(0, 10));
      }
    });

    it("keeps last year's review finished end to end", async () => {
      const closed = await closedReviewContents(sql());
      expect(closed).toMatchObject({
        state: 'closed',
        hasFocus: true,
        signOffs: ['host_headteacher', 'lead_reviewer'],
        findingKinds: ['development', 'question', 'strength'],
        everyFindingCitesEvidence: true,
        emptyWorkshopSections: [],
      });
      expect(closed.history.at(0)).toBe('draft');
      expect(closed.history.at(-1)).toBe('closed');
      // Every state, and the self-review's submission (a step that stays at `self_review`).
      expect(closed.history).toHaveLength(16);
      expect(closed.sessionKinds).toEqual(
        ['feedback_meeting', 'impact_review', 'improvement_workshop', 'pre_review_meeting', 'review_day'].sort(),
      );
      expect(closed.evidence).toBeGreaterThanOrEqual(8);
      expect(closed.feedback.date).not.toBe('');
      expect(closed.feedback.hostResponse).not.toBe('');
      expect(closed.actions.length).toBeGreaterThan(0);
      expect(closed.actions.every((a) => a.owner && a.due && a.status === 'complete')).toBe(true);
      // The action records follow the plan in the document, each complete with its history.
      expect(closed.records).toEqual(closed.actions.map(() => ({ same: true, status: 'complete', updates: 2 })));
      // Two huddles recorded; the last rated every action green, which let the host close the review.
      const rated = closed.actions.length;
      expect(closed.checkpoints).toEqual([
        { recorded: true, rated, allGreen: false, impact: true },
        { recorded: true, rated, allGreen: true, impact: true },
      ]);
    });

    it('records safeguarding contacts for every school and a LADO for every local authority', async () => {
      const { contacts, authorities, expectedAuthorities } = await demoContacts(sql());
      for (const school of demoSchools) {
        expect(
          contacts.filter((c) => c.school === school.name && c.role === 'dsl'),
          school.name,
        ).toHaveLength(1);
      }
      expect(contacts.filter((c) => c.school === 'Fenbrook Primary')).toEqual([
        { school: 'Fenbrook Primary', role: 'deputy_dsl', email: 'english.lead@fenbrook.demo' },
        { school: 'Fenbrook Primary', role: 'dsl', email: 'link.lead@fenbrook.demo' },
      ]);
      expect(authorities).toHaveLength(demoSchools.length);
      for (const authority of authorities) {
        const expected = expectedAuthorities[authority.name];
        expect(authority).toEqual({
          name: authority.name,
          code: expected?.code,
          ladoName: expected?.ladoName,
          ladoEmail: expected?.ladoEmail,
          ladoPhone: expected?.ladoPhone,
        });
        expect(authority.ladoEmail).toMatch(/^lado@[a-z]+\.demo$/);
      }
      // Half terms and INSET days differ between authorities, so the calendars and suggested days show something.
      const holidays = await holidaysByAuthority(sql());
      expect(holidays.size).toBe(demoSchools.length);
      expect(new Set(holidays.values()).size).toBeGreaterThan(2);
      expect([...holidays.values()].some((kinds) => kinds.includes('inset_day'))).toBe(true);
    });

    if (dayName === 'saturday' || engine === 'embedded') {
      it("signs in the year's new accounts with their roles", async () => {
        for (const [email, school, role] of YEAR_ACCOUNTS) {
          const response = await new HttpClient(server.url).login(email, DEMO_PASSWORD);
          expect(response.status, email).toBe(200);
          const [row] = await sql()<{ school: string; role: string }[]>`
            select s.name as school, sm.role from school_members sm join schools s on s.id = sm.school_id
            join users u on u.id = sm.user_id where u.email = ${email}`;
          expect(row, email).toEqual({ school, role });
        }
        const associate = new HttpClient(server.url);
        expect((await associate.login('associate@crosswalk.demo', DEMO_PASSWORD)).status).toBe(200);
        const [roles] = await sql()<{ roles: string[] }[]>`
          select array_agg(pm.role) as roles from partnership_members pm join users u on u.id = pm.user_id
          where u.email = 'associate@crosswalk.demo'`;
        expect(roles?.roles).toEqual(['facilitator']);
        // The partnership lead finds the published rota on the rota page's API.
        const lead = new HttpClient(server.url);
        await lead.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
        const { academicYear } = await demoRotaConflicts(sql());
        const view = await lead.get(`/api/partnerships/${demoPartnership.id}/rota?year=${academicYear}`);
        expect(view.status).toBe(200);
        const body = view.body as RotaView;
        expect(body.draft?.conflicts).toEqual([]);
        expect(body.draft?.published).toHaveLength(demoSchools.length);
        // The host head sees both Fenbrook reviews: this year's under way and last year's closed.
        const head = new HttpClient(server.url);
        await head.login('host.head@fenbrook.demo', DEMO_PASSWORD);
        const reviews = ((await head.get('/api/reviews')).body as { reviews: { id: string; state: string }[] }).reviews;
        expect(reviews).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: DEMO_REVIEW_ID, state: 'in_review' }),
            expect.objectContaining({ id: DEMO_CLOSED_REVIEW_ID, state: 'closed' }),
          ]),
        );
        // Its finished review opens with its team, sessions and document, as any review does.
        const closed = await head.get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}`);
        expect(closed.status).toBe(200);
        expect(closed.body).toMatchObject({ id: DEMO_CLOSED_REVIEW_ID, state: 'closed' });
        expect((closed.body as { sessions: unknown[] }).sessions).toHaveLength(6);
        expect((closed.body as { team: unknown[] }).team).toHaveLength(6);
        expect((await head.get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}/collab`)).status).toBe(200);
        const signOffs = await head.get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}/sign-offs`);
        expect((signOffs.body as { signOffs: unknown[] }).signOffs).toHaveLength(2);
        // Someone from a school with no part in it sees nothing of it.
        const outsider = new HttpClient(server.url);
        await outsider.login('head@northgate.demo', DEMO_PASSWORD);
        expect((await outsider.get(`/api/reviews/${DEMO_CLOSED_REVIEW_ID}`)).status).toBe(404);
      });

      it('changes nothing when loaded a second time, even on another day', async () => {
        const before = await demoFingerprint(sql());
        await loadDemo(sql(), createLogger('silent'), { today });
        await loadDemo(sql(), createLogger('silent'), { today: LOAD_DAYS.november });
        expect(await demoFingerprint(sql())).toEqual(before);
      });
    }
  });
}
