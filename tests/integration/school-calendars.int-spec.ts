import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { addAccount, signInAll, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

const ADMIN = 'admin@crosswalk.demo';
const LEAD = 'partnership.lead@crosswalk.demo';
const HEAD = 'host.head@fenbrook.demo';
const LEAD_REVIEWER = 'lead.reviewer@summercroft.demo';
/** Not in the cluster, at no school: learns nothing about any calendar. */
const OUTSIDER = 'outsider@calendars.test';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

/** A fictional local authority's autumn term 2029 (dates after the demo's own term, so they are all known). */
const AUTUMN_2029_CSV = [
  'date_from,date_to,kind,label',
  '2029-09-04,2029-12-19,term,Autumn term',
  '2029-10-29,2029-11-02,half term,Autumn half term',
  '2029-09-04,,inset_day,Training day',
].join('\n');

const ICS = (events: string[]) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Crosswalk tests//EN', ...events, 'END:VCALENDAR'].join('\r\n');
const allDay = (uid: string, from: string, toExclusive: string, summary: string, extra: string[] = []) => [
  'BEGIN:VEVENT',
  `UID:${uid}`,
  'DTSTAMP:20290101T000000Z',
  `DTSTART;VALUE=DATE:${from}`,
  `DTEND;VALUE=DATE:${toExclusive}`,
  `SUMMARY:${summary}`,
  ...extra,
  'END:VEVENT',
];

/** A one-hour session at 10:00 UK time on `day` (autumn 2029 dates are British Summer Time until 28 October). */
const sessionOn = (day: string, extra: Record<string, unknown> = {}) => {
  const offset = day < '2029-10-28' ? '+01:00' : 'Z';
  return {
    kind: 'impact_review',
    title: `Check-in on ${day}`,
    startsAt: `${day}T10:00:00${offset}`,
    endsAt: `${day}T11:00:00${offset}`,
    ...extra,
  };
};

for (const engine of ['postgres', 'embedded'] as const) {
  describe(`school calendars (${engine})`, () => {
    let server: TestServer;
    let as: Record<string, HttpClient>;
    let fenbrook: string;
    let lincolnshire: string;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      const { sql } = server.crosswalk.db;
      await addAccount(server, OUTSIDER, 'Outsider');
      const [school] = await sql<{ id: string; localAuthorityId: string }[]>`
        select id, local_authority_id from schools where name = 'Fenbrook Primary'`;
      fenbrook = school?.id ?? '';
      lincolnshire = school?.localAuthorityId ?? '';
      as = await signInAll(server, [ADMIN, LEAD, HEAD, LEAD_REVIEWER, OUTSIDER]);
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    const client = (email: string) => as[email] as HttpClient;
    const schedule = (body: Record<string, unknown>) =>
      client(LEAD).post(`/api/reviews/${DEMO_REVIEW_ID}/sessions`, body);
    const laPath = () => `/api/calendars/local_authority/${lincolnshire}`;
    const schoolPath = () => `/api/calendars/school/${fenbrook}`;
    const eventCount = async () => {
      const [row] = await server.crosswalk.db.sql<{ n: number }[]>`select count(*)::int as n from calendar_events`;
      return row?.n ?? -1;
    };

    it('imports a local authority CSV in one go and refuses a bad one whole, naming the line', async () => {
      const before = await eventCount();
      const bad = await client(LEAD).post(`${laPath()}/import`, {
        format: 'csv',
        content: `${AUTUMN_2029_CSV}\n2029-12-20,2029-12-18,holiday,Backwards\n2029-13-01,,closure,No such month`,
      });
      expect(bad.status).toBe(400);
      const error = (bad.body as ErrorBody).error;
      expect(error.id).toBe('validation_failed');
      expect(error.message).toMatch(/^Nothing was imported/);
      expect(error.fields?.map((f) => f.path)).toEqual(['line 5', 'line 6']);
      expect(await eventCount()).toBe(before);

      const header = await client(LEAD).post(`${laPath()}/import`, { format: 'csv', content: 'from,to\n2029-01-01,x' });
      expect((header.body as ErrorBody).error.fields?.[0]?.path).toBe('line 1');

      const good = await client(LEAD).post(`${laPath()}/import`, { format: 'csv', content: AUTUMN_2029_CSV });
      expect(good.status).toBe(201);
      expect(good.body).toEqual({ imported: 3, replaced: 0 });
      expect(await eventCount()).toBe(before + 3);
    });

    it('answers 422 not_a_school_day with the reason, unless confirmed', async () => {
      const cases = [
        ['2029-10-30', 'half_term'],
        ['2029-09-04', 'inset_day'],
        ['2029-09-08', 'weekend'],
        ['2029-12-25', 'bank_holiday'],
        ['2029-08-28', 'holiday'], // summer holiday: between known terms
      ] as const;
      for (const [day, reason] of cases) {
        const refused = await schedule(sessionOn(day));
        expect(refused.status, day).toBe(422);
        const error = (refused.body as ErrorBody & { error: { reason: string } }).error;
        expect(error).toMatchObject({ id: 'not_a_school_day', reason });
        expect(error.message).toContain('is not a school day at Fenbrook Primary');
      }
      const halfTerm = await schedule(sessionOn('2029-10-30'));
      expect((halfTerm.body as ErrorBody).error.message).toBe(
        'Tuesday 30 October 2029 is not a school day at Fenbrook Primary: it is half term (Autumn half term). Choose another day, or schedule it anyway if the school has agreed.',
      );
      expect((await schedule(sessionOn('2029-09-05'))).status).toBe(201);

      const confirmed = await schedule(sessionOn('2029-10-30', { confirmNonSchoolDay: true }));
      expect(confirmed.status).toBe(201);
      const [audit] = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from audit_events where action = 'session.scheduled_on_non_school_day'
          and detail->>'reason' = 'half_term'`;
      expect(audit?.n).toBe(1);
    });

    it("lets the headteacher override their own school's days, and see the result", async () => {
      const closure = await client(HEAD).post(`${schoolPath()}/events`, {
        kind: 'closure',
        from: '2029-09-06',
        to: '2029-09-06',
        label: 'Polling station',
      });
      expect(closure.status).toBe(201);
      expect((await schedule(sessionOn('2029-09-06'))).body).toMatchObject({
        error: { id: 'not_a_school_day', reason: 'closure' },
      });
      // The school opens on the Friday of its authority's half term.
      await client(HEAD).post(`${schoolPath()}/events`, { kind: 'term', from: '2029-11-02', to: '2029-11-02' });
      expect((await schedule(sessionOn('2029-11-02'))).status).toBe(201);

      const removed = await client(HEAD).request(
        'DELETE',
        `${schoolPath()}/events/${(closure.body as { id: string }).id}`,
      );
      expect(removed.status).toBe(204);
      expect((await schedule(sessionOn('2029-09-06'))).status).toBe(201);

      const times = await client(HEAD).request('PUT', `/api/schools/${fenbrook}/day-times`, {
        startsAt: '08:40',
        endsAt: '15:20',
      });
      expect(times.status).toBe(200);
      const view = await client(HEAD).get(`/api/schools/${fenbrook}/calendar?from=2029-10-22&to=2029-11-09`);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({
        school: { id: fenbrook, name: 'Fenbrook Primary' },
        dayTimes: { startsAt: '08:40', endsAt: '15:20' },
        terms: [{ from: '2029-09-04', to: '2029-12-19', label: 'Autumn term', scope: 'local_authority' }, {}],
        nonSchoolDays: ['2029-10-29', '2029-10-30', '2029-10-31', '2029-11-01'].map((day) => ({
          day,
          reason: 'half_term',
        })),
      });
      const layers = (view.body as { layers: { scope: string; canEdit: boolean }[] }).layers;
      expect(layers.map((l) => [l.scope, l.canEdit])).toEqual([
        ['local_authority', false],
        ['school', true],
      ]);
    });

    it('suggests days when the host and every school taking part are open and nobody is busy', async () => {
      const suggest = (email: string, query: string) =>
        client(email).get(`/api/reviews/${DEMO_REVIEW_ID}/suggested-days?${query}`);
      const answer = await suggest(LEAD, 'kind=review_day&from=2029-10-24&count=4');
      expect(answer.status).toBe(200);
      const body = answer.body as { schools: string[]; days: { day: string; startsAt: string; endsAt: string }[] };
      // Half term at Fenbrook, then the Friday it opens, when the team already meets (an earlier test put a
      // session there).
      expect(body.days.map((d) => d.day)).toEqual(['2029-10-24', '2029-10-25', '2029-10-26', '2029-11-05']);
      // Fenbrook's day starts at 08:40 (set above); the reviewers' schools keep the usual 08:45 to 15:15.
      expect(body.days[0]).toMatchObject({ startsAt: '08:45', endsAt: '15:15' });
      expect(body.schools).toEqual(expect.arrayContaining(['Fenbrook Primary', 'Summercroft Primary']));
      // The improvement champion takes no part in review days: their school's calendar is not asked.
      expect(body.schools).not.toContain('Little Waltham CE Primary');
      const workshop = (await suggest(LEAD, 'kind=improvement_workshop&from=2029-10-24&count=1')).body as {
        schools: string[];
      };
      expect(workshop.schools).toContain('Little Waltham CE Primary');

      const bad = await suggest(LEAD, 'kind=picnic&from=2029-02-30&count=50');
      expect(bad.status).toBe(400);
      expect((bad.body as ErrorBody).error.fields?.map((f) => f.path).sort()).toEqual(['count', 'from', 'kind']);
      // Only those who plan the timetable ask; a stranger learns nothing of the review.
      expect((await suggest(OUTSIDER, 'kind=review_day&from=2029-10-24')).status).toBe(404);
    });
    it('imports an iCalendar feed, and refuses one it cannot read without storing any of it', async () => {
      const feed = ICS([
        ...allDay('a', '20291105', '20291106', 'INSET day'),
        ...allDay('b', '20291112', '20291114', 'Heating works', ['CATEGORIES:closure']),
      ]);
      const good = await client(HEAD).post(`${schoolPath()}/import`, { format: 'ics', content: feed });
      expect(good.status).toBe(201);
      expect(good.body).toEqual({ imported: 2, replaced: 0 });
      const view = await client(HEAD).get(`/api/schools/${fenbrook}/calendar?from=2029-11-05&to=2029-11-16`);
      expect((view.body as { nonSchoolDays: unknown[] }).nonSchoolDays).toEqual([
        { day: '2029-11-05', reason: 'inset_day', label: 'INSET day' },
        { day: '2029-11-12', reason: 'closure', label: 'Heating works' },
        { day: '2029-11-13', reason: 'closure', label: 'Heating works' },
      ]);

      const before = await eventCount();
      const unknownKind = ICS([
        ...allDay('c', '20291119', '20291120', 'Sports day'),
        ...allDay('d', '20291120', '20291121', 'INSET day'),
      ]);
      const refused = await client(HEAD).post(`${schoolPath()}/import`, { format: 'ics', content: unknownKind });
      expect(refused.status).toBe(400);
      expect((refused.body as ErrorBody).error.fields).toEqual([
        { path: 'event 1 ("Sports day")', message: expect.stringMatching(/cannot tell what kind of day/) as string },
      ]);
      const garbage = await client(HEAD).post(`${schoolPath()}/import`, { format: 'ics', content: 'not a calendar' });
      expect(garbage.status).toBe(400);
      expect(await eventCount()).toBe(before);

      const replaced = await client(HEAD).post(`${schoolPath()}/import`, {
        format: 'ics',
        content: ICS(allDay('e', '20291203', '20291204', 'Staff training day')),
        replace: true,
      });
      expect(replaced.body).toEqual({ imported: 1, replaced: 3 });
    });

    it('shows layers to the cluster, lets leads and admins edit them, and hides them from everyone else', async () => {
      const read = async (email: string, path: string) => (await client(email).get(path)).status;
      const add = async (email: string, path: string) =>
        (await client(email).post(`${path}/events`, { kind: 'closure', from: '2029-12-03', to: '2029-12-03' })).status;
      expect(await read(OUTSIDER, laPath())).toBe(404);
      expect(await read(OUTSIDER, `/api/schools/${fenbrook}/calendar`)).toBe(404);
      expect(await add(OUTSIDER, schoolPath())).toBe(404);
      expect(await read(LEAD_REVIEWER, laPath())).toBe(200);
      expect(await add(LEAD_REVIEWER, laPath())).toBe(403);
      expect(await add(LEAD_REVIEWER, schoolPath())).toBe(403);
      expect(await add(HEAD, laPath())).toBe(403);
      expect(await add(ADMIN, laPath())).toBe(201);
      expect((await client(ADMIN).get(laPath())).body).toMatchObject({ name: 'Lincolnshire', canEdit: true });
      expect(await read(ADMIN, '/api/calendars/local_authority/00000000-0000-4000-8000-000000000000')).toBe(404);
      expect(await read(ADMIN, `/api/calendars/county/${lincolnshire}`)).toBe(404);
      expect(
        (
          await client(HEAD).request('PUT', `/api/schools/${fenbrook}/day-times`, {
            startsAt: '15:00',
            endsAt: '09:00',
          })
        ).status,
      ).toBe(400);

      const [audit] = await server.crosswalk.db.sql<{ actions: string[] }[]>`
        select array_agg(distinct action order by action) as actions from audit_events where action like 'calendar.%'`;
      expect(audit?.actions).toEqual([
        'calendar.day_times_set',
        'calendar.event_added',
        'calendar.event_removed',
        'calendar.imported',
      ]);
    });
  });
}
