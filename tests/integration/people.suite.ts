import {
  CloseCode,
  type AccountList,
  type AuditPage,
  type CollabTicketAnswer,
  type RoomJoinResult,
  type SchoolStaff,
} from '@crosswalk/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connectClient, type TestClient } from '../../realtime/test/support/collab-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { connectSessionSocket, type SessionClient } from '../support/session-socket.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { addFenbrookTeacher, FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';

/** Starting the embedded database (PGlite) and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;
const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';
const NORTHGATE = '6b1d0000-0000-4000-8000-000000000106';
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';

/** A live connection to the review's first enquiry-document part, as the person's browser would open it. */
export async function openReviewDocument(baseUrl: string, http: HttpClient): Promise<TestClient> {
  const access = (await http.get(`/api/reviews/${FENBROOK_REVIEW}/collab`)).body as CollabTicketAnswer;
  const client = connectClient(`${baseUrl.replace('http', 'ws')}/collab`, access.documents[0]?.name ?? '', {
    ticket: access.ticket,
  });
  await client.synced();
  return client;
}

/** The first review day of the demo review, whose video room the reviewers may join. */
export async function firstReviewDay(server: TestServer): Promise<string> {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${FENBROOK_REVIEW} and kind = 'review_day'
    order by starts_at limit 1`;
  return row?.id ?? '';
}

/** Waits until the person's live document and socket are closed as signed out, and checks their session is over. */
export async function expectSignedOutEverywhere(
  document: TestClient,
  disconnected: string[],
  http: HttpClient,
): Promise<void> {
  await vi.waitFor(
    () => {
      expect(document.closeCodes).toContain(CloseCode.signedOut);
      expect(disconnected).toContain('io server disconnect');
    },
    { timeout: 20_000, interval: 50 },
  );
  expect((await http.get('/api/me')).status).toBe(401);
}

/**
 * A school's staff (list, invite, role changes, removal), switching accounts off and on, and the administrators'
 * audit log, through the HTTP API with real live-document and video-room connections, on a PostgreSQL server or the
 * embedded PGlite.
 */
export function peopleSuite(engine: 'postgres' | 'embedded'): void {
  let server: TestServer;
  let sockets: SessionClient[] = [];
  let clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer({ embedded: engine === 'embedded' });
    await withDemoData(server);
  }, STARTUP_TIMEOUT_MS);
  afterEach(() => {
    for (const socket of sockets) {
      socket.disconnect();
    }
    sockets = [];
    for (const client of clients) {
      client.destroy();
    }
    clients = [];
  });
  afterAll(() => server.close());

  async function signedIn(email: string): Promise<HttpClient> {
    const client = new HttpClient(server.url);
    expect((await client.login(email, DEMO_PASSWORD)).status).toBe(200);
    return client;
  }

  async function idOf(email: string): Promise<string> {
    const [row] = await server.crosswalk.db.sql<{ id: string }[]>`select id from users where email = ${email}`;
    if (!row) {
      throw new Error(`no account ${email}`);
    }
    return row.id;
  }

  async function auditActions(subjectId: string): Promise<{ action: string; detail: Record<string, unknown> }[]> {
    return server.crosswalk.db.sql<{ action: string; detail: Record<string, unknown> }[]>`
      select action, detail from audit_events where subject_id = ${subjectId} order by id`;
  }

  async function openDocument(http: HttpClient): Promise<TestClient> {
    const client = await openReviewDocument(server.url, http);
    clients.push(client);
    return client;
  }

  async function openSocket(http: HttpClient): Promise<{ socket: SessionClient; disconnected: string[] }> {
    const socket = await connectSessionSocket(server.url, http.cookieHeader);
    sockets.push(socket);
    const disconnected: string[] = [];
    socket.on('disconnect', (reason) => disconnected.push(reason));
    return { socket, disconnected };
  }

  describe(`a school's staff page (${engine})`, () => {
    it('lists the staff for the head, the partnership lead and administrators, who may manage it', async () => {
      for (const email of ['host.head@fenbrook.demo', 'partnership.lead@crosswalk.demo', 'admin@crosswalk.demo']) {
        const response = await (await signedIn(email)).get(`/api/schools/${FENBROOK}/staff`);
        expect(response.status).toBe(200);
        const staff = response.body as SchoolStaff;
        expect(staff.school).toEqual({ id: FENBROOK, name: 'Fenbrook Primary' });
        expect(staff.canManage).toBe(true);
        expect(staff.members.map((m) => [m.email, m.role])).toEqual(
          expect.arrayContaining([
            ['host.head@fenbrook.demo', 'headteacher'],
            ['link.lead@fenbrook.demo', 'senior_leader'],
          ]),
        );
      }
    });

    it('lets the lead of the cluster’s parent partnership manage the staff too', async () => {
      const { sql } = server.crosswalk.db;
      const leadId = await addFenbrookTeacher(server, 'county.lead@crosswalk.demo', 'County Lead');
      await sql`delete from school_members where user_id = ${leadId}`;
      const [parent] = await sql<{ id: string }[]>`
        insert into partnerships (name, kind) values ('County partnership', 'local') returning id`;
      await sql`update partnerships set parent_id = ${parent?.id ?? null} where id = ${CLUSTER}`;
      await sql`
        insert into partnership_members (partnership_id, user_id, role)
        values (${parent?.id ?? null}, ${leadId}, 'partnership_lead')`;
      try {
        const response = await (await signedIn('county.lead@crosswalk.demo')).get(`/api/schools/${FENBROOK}/staff`);
        expect(response.status).toBe(200);
        expect((response.body as SchoolStaff).canManage).toBe(true);
      } finally {
        await sql`update partnerships set parent_id = null where id = ${CLUSTER}`;
      }
      expect((await (await signedIn('county.lead@crosswalk.demo')).get(`/api/schools/${FENBROOK}/staff`)).status).toBe(
        404,
      );
    });

    it('shows other staff the list without controls, and nobody else that the school exists', async () => {
      const deputy = await (await signedIn('link.lead@fenbrook.demo')).get(`/api/schools/${FENBROOK}/staff`);
      expect(deputy.status).toBe(200);
      const staff = deputy.body as SchoolStaff;
      expect(staff.canManage).toBe(false);
      expect(staff.members.every((m) => !m.canChangeRole && !m.canRemove && !m.canDeactivate)).toBe(true);

      const outsider = await signedIn('head@northgate.demo');
      expect((await outsider.get(`/api/schools/${FENBROOK}/staff`)).status).toBe(404);
      expect((await outsider.get('/api/schools/6b1d0000-0000-4000-8000-00000000ffff/staff')).status).toBe(404);
      expect((await outsider.get('/api/schools/not-an-id/staff')).status).toBe(404);
      expect((await new HttpClient(server.url).get(`/api/schools/${FENBROOK}/staff`)).status).toBe(401);
    });

    it('lets the head invite someone into the school, who appears on the list with the invitation open', async () => {
      const head = await signedIn('host.head@fenbrook.demo');
      const invited = await head.post('/api/invitations', {
        email: 'new.teacher@fenbrook.demo',
        displayName: 'New Teacher',
        school: { schoolId: FENBROOK, role: 'teacher' },
      });
      expect(invited.status).toBe(201);
      const staff = (await head.get(`/api/schools/${FENBROOK}/staff`)).body as SchoolStaff;
      expect(staff.members.find((m) => m.email === 'new.teacher@fenbrook.demo')).toMatchObject({
        role: 'teacher',
        invitationPending: true,
        canDeactivate: true,
      });
      const audit = await auditActions(await idOf('new.teacher@fenbrook.demo'));
      expect(audit).toContainEqual({
        action: 'invitation.created',
        detail: expect.objectContaining({ schoolId: FENBROOK, schoolRole: 'teacher' }) as unknown,
      });
    });

    it('changes a school role, refusing non-managers, outsiders, bad roles and the only head stepping down', async () => {
      const teacher = await addFenbrookTeacher(server, 'role.change@fenbrook.demo', 'Role Change');
      const head = await signedIn('host.head@fenbrook.demo');
      const path = `/api/schools/${FENBROOK}/staff/${teacher}`;

      const changed = await head.request('PATCH', path, { role: 'senior_leader' });
      expect(changed.status).toBe(200);
      expect((changed.body as SchoolStaff).members.find((m) => m.userId === teacher)?.role).toBe('senior_leader');
      expect(await auditActions(teacher)).toContainEqual({
        action: 'staff.role_changed',
        detail: { schoolId: FENBROOK, schoolName: 'Fenbrook Primary', from: 'teacher', to: 'senior_leader' },
      });

      const deputy = await signedIn('link.lead@fenbrook.demo');
      const refused = await deputy.request('PATCH', path, { role: 'headteacher' });
      expect(refused.status).toBe(403);
      expect((refused.body as ErrorBody).error.message).toContain('Only the headteacher');
      expect((await (await signedIn('head@northgate.demo')).request('PATCH', path, { role: 'teacher' })).status).toBe(
        404,
      );
      const invalid = await head.request('PATCH', path, { role: 'caretaker' });
      expect(invalid.status).toBe(400);
      expect((invalid.body as ErrorBody).error.fields?.[0]?.path).toBe('role');
      expect((await head.request('PATCH', path, { role: 'teacher', extra: true })).status).toBe(400);
      const notStaff = await head.request(
        'PATCH',
        `/api/schools/${FENBROOK}/staff/${await idOf('head@northgate.demo')}`,
        {
          role: 'teacher',
        },
      );
      expect(notStaff.status).toBe(404);

      const self = await head.request(
        'PATCH',
        `/api/schools/${FENBROOK}/staff/${await idOf('host.head@fenbrook.demo')}`,
        {
          role: 'teacher',
        },
      );
      expect(self.status).toBe(409);
      expect((self.body as ErrorBody).error.message).toContain('only headteacher');

      // The partnership lead of a cluster the school belongs to may change roles too.
      const lead = await signedIn('partnership.lead@crosswalk.demo');
      expect((await lead.request('PATCH', path, { role: 'support_staff' })).status).toBe(200);
    });

    it('removes a person from the school: their host role and live document close at once, audited', async () => {
      // The host link lead holds the review's enquiry document open when the head removes them from the school.
      const linkLead = await signedIn('link.lead@fenbrook.demo');
      const document = await openDocument(linkLead);
      const linkLeadId = await idOf('link.lead@fenbrook.demo');
      const head = await signedIn('host.head@fenbrook.demo');

      const removed = await head.request('DELETE', `/api/schools/${FENBROOK}/staff/${linkLeadId}`);
      expect(removed.status).toBe(200);
      expect((removed.body as SchoolStaff).members.map((m) => m.userId)).not.toContain(linkLeadId);

      await vi.waitFor(
        () => {
          expect(document.closeCodes).toContain(CloseCode.forbidden);
        },
        { timeout: 20_000, interval: 50 },
      );
      const [host] = await server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from review_members where user_id = ${linkLeadId}`;
      expect(host?.n).toBe(0);
      expect((await linkLead.get(`/api/reviews/${FENBROOK_REVIEW}`)).status).toBe(404);
      expect((await linkLead.get(`/api/schools/${FENBROOK}/staff`)).status).toBe(404);
      expect((await auditActions(linkLeadId)).map((a) => a.action)).toContain('staff.removed');
      expect((await auditActions(FENBROOK_REVIEW)).map((a) => a.action)).toContain('review.member_removed');

      expect((await head.request('DELETE', `/api/schools/${FENBROOK}/staff/${linkLeadId}`)).status).toBe(404);
    });

    it('does not let the only headteacher remove themselves, nor outsiders remove anyone', async () => {
      const head = await signedIn('host.head@fenbrook.demo');
      const self = await head.request(
        'DELETE',
        `/api/schools/${FENBROOK}/staff/${await idOf('host.head@fenbrook.demo')}`,
      );
      expect(self.status).toBe(409);
      const teacher = await addFenbrookTeacher(server, 'stays@fenbrook.demo', 'Stays');
      const outsider = await signedIn('reviewer@hempshill.demo');
      expect((await outsider.request('DELETE', `/api/schools/${FENBROOK}/staff/${teacher}`)).status).toBe(404);
      const staffOnly = await signedIn('stays@fenbrook.demo');
      const refused = await staffOnly.request('DELETE', `/api/schools/${FENBROOK}/staff/${teacher}`);
      expect(refused.status).toBe(403);
    });
  });

  describe(`switching accounts off and on (${engine})`, () => {
    it('ends every live connection, sign-in, invitation and reset link of the account at once', async () => {
      const person = 'reviewer@princerock.demo';
      const personId = await idOf(person);
      const http = await signedIn(person);
      const document = await openDocument(http);
      const { socket, disconnected } = await openSocket(http);
      const joined: RoomJoinResult = await socket.emitWithAck('room.join', { sessionId: await firstReviewDay(server) });
      expect(joined).toMatchObject({ ok: true });

      // An invitation to another school and a password reset link, both still open.
      const admin = await signedIn('admin@crosswalk.demo');
      expect(
        (
          await admin.post('/api/invitations', {
            email: person,
            displayName: 'Peer Reviewer (Prince Rock)',
            school: { schoolId: NORTHGATE, role: 'teacher' },
          })
        ).status,
      ).toBe(201);
      const [invitationMail] = await server.crosswalk.db.sql<{ bodyText: string }[]>`
        select body_text from mail_outbox where to_address = ${person} order by created_at desc limit 1`;
      const invitationToken = /\/invite#([\w-]+)/.exec(invitationMail?.bodyText ?? '')?.[1] ?? '';
      expect(invitationToken).not.toBe('');
      expect((await http.post('/api/invitations/lookup', { token: invitationToken })).status).toBe(200);
      expect((await new HttpClient(server.url).post('/api/auth/password-reset', { email: person })).status).toBe(202);
      await server.crosswalk.services.passwordResets.settled();
      const [resetMail] = await server.crosswalk.db.sql<{ bodyText: string }[]>`
        select body_text from mail_outbox where to_address = ${person} order by created_at desc limit 1`;
      const resetToken = /\/reset-password\?token=([\w-]+)/.exec(resetMail?.bodyText ?? '')?.[1] ?? '';
      expect(resetToken).not.toBe('');

      const response = await admin.post(`/api/people/${personId}/deactivate`);
      expect(response.status).toBe(204);

      await expectSignedOutEverywhere(document, disconnected, http);
      const signIn = await new HttpClient(server.url).login(person, DEMO_PASSWORD);
      expect(signIn.status).toBe(403);
      expect((signIn.body as ErrorBody).error.message).toContain('switched off');
      const wrongPassword = await new HttpClient(server.url).login(person, 'not the password at all');
      expect(wrongPassword.status).toBe(401);
      const visitor = new HttpClient(server.url);
      expect((await visitor.post('/api/invitations/lookup', { token: invitationToken })).status).toBe(404);
      expect((await visitor.post('/api/auth/password-reset/lookup', { token: resetToken })).status).toBe(404);
      // Nobody tells them anything any more: everyone on the team hears that the review ended, but not them.
      const notices = async (email: string) => {
        const [row] = await server.crosswalk.db.sql<{ n: number }[]>`
          select count(*)::int as n from notifications
          where user_id = (select id from users where email = ${email}) and kind = 'review_state_changed'`;
        return row?.n ?? 0;
      };
      const mails = async () => {
        const [row] = await server.crosswalk.db.sql<{ n: number }[]>`
          select count(*)::int as n from mail_outbox where to_address = ${person}`;
        return row?.n ?? 0;
      };
      const [leadBefore, mailsBefore] = [await notices('lead.reviewer@summercroft.demo'), await mails()];
      server.crosswalk.services.events.publish('review.state_changed', {
        reviewId: FENBROOK_REVIEW,
        from: 'in_review',
        to: 'cancelled',
        actorUserId: null,
      });
      await vi.waitFor(async () => {
        expect(await notices('lead.reviewer@summercroft.demo')).toBe(leadBefore + 1);
      });
      expect(await notices(person)).toBe(0);
      expect(await mails()).toBe(mailsBefore);

      // Their history stays: still named on the review team.
      const team = await server.crosswalk.db.sql`
        select 1 from review_members where user_id = ${personId} and review_id = ${FENBROOK_REVIEW}`;
      expect(team.length).toBe(1);
      expect((await auditActions(personId)).map((a) => a.action)).toContain('account.deactivated');
      expect((await admin.post(`/api/people/${personId}/deactivate`)).status).toBe(409);

      // Switched back on by an administrator, the person signs in again; the old reset link stays spent.
      const otherHead = await signedIn('host.head@fenbrook.demo');
      expect((await otherHead.post(`/api/people/${personId}/reactivate`)).status).toBe(404);
      expect((await admin.post(`/api/people/${personId}/reactivate`)).status).toBe(204);
      expect((await new HttpClient(server.url).login(person, DEMO_PASSWORD)).status).toBe(200);
      expect((await visitor.post('/api/auth/password-reset/lookup', { token: resetToken })).status).toBe(404);
      expect((await auditActions(personId)).map((a) => a.action)).toContain('account.reactivated');
    });

    it('lets a head switch off someone only on their staff, and refuses the rest', async () => {
      const head = await signedIn('host.head@fenbrook.demo');
      const teacher = await addFenbrookTeacher(server, 'leaving@fenbrook.demo', 'Leaving Teacher');
      const reviewer = await addFenbrookTeacher(server, 'also.reviews@fenbrook.demo', 'Also Reviews');
      await server.crosswalk.db.sql`
        insert into partnership_members (partnership_id, user_id, role) values (${CLUSTER}, ${reviewer}, 'peer_reviewer')`;

      const partnershipRole = await head.post(`/api/people/${reviewer}/deactivate`);
      expect(partnershipRole.status).toBe(403);
      expect((partnershipRole.body as ErrorBody).error.message).toContain('only an administrator');
      expect((await head.post(`/api/people/${await idOf('lead.reviewer@summercroft.demo')}/deactivate`)).status).toBe(
        404,
      );
      expect((await head.post(`/api/people/${await idOf('host.head@fenbrook.demo')}/deactivate`)).status).toBe(403);
      const lead = await signedIn('partnership.lead@crosswalk.demo');
      expect((await lead.post(`/api/people/${teacher}/deactivate`)).status).toBe(403);
      expect((await head.post('/api/people/not-an-id/deactivate')).status).toBe(404);

      expect((await head.post(`/api/people/${teacher}/deactivate`)).status).toBe(204);
      const staff = (await head.get(`/api/schools/${FENBROOK}/staff`)).body as SchoolStaff;
      expect(staff.members.find((m) => m.userId === teacher)).toMatchObject({
        disabled: true,
        canReactivate: false,
      });
      expect((await head.post(`/api/people/${teacher}/reactivate`)).status).toBe(403);
    });
  });

  describe(`the administrators' list of people (${engine})`, () => {
    it('finds accounts by name or email, with their schools and whether they are switched off', async () => {
      const admin = await signedIn('admin@crosswalk.demo');
      const found = await admin.get('/api/admin/people?search=reviewer%20(PRINCE%20rock');
      expect(found.status).toBe(200);
      const list = found.body as AccountList;
      expect(list.people).toEqual([
        expect.objectContaining({
          email: 'reviewer@princerock.demo',
          schools: ['Senior leader at Prince Rock Primary'],
          partnershipRoleCount: 1,
          disabled: false,
          canDeactivate: true,
          canReactivate: false,
        }),
      ]);
      const off = ((await admin.get('/api/admin/people?search=leaving')).body as AccountList).people;
      expect(off).toEqual([expect.objectContaining({ disabled: true, canDeactivate: false, canReactivate: true })]);
      // A wildcard typed by someone is taken literally.
      expect(((await admin.get('/api/admin/people?search=%25')).body as AccountList).people).toEqual([]);
      const self = ((await admin.get('/api/admin/people?search=admin@crosswalk')).body as AccountList).people;
      expect(self).toEqual([expect.objectContaining({ isAdmin: true, canDeactivate: false })]);
      const all = (await admin.get('/api/admin/people')).body as AccountList;
      expect(all.people.length).toBeGreaterThanOrEqual(9);
    });

    it('refuses everyone but administrators, and bad queries', async () => {
      const admin = await signedIn('admin@crosswalk.demo');
      for (const query of ['page=0', `search=${'x'.repeat(201)}`, 'sort=name']) {
        expect((await admin.get(`/api/admin/people?${query}`)).status, query).toBe(400);
      }
      for (const email of ['partnership.lead@crosswalk.demo', 'host.head@fenbrook.demo']) {
        expect((await (await signedIn(email)).get('/api/admin/people')).status).toBe(403);
      }
    });
  });

  describe(`the audit log (${engine})`, () => {
    it('shows administrators every change to people, newest first, in plain words, filtered and paged', async () => {
      const admin = await signedIn('admin@crosswalk.demo');
      const all = await admin.get('/api/admin/audit');
      expect(all.status).toBe(200);
      const page = all.body as AuditPage;
      expect(page).toMatchObject({ page: 1, pageSize: 50 });
      const times = page.entries.map((e) => Date.parse(e.at));
      expect(times).toEqual([...times].sort((x, y) => y - x));

      const switchedOff = (await admin.get('/api/admin/audit?action=account.deactivated')).body as AuditPage;
      expect(switchedOff.entries.map((e) => e.description)).toEqual(
        expect.arrayContaining([
          'Crosswalk Administrator switched off Peer Reviewer (Prince Rock)’s account',
          'Headteacher (Fenbrook) switched off Leaving Teacher’s account',
        ]),
      );
      expect(switchedOff.entries.every((e) => e.action === 'account.deactivated')).toBe(true);

      const personId = await idOf('reviewer@princerock.demo');
      const theirs = (await admin.get(`/api/admin/audit?person=${personId}`)).body as AuditPage;
      expect(theirs.person).toEqual({ id: personId, displayName: 'Peer Reviewer (Prince Rock)' });
      expect(theirs.entries.map((e) => e.action)).toEqual(
        expect.arrayContaining(['account.deactivated', 'account.reactivated', 'auth.login']),
      );
      expect(theirs.entries.every((e) => e.actor?.id === personId || e.subject?.id === personId)).toBe(true);

      const roles = (await admin.get('/api/admin/audit?action=staff.role_changed')).body as AuditPage;
      expect(roles.entries.map((e) => e.description)).toContain(
        'Headteacher (Fenbrook) changed Role Change’s role at Fenbrook Primary from Teacher to Senior leader',
      );

      // Pages: the second page starts where the first ended.
      await server.crosswalk.db.sql`
        insert into audit_events (action, detail) select 'auth.login_failed', '{}'::jsonb from generate_series(1, 60)`;
      const first = (await admin.get('/api/admin/audit')).body as AuditPage;
      const second = (await admin.get('/api/admin/audit?page=2')).body as AuditPage;
      expect(first.hasMore).toBe(true);
      expect(first.entries).toHaveLength(50);
      expect(second.entries[0]?.id).not.toBe(first.entries[0]?.id);
      expect(new Set([...first.entries, ...second.entries].map((e) => e.id)).size).toBe(
        first.entries.length + second.entries.length,
      );
    });

    it('refuses everyone but administrators, and bad queries', async () => {
      const admin = await signedIn('admin@crosswalk.demo');
      for (const query of ['page=0', 'page=abc', 'action=DROP%20TABLE', 'person=nobody', 'colour=red']) {
        const response = await admin.get(`/api/admin/audit?${query}`);
        expect(response.status, query).toBe(400);
      }
      for (const email of ['partnership.lead@crosswalk.demo', 'host.head@fenbrook.demo']) {
        expect((await (await signedIn(email)).get('/api/admin/audit')).status).toBe(403);
      }
      expect((await new HttpClient(server.url).get('/api/admin/audit')).status).toBe(401);
    });
  });
}
