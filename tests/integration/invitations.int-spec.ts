import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../support/http-client.ts';
import { DEMO_PASSWORD, withDemoData, type ErrorBody } from '../support/fixtures.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;
const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
let otherPartnership: string;
let outsideSchool: string;

beforeAll(async () => {
  server = await startTestServer();
  await withDemoData(server);
  const { sql } = server.crosswalk.db;
  const [partnership] = await sql<{ id: string }[]>`
    insert into partnerships (name, kind) values ('Another Partnership', 'local') returning id`;
  const [school] = await sql<{ id: string }[]>`
    insert into schools (name, phase, county) values ('Outside School', 'secondary', 'Kent') returning id`;
  await sql`insert into partnership_schools values (${partnership?.id ?? ''}, ${school?.id ?? ''})`;
  otherPartnership = partnership?.id ?? '';
  outsideSchool = school?.id ?? '';
});
afterAll(() => server.close());

async function signedIn(email: string): Promise<HttpClient> {
  const client = new HttpClient(server.url);
  expect((await client.login(email, DEMO_PASSWORD)).status).toBe(200);
  return client;
}

async function latestLinkTo(email: string): Promise<string> {
  const admin = await signedIn('admin@crosswalk.demo');
  const outbox = await admin.get('/api/admin/outbox');
  const messages = (outbox.body as { messages: { to: string; text: string }[] }).messages;
  const message = messages.find((m) => m.to === email);
  const match = /\/invite#([\w-]+)/.exec(message?.text ?? '');
  if (!match?.[1]) {
    throw new Error(`no invitation link for ${email} in the outbox`);
  }
  return match[1];
}

describe('invitations', () => {
  it('lets an administrator invite someone, who then sets a password and is signed in', async () => {
    const admin = await signedIn('admin@crosswalk.demo');
    const created = await admin.post('/api/invitations', {
      email: 'New.Teacher@Fenbrook.demo',
      displayName: 'New Teacher',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'new.teacher@fenbrook.demo', acceptedAt: null });

    const token = await latestLinkTo('new.teacher@fenbrook.demo');
    const visitor = new HttpClient(server.url);
    const preview = await visitor.post('/api/invitations/lookup', { token });
    expect(preview.body).toMatchObject({ email: 'new.teacher@fenbrook.demo', invitedBy: 'Crosswalk Administrator' });

    const tooShort = await visitor.post('/api/invitations/accept', { token, password: 'short' });
    expect((tooShort.body as ErrorBody).error.fields?.[0]?.path).toBe('password');

    const accepted = await visitor.post('/api/invitations/accept', { token, password: 'three random words' });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ schools: [{ schoolName: 'Fenbrook Primary', role: 'teacher' }] });
    expect((await visitor.get('/api/me')).status).toBe(200);

    expect((await new HttpClient(server.url).login('new.teacher@fenbrook.demo', 'three random words')).status).toBe(
      200,
    );
  });

  it('makes links single-use', async () => {
    const admin = await signedIn('admin@crosswalk.demo');
    await admin.post('/api/invitations', {
      email: 'once@fenbrook.demo',
      displayName: 'Once Only',
      school: { schoolId: FENBROOK, role: 'support_staff' },
    });
    const token = await latestLinkTo('once@fenbrook.demo');
    const client = new HttpClient(server.url);
    expect((await client.post('/api/invitations/accept', { token, password: 'first password here' })).status).toBe(200);
    const again = await new HttpClient(server.url).post('/api/invitations/accept', {
      token,
      password: 'second password here',
    });
    expect(again.status).toBe(404);
    expect((again.body as ErrorBody).error.id).toBe('invitation_invalid');
  });

  it('refuses an expired link', async () => {
    const admin = await signedIn('admin@crosswalk.demo');
    await admin.post('/api/invitations', {
      email: 'late@fenbrook.demo',
      displayName: 'Late Person',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    const token = await latestLinkTo('late@fenbrook.demo');
    await server.crosswalk.db.sql`update invitations set expires_at = now() - interval '1 minute'
      where user_id = (select id from users where email = 'late@fenbrook.demo')`;
    const response = await new HttpClient(server.url).post('/api/invitations/lookup', { token });
    expect(response.status).toBe(404);
  });

  it('a new invitation replaces the previous link', async () => {
    const admin = await signedIn('admin@crosswalk.demo');
    const body = {
      email: 'twice@fenbrook.demo',
      displayName: 'Twice',
      school: { schoolId: FENBROOK, role: 'teacher' },
    };
    await admin.post('/api/invitations', body);
    const first = await latestLinkTo('twice@fenbrook.demo');
    await admin.post('/api/invitations', body);
    const second = await latestLinkTo('twice@fenbrook.demo');
    expect(second).not.toBe(first);
    expect((await new HttpClient(server.url).post('/api/invitations/lookup', { token: first })).status).toBe(404);
    expect((await new HttpClient(server.url).post('/api/invitations/lookup', { token: second })).status).toBe(200);
  });

  it('lets a partnership lead invite into their own partnership only', async () => {
    const lead = await signedIn('partnership.lead@crosswalk.demo');
    const ok = await lead.post('/api/invitations', {
      email: 'reviewer@newschool.demo',
      displayName: 'New Reviewer',
      partnership: { partnershipId: CLUSTER, role: 'peer_reviewer' },
    });
    expect(ok.status).toBe(201);
    const otherPartnershipAttempt = await lead.post('/api/invitations', {
      email: 'x@elsewhere.demo',
      displayName: 'Elsewhere',
      partnership: { partnershipId: otherPartnership, role: 'peer_reviewer' },
    });
    expect(otherPartnershipAttempt.status).toBe(403);
    const otherSchoolAttempt = await lead.post('/api/invitations', {
      email: 'y@elsewhere.demo',
      displayName: 'Elsewhere',
      school: { schoolId: outsideSchool, role: 'teacher' },
    });
    expect(otherSchoolAttempt.status).toBe(403);
    const options = (await lead.get('/api/invitations/options')).body as {
      schools: { id: string }[];
      partnerships: { id: string }[];
    };
    expect(options.partnerships.map((p) => p.id)).toEqual([CLUSTER]);
    expect(options.schools.map((s) => s.id)).not.toContain(outsideSchool);
    expect(options.schools).toHaveLength(6);
  });

  it('lets a headteacher invite into their own school with a school role, and nowhere else', async () => {
    const head = await signedIn('host.head@fenbrook.demo');
    const own = await head.post('/api/invitations', {
      email: 'z@fenbrook.demo',
      displayName: 'Zed',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    expect(own.status).toBe(201);
    expect((await head.get('/api/invitations')).status).toBe(200);
    const withPartnershipRole = await head.post('/api/invitations', {
      email: 'z2@fenbrook.demo',
      displayName: 'Zed Two',
      school: { schoolId: FENBROOK, role: 'teacher' },
      partnership: { partnershipId: CLUSTER, role: 'peer_reviewer' },
    });
    expect(withPartnershipRole.status).toBe(403);
    const options = (await head.get('/api/invitations/options')).body as {
      schools: { id: string }[];
      partnerships: { id: string }[];
    };
    expect(options).toMatchObject({ schools: [{ id: FENBROOK }], partnerships: [] });
  });

  it('refuses invitations from people who are neither administrators, headteachers nor partnership leads', async () => {
    const deputy = await signedIn('link.lead@fenbrook.demo');
    const response = await deputy.post('/api/invitations', {
      email: 'y@fenbrook.demo',
      displayName: 'Why',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    expect(response.status).toBe(403);
    expect((await deputy.get('/api/invitations')).status).toBe(403);
    const otherHead = await signedIn('head@northgate.demo');
    const elsewhere = await otherHead.post('/api/invitations', {
      email: 'y@fenbrook.demo',
      displayName: 'Why',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    expect(elsewhere.status).toBe(403);
  });

  it('invites an existing account to a new school: accepting while signed in adds the role, no new account', async () => {
    const admin = await signedIn('admin@crosswalk.demo');
    const { sql } = server.crosswalk.db;
    const usersBefore = await sql<{ n: number }[]>`select count(*)::int as n from users`;
    const created = await admin.post('/api/invitations', {
      email: 'head@northgate.demo',
      displayName: 'Ignored For An Existing Account',
      school: { schoolId: outsideSchool, role: 'headteacher' },
    });
    expect(created.status).toBe(201);
    expect(await sql<{ n: number }[]>`select count(*)::int as n from users`).toEqual(usersBefore);
    const token = await latestLinkTo('head@northgate.demo');

    const preview = await new HttpClient(server.url).post('/api/invitations/lookup', { token });
    expect(preview.body).toMatchObject({ existingAccount: true, offers: ['Headteacher at Outside School'] });
    // Not given before it is accepted.
    const head = await signedIn('head@northgate.demo');
    const schoolNames = async () =>
      ((await head.get('/api/me')).body as { schools: { schoolName: string }[] }).schools.map((s) => s.schoolName);
    expect(await schoolNames()).not.toContain('Outside School');

    // No password can be set through it, nobody signed out can use it, nor anybody signed in as someone else.
    const withPassword = await new HttpClient(server.url).post('/api/invitations/accept', {
      token,
      password: 'a brand new password',
    });
    expect(withPassword.status).toBe(404);
    expect((await new HttpClient(server.url).post('/api/invitations/join', { token })).status).toBe(401);
    const other = await (await signedIn('host.head@fenbrook.demo')).post('/api/invitations/join', { token });
    expect(other.status).toBe(403);
    expect((other.body as ErrorBody).error.message).toContain('head@northgate.demo');

    const joined = await head.post('/api/invitations/join', { token });
    expect(joined.status).toBe(200);
    expect(await schoolNames()).toContain('Outside School');
    expect((await head.post('/api/invitations/join', { token })).status).toBe(404);
    expect((await new HttpClient(server.url).login('head@northgate.demo', DEMO_PASSWORD)).status).toBe(200);
  });

  it('refuses to invite a switched-off account', async () => {
    const { sql } = server.crosswalk.db;
    await sql`update users set disabled_at = now() where email = 'reviewer@princerock.demo'`;
    const admin = await signedIn('admin@crosswalk.demo');
    const response = await admin.post('/api/invitations', {
      email: 'reviewer@princerock.demo',
      displayName: 'Again',
      school: { schoolId: FENBROOK, role: 'teacher' },
    });
    expect(response.status).toBe(409);
  });

  it('shows the outbox to administrators only', async () => {
    expect((await (await signedIn('partnership.lead@crosswalk.demo')).get('/api/admin/outbox')).status).toBe(403);
    expect((await new HttpClient(server.url).get('/api/admin/outbox')).status).toBe(401);
  });
});
