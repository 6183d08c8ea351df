import { whenInWords, type Notification, type NotificationPreferences } from '@crosswalk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { writeSelfReview } from '../support/lifecycle.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';

const PARTNERSHIP_LEAD = 'partnership.lead@crosswalk.demo';
const HOST_HEAD = 'reviewer@hempshill.demo'; // Hempshill's head hosts the review made here
const LEAD = 'lead.reviewer@summercroft.demo';
const PEER = 'reviewer@princerock.demo';
const FENBROOK_DSL = 'link.lead@fenbrook.demo';
const FENBROOK_LEAD = 'lead.reviewer@summercroft.demo';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

export type Engine = 'postgres' | 'embedded';

interface Mail {
  toAddress: string;
  subject: string;
  bodyText: string;
  calendar: { method: string; filename: string; content: string } | null;
}

/** iCalendar content lines, unfolded (RFC 5545 3.1), so properties can be checked one by one. */
function icsLines(content: string): string[] {
  return content
    .replace(/\r\n[ \t]/g, '')
    .split(/\r\n/)
    .filter(Boolean);
}

function icsValue(content: string, name: string): string | undefined {
  return icsLines(content)
    .find((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    ?.replace(/^[^:]*:/, '');
}

/**
 * Notifications end to end on one database: who is told of each kind, the email beside each notice with its
 * calendar invitation, reminders and digests at fixed times, preferences, and nobody reaching another's notices.
 */
export function notificationsSuite(engine: Engine): void {
  describe(`notifications (${engine})`, () => {
    let server: TestServer;
    let reviewId: string;
    const ids: Record<string, string> = {};
    const as: Record<string, HttpClient> = {};
    const client = (email: string) => as[email] as HttpClient;
    const id = (email: string) => ids[email] ?? '';

    const mailTo = async (email: string, subject: RegExp): Promise<Mail[]> => {
      const rows = await server.crosswalk.db.sql<Mail[]>`
        select to_address, subject, body_text, calendar from mail_outbox where to_address = ${email}
        order by created_at`;
      return rows.filter((row) => subject.test(row.subject));
    };
    const noticesOf = async (email: string, kind?: Notification['kind']) => {
      const body = (await client(email).get('/api/notifications')).body as { notifications: Notification[] };
      return body.notifications.filter((n) => !kind || n.kind === kind);
    };
    const countOf = async (email: string, kind: Notification['kind']) => (await noticesOf(email, kind)).length;

    beforeAll(async () => {
      server = await startTestServer({ embedded: engine === 'embedded' });
      await withDemoData(server);
      for (const row of await server.crosswalk.db.sql<{ id: string; email: string }[]>`select id, email from users`) {
        ids[row.email] = row.id;
      }
      for (const email of [PARTNERSHIP_LEAD, HOST_HEAD, LEAD, PEER, FENBROOK_DSL]) {
        as[email] = new HttpClient(server.url);
        await client(email).login(email, DEMO_PASSWORD);
      }
      const created = await client(PARTNERSHIP_LEAD).post('/api/reviews', {
        partnershipId: CLUSTER,
        hostSchoolId: HEMPSHILL,
        academicYear: '2026-27',
        startsOn: '2027-03-02',
        endsOn: '2027-03-03',
      });
      reviewId = (created.body as { id: string }).id;
    }, STARTUP_TIMEOUT_MS);
    afterAll(() => server.close());

    it('tells a person added to the team, in the app and by email, naming only the school and role', async () => {
      const added = await client(PARTNERSHIP_LEAD).post(`/api/reviews/${reviewId}/team`, {
        userId: id(LEAD),
        role: 'lead_reviewer',
      });
      expect(added.status).toBe(201);
      await client(PARTNERSHIP_LEAD).post(`/api/reviews/${reviewId}/team`, { userId: id(PEER), role: 'peer_reviewer' });
      await expect.poll(() => noticesOf(LEAD, 'team_added')).toHaveLength(1);
      const [notice] = await noticesOf(LEAD, 'team_added');
      expect(notice).toMatchObject({
        text: 'You have been added to the peer review of Hempshill Primary as lead reviewer.',
        href: `/reviews/${reviewId}`,
        readAt: null,
      });
      expect(Object.keys(notice ?? {}).sort()).toEqual(['createdAt', 'href', 'id', 'kind', 'readAt', 'text']);
      await expect.poll(() => mailTo(LEAD, /joined the peer review of Hempshill Primary/)).toHaveLength(1);
      const [mail] = await mailTo(LEAD, /joined the peer review/);
      expect(mail?.bodyText).toContain(`/reviews/${reviewId}`);
      // The partnership lead made the change, and is not told of it.
      expect(await countOf(PARTNERSHIP_LEAD, 'team_added')).toBe(0);
    });

    it('tells the role that must act next when the review moves on, not the person who moved it', async () => {
      expect(
        (await client(HOST_HEAD).post(`/api/reviews/${reviewId}/transitions`, { action: 'accept_slot' })).status,
      ).toBe(200);
      await client(LEAD).request('PUT', `/api/reviews/${reviewId}/focus`, {
        question: 'To what extent is maths mastery embedded in KS2?',
        rationale: 'New scheme introduced last year.',
        themes: ['looking_inward'],
        subQuestions: ['Consistency of the model', 'Use of manipulatives'],
        outOfScope: ['Individual teacher appraisal'],
      });
      await writeSelfReview(server, reviewId);
      expect(
        (await client(HOST_HEAD).post(`/api/reviews/${reviewId}/transitions`, { action: 'submit_self_review' })).status,
      ).toBe(200);
      const agreed = await client(HOST_HEAD).post(`/api/reviews/${reviewId}/transitions`, { action: 'agree_focus' });
      expect(agreed.status).toBe(200);
      await expect.poll(() => noticesOf(LEAD, 'review_state_changed')).toHaveLength(1);
      const [notice] = await noticesOf(LEAD, 'review_state_changed');
      expect(notice?.text).toBe(
        'The peer review of Hempshill Primary is now at "Focus agreed". Next, you can confirm the plan.',
      );
      await expect.poll(() => mailTo(LEAD, /Focus agreed/)).toHaveLength(1);
      const [mail] = await mailTo(LEAD, /Focus agreed/);
      // Emails leave Crosswalk: never the enquiry question or anything else written in the review.
      expect(mail?.bodyText).not.toMatch(/maths|mastery|scheme/i);
      expect(await countOf(HOST_HEAD, 'review_state_changed')).toBe(0);
      expect(await countOf(PEER, 'review_state_changed')).toBe(0);
    });

    let sessionId: string;

    it('sends everyone taking part an iCalendar REQUEST when a session is scheduled', async () => {
      const scheduled = await client(LEAD).post(`/api/reviews/${reviewId}/sessions`, {
        kind: 'review_day',
        title: 'Review day 1',
        startsAt: '2027-03-02T09:00:00Z',
        endsAt: '2027-03-02T15:30:00Z',
      });
      expect(scheduled.status).toBe(201);
      sessionId = (scheduled.body as { sessions: { id: string }[] }).sessions[0]?.id ?? '';
      for (const email of [HOST_HEAD, LEAD, PEER]) {
        await expect.poll(() => mailTo(email, /^Invitation: Review day 1/)).toHaveLength(1);
      }
      // Notices are written after their emails: wait for the notice, not only the mail.
      await expect.poll(() => countOf(PEER, 'session_scheduled')).toBe(1);
      const [peerNotice] = await noticesOf(PEER, 'session_scheduled');
      expect(peerNotice?.text).toBe(
        'A review day for the peer review of Hempshill Primary is arranged for Tuesday 2 March 2027 at 09:00.',
      );
      const [mail] = await mailTo(PEER, /^Invitation: Review day 1/);
      const ics = mail?.calendar?.content ?? '';
      expect(mail?.calendar?.method).toBe('REQUEST');
      expect(icsValue(ics, 'METHOD')).toBe('REQUEST');
      expect(icsValue(ics, 'UID')).toBe(`${sessionId}@crosswalk`);
      expect(icsValue(ics, 'SEQUENCE')).toBe('0');
      expect(icsValue(ics, 'DTSTART')).toBe('20270302T090000Z');
      expect(icsValue(ics, 'ATTENDEE')?.toLowerCase()).toBe(`mailto:${PEER}`);
      expect(icsValue(ics, 'ORGANIZER')).toMatch(/^mailto:/);
      // The partnership lead is only a guest of review days: not invited.
      expect(await mailTo(PARTNERSHIP_LEAD, /^Invitation:/)).toHaveLength(0);
    });

    it('sends an update with the same UID and the next SEQUENCE when the session moves', async () => {
      // A peer reviewer reads the timetable but does not change it.
      const refused = await client(PEER).request('PATCH', `/api/reviews/${reviewId}/sessions/${sessionId}`, {
        startsAt: '2027-03-04T09:00:00Z',
        endsAt: '2027-03-04T15:30:00Z',
      });
      expect(refused.status).toBe(403);
      const moved = await client(LEAD).request('PATCH', `/api/reviews/${reviewId}/sessions/${sessionId}`, {
        startsAt: '2027-03-03T09:00:00Z',
        endsAt: '2027-03-03T15:30:00Z',
      });
      expect(moved.status).toBe(200);
      await expect.poll(() => mailTo(PEER, /^Moved: Review day 1/)).toHaveLength(1);
      const [mail] = await mailTo(PEER, /^Moved: Review day 1/);
      const ics = mail?.calendar?.content ?? '';
      expect(icsValue(ics, 'METHOD')).toBe('REQUEST');
      expect(icsValue(ics, 'UID')).toBe(`${sessionId}@crosswalk`);
      expect(icsValue(ics, 'SEQUENCE')).toBe('1');
      expect(icsValue(ics, 'DTSTART')).toBe('20270303T090000Z');
      await expect.poll(() => countOf(PEER, 'session_moved')).toBe(1);
      expect((await noticesOf(PEER, 'session_moved'))[0]?.text).toBe(
        'The review day for the peer review of Hempshill Primary has moved to Wednesday 3 March 2027 at 09:00.',
      );
    });

    it('reminds each participant a day and an hour before, once each however often the scheduler runs', async () => {
      const reminders = async () => {
        const [row] = await server.crosswalk.db.sql<{ n: number }[]>`
          select count(*)::int as n from session_reminders where session_id = ${sessionId}`;
        return row?.n ?? 0;
      };
      await server.crosswalk.notificationsTick(new Date('2027-03-01T12:00:00Z'));
      expect(await reminders()).toBe(0);
      await server.crosswalk.notificationsTick(new Date('2027-03-02T10:00:00Z'));
      await server.crosswalk.notificationsTick(new Date('2027-03-02T10:01:00Z'));
      // Two processes finding the same reminder at once still send it once.
      await Promise.all([
        server.crosswalk.notificationsTick(new Date('2027-03-02T10:02:00Z')),
        server.crosswalk.notificationsTick(new Date('2027-03-02T10:02:00Z')),
      ]);
      expect(await reminders()).toBe(3);
      expect((await noticesOf(PEER, 'session_reminder')).map((n) => n.text)).toEqual([
        'Reminder: the review day for the peer review of Hempshill Primary starts tomorrow at 09:00.',
      ]);
      await server.crosswalk.notificationsTick(new Date('2027-03-03T08:15:00Z'));
      await server.crosswalk.notificationsTick(new Date('2027-03-03T08:16:00Z'));
      expect(await reminders()).toBe(6);
      expect((await noticesOf(PEER, 'session_reminder')).map((n) => n.text)).toEqual([
        'Reminder: the review day for the peer review of Hempshill Primary starts in an hour, at 09:00.',
        'Reminder: the review day for the peer review of Hempshill Primary starts tomorrow at 09:00.',
      ]);
      expect(await mailTo(PEER, /^Reminder:/)).toHaveLength(2);
    });

    it('sends a CANCEL with the same UID when the session is cancelled', async () => {
      const cancelled = await client(LEAD).request('DELETE', `/api/reviews/${reviewId}/sessions/${sessionId}`);
      expect(cancelled.status).toBe(200);
      await expect.poll(() => mailTo(HOST_HEAD, /^Cancelled: Review day 1/)).toHaveLength(1);
      const [mail] = await mailTo(HOST_HEAD, /^Cancelled: Review day 1/);
      const ics = mail?.calendar?.content ?? '';
      expect(mail?.calendar?.method).toBe('CANCEL');
      expect(icsValue(ics, 'METHOD')).toBe('CANCEL');
      expect(icsValue(ics, 'UID')).toBe(`${sessionId}@crosswalk`);
      expect(icsValue(ics, 'SEQUENCE')).toBe('2');
      expect(icsValue(ics, 'STATUS')).toBe('CANCELLED');
      await expect.poll(() => countOf(HOST_HEAD, 'session_cancelled')).toBe(1);
    });

    it('tells a person taken off the team', async () => {
      const removed = await client(PARTNERSHIP_LEAD).request('DELETE', `/api/reviews/${reviewId}/team/${id(PEER)}`);
      expect(removed.status).toBe(200);
      await expect.poll(() => noticesOf(PEER, 'team_removed')).toHaveLength(1);
      expect((await noticesOf(PEER, 'team_removed'))[0]).toMatchObject({
        text: 'You are no longer on the team for the peer review of Hempshill Primary.',
        href: '/',
      });
      await expect.poll(() => mailTo(PEER, /no longer on the peer review of Hempshill/)).toHaveLength(1);
    });

    it('invites someone who joins after a session was planned, and takes it out of their calendar when they leave', async () => {
      // Well ahead of today, whatever today is: only sessions still to come are sent to a newcomer.
      const day = new Date(Date.now() + 400 * 24 * 3_600_000).toISOString().slice(0, 10);
      const planned = await client(LEAD).post(`/api/reviews/${reviewId}/sessions`, {
        kind: 'review_day',
        title: 'Late review day',
        startsAt: `${day}T09:00:00Z`,
        endsAt: `${day}T15:00:00Z`,
        confirmNonSchoolDay: true,
      });
      expect(planned.status).toBe(201);
      const late = (planned.body as { sessions: { id: string; title: string }[] }).sessions.find(
        (s) => s.title === 'Late review day',
      );
      await expect.poll(() => mailTo(HOST_HEAD, /^Invitation: Late review day/)).toHaveLength(1);
      expect(await mailTo(PEER, /Late review day/)).toHaveLength(0);

      const joined = await client(PARTNERSHIP_LEAD).post(`/api/reviews/${reviewId}/team`, {
        userId: id(PEER),
        role: 'peer_reviewer',
      });
      expect(joined.status).toBe(201);
      await expect.poll(() => mailTo(PEER, /^Invitation: Late review day/)).toHaveLength(1);
      const [invitation] = await mailTo(PEER, /^Invitation: Late review day/);
      expect(invitation?.calendar?.method).toBe('REQUEST');
      expect(icsValue(invitation?.calendar?.content ?? '', 'UID')).toBe(`${late?.id}@crosswalk`);

      await client(PARTNERSHIP_LEAD).request('DELETE', `/api/reviews/${reviewId}/team/${id(PEER)}`);
      await expect.poll(() => mailTo(PEER, /^No longer for you: Late review day/)).toHaveLength(1);
      const [withdrawal] = await mailTo(PEER, /^No longer for you: Late review day/);
      expect(withdrawal?.calendar?.method).toBe('CANCEL');
      expect(icsValue(withdrawal?.calendar?.content ?? '', 'UID')).toBe(`${late?.id}@crosswalk`);
      expect(withdrawal?.bodyText).toContain('You no longer take part in the review day');
      // The session goes ahead for everyone else.
      expect(await mailTo(HOST_HEAD, /Late review day/)).toHaveLength(1);
      // In the app, joining and leaving the team are the notices; the invitations are for their calendar.
      const when = whenInWords(new Date(`${day}T09:00:00Z`));
      expect((await noticesOf(PEER)).filter((n) => n.text.includes(when))).toHaveLength(0);
    });

    it("tells the host school's designated safeguarding lead in the app when a concern is raised", async () => {
      const [day] = await server.crosswalk.db.sql<{ id: string }[]>`
        select id from review_sessions where review_id = ${FENBROOK_REVIEW} and kind = 'review_day' limit 1`;
      const lead = new HttpClient(server.url);
      await lead.login(FENBROOK_LEAD, DEMO_PASSWORD);
      const raised = await lead.post(`/api/sessions/${day?.id ?? ''}/safeguarding-concerns`, {
        aboutHeadteacher: false,
      });
      expect(raised.status).toBe(201);
      await expect.poll(() => noticesOf(FENBROOK_DSL, 'safeguarding_concern')).toHaveLength(1);
      const [notice] = await noticesOf(FENBROOK_DSL, 'safeguarding_concern');
      expect(notice?.text).toMatch(
        /^A safeguarding concern was raised during a session of the peer review of Fenbrook Primary on /,
      );
      // The email is the one the safeguarding button always sends; the notice adds no second one.
      expect(await mailTo(FENBROOK_DSL, /Safeguarding concern/)).toHaveLength(1);
    });

    it('respects "in Crosswalk only": the notice is written, no email is sent', async () => {
      const prefs = client(PEER);
      expect((await prefs.get('/api/me/notification-preferences')).body).toEqual({
        channel: 'email',
        dailyDigest: false,
      });
      const bad = await prefs.request('PUT', '/api/me/notification-preferences', { channel: 'pigeon', dailyDigest: 1 });
      expect(bad.status).toBe(400);
      expect((bad.body as ErrorBody).error.fields?.map((f) => f.path).sort()).toEqual(['channel', 'dailyDigest']);
      const choice: NotificationPreferences = { channel: 'in_app', dailyDigest: true };
      expect((await prefs.request('PUT', '/api/me/notification-preferences', choice)).body).toEqual(choice);
      expect((await prefs.get('/api/me/notification-preferences')).body).toEqual(choice);
      const [noticesBefore, mailsBefore] = [await countOf(PEER, 'team_added'), (await mailTo(PEER, /./)).length];
      await client(PARTNERSHIP_LEAD).post(`/api/reviews/${reviewId}/team`, { userId: id(PEER), role: 'peer_reviewer' });
      await expect.poll(() => noticesOf(PEER, 'team_added')).toHaveLength(noticesBefore + 1);
      expect(await mailTo(PEER, /./)).toHaveLength(mailsBefore);
    });

    it('sends a daily digest of what is unread, once a day, from 07:00 London time', async () => {
      const digests = () => mailTo(PEER, /^Your Crosswalk summary/);
      await server.crosswalk.notificationsTick(new Date('2027-03-04T06:30:00Z'));
      expect(await digests()).toHaveLength(0);
      await server.crosswalk.notificationsTick(new Date('2027-03-04T07:30:00Z'));
      await server.crosswalk.notificationsTick(new Date('2027-03-04T12:00:00Z'));
      const sent = await digests();
      expect(sent).toHaveLength(1);
      const unread = await noticesOf(PEER);
      expect(sent[0]?.subject).toBe(`Your Crosswalk summary: ${unread.length} new notifications`);
      for (const notice of unread) {
        expect(sent[0]?.bodyText).toContain(notice.text);
      }
      // Nothing new since: the next day's digest has nothing to say, so no email.
      await server.crosswalk.notificationsTick(new Date('2027-03-05T07:30:00Z'));
      expect(await digests()).toHaveLength(1);
    });

    it("marks read one at a time or all at once; another person's notification is a 404", async () => {
      const [first] = await noticesOf(PEER);
      const other = (await noticesOf(LEAD))[0];
      expect((await client(PEER).post(`/api/notifications/${other?.id ?? ''}/read`, {})).status).toBe(404);
      expect((await noticesOf(LEAD)).find((n) => n.id === other?.id)?.readAt).toBeNull();
      expect((await client(PEER).post('/api/notifications/not-an-id/read', {})).status).toBe(404);
      expect((await client(PEER).post(`/api/notifications/${first?.id ?? ''}/read`, {})).status).toBe(204);
      const unread = (await client(PEER).get('/api/notifications?unread=1')).body as { notifications: Notification[] };
      expect(unread.notifications.map((n) => n.id)).not.toContain(first?.id);
      expect((await client(PEER).get('/api/notifications/unread-count')).body).toEqual({
        unread: unread.notifications.length,
      });
      expect((await client(PEER).post('/api/notifications/read-all', {})).status).toBe(200);
      expect((await client(PEER).get('/api/notifications/unread-count')).body).toEqual({ unread: 0 });
      expect((await noticesOf(LEAD)).every((n) => n.readAt === null)).toBe(true);
      expect((await new HttpClient(server.url).get('/api/notifications')).status).toBe(401);
    });
  });
}
