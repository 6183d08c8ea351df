import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, signInThrough, type Browser } from '../support/browser.ts';
import { importThreeSchools } from '../support/gias-import.ts';
import { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/**
 * A partnership's year from an empty Crosswalk, as the people themselves do it in the browser: no demo data, only
 * the first administrator that ADMIN_EMAIL and ADMIN_PASSWORD create on the first start.
 */

const ADMIN = { email: 'it.admin@three-shires.example', password: 'first-admin-password-2026' };
const LEAD = { name: 'Pat Lead', email: 'pat.lead@three-shires.example', password: 'lead-password-for-the-year' };
const PARENT = 'Three Shires Schools Partnership';
const CLUSTER = 'Three Shires Virtual Cluster';
const PASSWORD = 'a-long-enough-password';

const AUTHORITIES = [
  { name: 'Lincolnshire', code: '925', lado: 'lado@lincolnshire.example' },
  { name: 'Essex', code: '881', lado: 'lado@essex.example' },
  { name: 'Hertfordshire', code: '919', lado: 'lado@hertfordshire.example' },
];

interface Person {
  name: string;
  email: string;
  school: string;
  /** The option's words on the invitation form. */
  schoolRole: 'Headteacher' | 'Senior leader' | 'Teacher';
  partnershipRole: 'Lead reviewer' | 'Peer reviewer' | 'Improvement champion';
}

/**
 * Who a cross-regional rota of three schools needs (docs/domain.md f): reviewers come from outside the host's
 * authority and the champion from a school with no part in the review, so each review's lead reviewer and two
 * peers come from one school and its champion from the other; every school needs three reviewers and a champion.
 */
const SCHOOLS = [
  { name: 'Saltmarsh Primary School', short: 'saltmarsh' },
  { name: 'Oakfield Church of England Primary School', short: 'oakfield' },
  { name: 'Riverside Academy', short: 'riverside' },
];
const PEOPLE: Person[] = SCHOOLS.flatMap(({ name: school, short }) => {
  const who = short.charAt(0).toUpperCase() + short.slice(1);
  return [
    {
      name: `${who} Head`,
      email: `head@${short}.example`,
      school,
      schoolRole: 'Headteacher',
      partnershipRole: 'Lead reviewer',
    },
    {
      name: `${who} Deputy`,
      email: `deputy@${short}.example`,
      school,
      schoolRole: 'Senior leader',
      partnershipRole: 'Peer reviewer',
    },
    {
      name: `${who} Reviewer`,
      email: `reviewer@${short}.example`,
      school,
      schoolRole: 'Teacher',
      partnershipRole: 'Peer reviewer',
    },
    {
      name: `${who} Champion`,
      email: `champion@${short}.example`,
      school,
      schoolRole: 'Senior leader',
      partnershipRole: 'Improvement champion',
    },
  ] satisfies Person[];
});
const HOST = SCHOOLS[0]?.name ?? '';
const HOST_HEAD = PEOPLE[0] as Person;

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // The embedded database, as a new deployment without DATABASE_URL starts (the other browser tests use PostgreSQL).
  server = await startTestServer({
    embedded: true,
    env: { SERVICES: 'api,web,realtime', ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
  });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser.close();
  await server.close();
});

/** Emails in the outbox, oldest first. */
function mailsTo(email: string) {
  return server.crosswalk.db.sql<
    { subject: string; bodyText: string; calendar: { method: string; content: string } | null }[]
  >`select subject, body_text, calendar from mail_outbox where to_address = ${email} order by created_at`;
}

/** The invitation link in the newest invitation email to `email`. */
async function invitationLink(email: string): Promise<string> {
  const mail = (await mailsTo(email)).findLast((m) => m.subject === 'You are invited to Crosswalk');
  const link = /^(http\S+\/invite#\S+)$/m.exec(mail?.bodyText ?? '')?.[1];
  if (!link) {
    throw new Error(`no invitation link for ${email}`);
  }
  return link;
}

function heading(page: Page) {
  return page.getByRole('heading', { level: 1 }).textContent();
}

function nav(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
}

/** Picks the first option whose words contain `text` (a school's option ends with its county). */
async function chooseOption(page: Page, label: string, text: string): Promise<void> {
  const select = page.getByLabel(label, { exact: true });
  const value = await select.locator('option', { hasText: text }).first().getAttribute('value');
  await select.selectOption(value ?? '');
}

/** Fills in and sends the invitation form, and waits for the confirmation. */
async function invite(
  page: Page,
  person: { name: string; email: string; school?: string; schoolRole?: string; partnership: string; role: string },
): Promise<void> {
  await page.getByLabel('Full name').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await chooseOption(page, 'School', person.school ?? 'No school');
  if (person.school && person.schoolRole) {
    await page.getByLabel('Role at the school').selectOption({ label: person.schoolRole });
  }
  await chooseOption(page, 'Partnership', person.partnership);
  await page.getByLabel('Role in the partnership').selectOption({ label: person.role });
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await expect
    .poll(() => page.getByRole('status').textContent())
    .toBe(`Invitation sent to ${person.email}. The link works for 3 days.`);
}

/** Opens an invitation link in a browser with nobody signed in, chooses a password and arrives home. */
async function acceptInBrowser(email: string, password: string): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.newPage();
  await page.goto(await invitationLink(email));
  await expect.poll(() => heading(page)).toBe('Accept your invitation');
  await expect.poll(() => page.getByRole('button', { name: 'Set password and continue' }).count()).toBe(1);
  await expectNoAxeViolations(page);
  await page.getByLabel('Choose a password').fill(password);
  await page.getByLabel('Type the password again').fill(password);
  await page.getByRole('button', { name: 'Set password and continue' }).click();
  await page.waitForURL(`${server.url}/`);
  return page;
}

// Each step is a stretch of a working day in the browser (twelve invitations in one): longer than one page's test.
describe("a partnership's year from an empty Crosswalk", { timeout: 180_000 }, () => {
  let year = '';

  it('the first administrator sets up the local authorities and invites a partnership lead', async () => {
    const { sql } = server.crosswalk.db;
    const [counts] = await sql<{ users: number; schools: number; authorities: number }[]>`
      select (select count(*)::int from users) as users, (select count(*)::int from schools) as schools,
        (select count(*)::int from local_authorities) as authorities`;
    expect(counts).toEqual({ users: 1, schools: 0, authorities: 0 });

    await browser.context.clearCookies();
    const page = await browser.newPage();
    await signInThrough(page, `${server.url}/setup`, ADMIN.email, { password: ADMIN.password });
    await expect.poll(() => heading(page)).toBe('Set-up');
    await expect.poll(() => page.getByText('You have no partnerships yet').count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: /Local authorities and their designated officers/ }).click();
    await expect.poll(() => heading(page)).toBe('Local authorities');
    await expect.poll(() => page.getByText('No local authorities are set up yet').count()).toBe(1);
    await expectNoAxeViolations(page);
    for (const la of AUTHORITIES) {
      await page.getByLabel('Name', { exact: true }).fill(la.name);
      await page.getByLabel('Code', { exact: true }).fill(la.code);
      await page.getByLabel('Email address').fill(la.lado);
      await page.getByRole('button', { name: 'Add local authority' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe(`${la.name} has been added.`);
    }
    await expect
      .poll(async () => (await page.getByRole('row').allTextContents()).slice(1).map((row) => row.trim()))
      .toEqual([
        expect.stringMatching(/^Essex\s*881\s*lado@essex\.example\s*0/),
        expect.stringMatching(/^Hertfordshire\s*919\s*lado@hertfordshire\.example\s*0/),
        expect.stringMatching(/^Lincolnshire\s*925\s*lado@lincolnshire\.example\s*0/),
      ]);
    await expectNoAxeViolations(page);

    // A partnership lead is invited to lead a partnership: the invitation page says to set one up first.
    await nav(page, 'Invite people').click();
    await expect.poll(() => heading(page)).toBe('Invite people');
    const partnershipPart = page.getByRole('group', { name: 'Their part in a partnership (optional)' });
    await expect
      .poll(async () => (await partnershipPart.textContent())?.replace(/\s+/g, ' '))
      .toContain('There are no partnerships yet. To invite a partnership lead, first set up their partnership');
    await expectNoAxeViolations(page);
    await partnershipPart.getByRole('link', { name: 'Set-up' }).click();
    await expect.poll(() => heading(page)).toBe('Set-up');

    // Administrators reach every partnership, so they are not made the lead of the one they set up.
    const form = page.getByRole('region', { name: 'New partnership' });
    expect(await form.textContent()).toContain('then invite its partnership lead from "Invite people"');
    await form.getByLabel('Name', { exact: true }).fill(PARENT);
    await form.getByLabel('Kind').selectOption('local');
    await form.getByRole('button', { name: 'Create partnership' }).click();
    await expect.poll(() => heading(page)).toBe(`Settings: ${PARENT}`);
    await expectNoAxeViolations(page);

    await nav(page, 'Invite people').click();
    await expect.poll(() => heading(page)).toBe('Invite people');
    await expect.poll(() => partnershipPart.getByRole('link').count()).toBe(0);
    await expect.poll(() => page.getByText('No invitations yet').count()).toBe(1);
    await expectNoAxeViolations(page);
    await invite(page, { name: LEAD.name, email: LEAD.email, partnership: PARENT, role: 'Partnership lead' });
    await expectNoAxeViolations(page);

    // No mail server here: the administrator finds the email in the outbox.
    await nav(page, 'Email outbox').click();
    await expect.poll(() => heading(page)).toBe('Email outbox');
    const mail = page.getByRole('listitem').filter({ hasText: `To ${LEAD.email}` });
    await expect.poll(() => mail.getByRole('heading').textContent()).toBe('You are invited to Crosswalk');
    expect(await mail.textContent()).toContain(`as Partnership lead in ${PARENT}`);
    expect(await mail.textContent()).toContain(await invitationLink(LEAD.email));
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('the partnership lead accepts, creates a cross-regional cluster from a GIAS file and invites its people', async () => {
    const page = await acceptInBrowser(LEAD.email, LEAD.password);
    await expect.poll(() => heading(page)).toBe(`Welcome, ${LEAD.name}`);
    await expect
      .poll(async () => (await page.getByRole('region', { name: 'Your reviews' }).textContent())?.replace(/\s+/g, ' '))
      .toContain("plan the year's rota from the partnership's page");
    await expectNoAxeViolations(page);

    await nav(page, 'Set-up').click();
    await expect.poll(() => heading(page)).toBe('Set-up');
    const form = page.getByRole('region', { name: 'New partnership' });
    await form.getByLabel('Name', { exact: true }).fill(CLUSTER);
    await form.getByLabel('Kind').selectOption('cross_regional_virtual');
    await form.getByLabel(/Schools Partnership Programme phase/).selectOption('build');
    await chooseOption(page, 'Belongs to (optional)', PARENT);
    await expectNoAxeViolations(page);
    await form.getByRole('button', { name: 'Create partnership' }).click();
    await expect.poll(() => heading(page)).toBe(`Settings: ${CLUSTER}`);
    await expect.poll(() => page.getByText('No schools are in this partnership yet').count()).toBe(1);
    await expectNoAxeViolations(page);

    await importThreeSchools(page);

    // Planning the year straight away: the rota page says nobody is trained yet, which rule stops a rota and for
    // which school, and where to go next.
    await page.getByRole('link', { name: `Back to ${CLUSTER}` }).click();
    await expect.poll(() => heading(page)).toBe(CLUSTER);
    await expect
      .poll(() => page.getByRole('region', { name: 'Review rota' }).textContent())
      .toContain(`Use "Plan the year's rota" to give every school its review`);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: "Plan the year's rota" }).click();
    await expect.poll(() => heading(page)).toBe(`Review rota for ${CLUSTER}`);
    const propose = page.getByRole('region', { name: 'Propose a rota' });
    await expect
      .poll(() => propose.textContent())
      .toContain("Nobody at these schools is recorded as trained for this partnership's reviews yet.");
    await propose.getByRole('button', { name: 'Propose a rota' }).click();
    await expect
      .poll(() => propose.getByRole('alert').textContent())
      .toContain(`No trained lead reviewer outside Lincolnshire for ${HOST}.`);
    await expectNoAxeViolations(page);
    await propose.getByRole('link', { name: 'invite them' }).click();
    await expect.poll(() => heading(page)).toBe('Invite people');
    // The new schools and the cluster are offered as soon as they exist.
    await expect.poll(() => page.getByLabel('School', { exact: true }).locator('option').count()).toBe(4);
    for (const person of PEOPLE) {
      await invite(page, {
        name: person.name,
        email: person.email,
        school: person.school,
        schoolRole: person.schoolRole,
        partnership: CLUSTER,
        role: person.partnershipRole,
      });
    }
    const sent = page.getByRole('table', { name: 'Invitations you have sent' });
    await expect.poll(() => sent.getByRole('row').count()).toBe(PEOPLE.length + 1);
    await expectNoAxeViolations(page);
    await page.close();

    // The host's headteacher accepts in the browser; the others accept the way the browser does it, over the API.
    const head = await acceptInBrowser(HOST_HEAD.email, PASSWORD);
    await expect.poll(() => heading(head)).toBe(`Welcome, ${HOST_HEAD.name}`);
    const schools = head.getByRole('region', { name: 'Your schools' });
    await expect.poll(() => schools.textContent()).toMatch(new RegExp(`${HOST}\\s*Headteacher · Lincolnshire`));
    await expect
      .poll(() => head.getByRole('region', { name: 'Your partnerships' }).getByRole('link').allTextContents())
      .toEqual([CLUSTER]);
    await expectNoAxeViolations(head);
    await head.close();
    for (const person of PEOPLE.slice(1)) {
      const token = decodeURIComponent(new URL(await invitationLink(person.email)).hash.slice(1));
      const accepted = await new HttpClient(server.url).post('/api/invitations/accept', { token, password: PASSWORD });
      expect(accepted.status).toBe(200);
    }
  });

  it('the partnership lead proposes a rota for the coming year that keeps the rules, and publishes it', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await signInThrough(page, `${server.url}/`, LEAD.email, { password: LEAD.password });
    await page.getByRole('region', { name: 'Your partnerships' }).getByRole('link', { name: CLUSTER }).click();
    await expect.poll(() => heading(page)).toBe(CLUSTER);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: "Plan the year's rota" }).click();
    await expect.poll(() => heading(page)).toBe(`Review rota for ${CLUSTER}`);

    // The next academic year: all of it is ahead whatever the day the test runs.
    const choice = page.getByLabel('Academic year');
    year = (await choice.locator('option').nth(1).getAttribute('value')) ?? '';
    await choice.selectOption(year);
    await expect.poll(() => page.getByText(`There is no rota for ${year} yet`).count()).toBe(1);
    await expectNoAxeViolations(page);

    await expect
      .poll(() => page.getByRole('region', { name: 'Propose a rota' }).textContent())
      .toContain(
        "Trained for this partnership's reviews: 3 lead reviewers, 6 peer reviewers and 3 improvement champions.",
      );
    await page.getByLabel('Peer reviewers on each review').selectOption('2');
    await page.getByRole('button', { name: 'Propose a rota' }).click();
    await expect.poll(() => page.getByText(`A proposed rota for ${year} is ready below.`).count()).toBe(1);
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(SCHOOLS.length);
    expect(await page.locator('tr.conflicts').count()).toBe(0);
    await expectNoAxeViolations(page);

    // What the page shows keeps the rules: every school hosts once; nobody reviews their own school, the lead
    // reviewer and peers come from one other school and the champion from the third.
    const table = await rows.evaluateAll((trs) =>
      trs.map((tr) => {
        const [, host, lead, peers, champion] = Array.from(tr.querySelectorAll('th, td'));
        return {
          host: host?.textContent.trim() ?? '',
          team: [lead, ...Array.from(peers?.querySelectorAll('li') ?? [])].map(
            (cell) => cell?.textContent.trim() ?? '',
          ),
          champion: champion?.textContent.trim() ?? '',
        };
      }),
    );
    expect(table.map((row) => row.host).sort()).toEqual(SCHOOLS.map((s) => s.name).sort());
    const schoolOf = (person: string) => SCHOOLS.find((s) => person.endsWith(`(${s.name})`))?.name;
    for (const { host, team, champion } of table) {
      const teamSchools = team.map(schoolOf);
      expect(teamSchools).toHaveLength(3);
      expect(new Set(teamSchools).size).toBe(1);
      expect(teamSchools).not.toContain(host);
      expect([host, ...teamSchools]).not.toContain(schoolOf(champion));
    }

    await page.getByRole('button', { name: 'Publish the rota' }).click();
    await page
      .getByRole('group', { name: /Are you sure/ })
      .getByRole('button', { name: 'Yes, publish the rota' })
      .click();
    await expect
      .poll(() => page.getByText(/^Published: \d+ reviews were created/).textContent())
      .toBe(`Published: ${SCHOOLS.length} reviews were created, and everyone involved has been told.`);
    await expect.poll(() => page.getByRole('link', { name: 'Open the review' }).count()).toBe(SCHOOLS.length);
    // The published rota is not proposed again: its reviews now change on their own pages.
    const propose = page.getByRole('region', { name: 'Propose a rota' });
    await expect
      .poll(() => propose.textContent())
      .toContain(`The ${year} rota is published, so it is not proposed again.`);
    expect(await propose.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("the host school's headteacher finds the review on their home page, in the bell and in their email", async () => {
    const { sql } = server.crosswalk.db;
    const [review] = await sql<{ id: string; startsAt: Date; endsAt: Date; sessionId: string }[]>`
      select r.id, s.starts_at, s.ends_at, s.id as session_id
      from reviews r join schools h on h.id = r.host_school_id
      join review_sessions s on s.review_id = r.id and s.kind = 'review_day'
      where h.name = ${HOST} and r.academic_year = ${year}`;
    expect(review).toBeDefined();
    const { id: reviewId, startsAt, endsAt, sessionId } = review as NonNullable<typeof review>;

    // Email first: the notice in the app is written once its emails are in the outbox.
    const subjects = async () => (await mailsTo(HOST_HEAD.email)).map((m) => m.subject);
    const noticeSubject = `Review rota ${year}: peer review of ${HOST}`;
    const invitationSubject = `Invitation: Review day, peer review of ${HOST}`;
    await expect.poll(subjects).toEqual(expect.arrayContaining([noticeSubject, invitationSubject]));
    const mails = await mailsTo(HOST_HEAD.email);
    const notice = mails.find((m) => m.subject === noticeSubject);
    expect(notice?.bodyText).toMatch(
      new RegExp(`^The ${year} review rota of ${CLUSTER} is published: ${HOST} is hosting its peer review on `),
    );
    const emailLink = /^Open Crosswalk: (\S+)$/m.exec(notice?.bodyText ?? '')?.[1] ?? '';
    expect(emailLink).toBe(`${server.url}/reviews/${reviewId}`);
    const invitation = mails.find((m) => m.subject === invitationSubject);
    expect(invitation?.calendar?.method).toBe('REQUEST');
    // iCalendar folds lines at 75 octets: unfold before reading it.
    const ics = (invitation?.calendar?.content ?? '').replace(/\r?\n[ \t]/g, '');
    const utc = (date: Date) =>
      date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:${sessionId}@crosswalk`);
    expect(ics).toContain(`DTSTART:${utc(startsAt)}`);
    expect(ics).toContain(`DTEND:${utc(endsAt)}`);
    expect(ics).toContain(`SUMMARY:Review day: peer review of ${HOST}`);
    expect(ics).toMatch(new RegExp(`ATTENDEE;[^\\r\\n]*:MAILTO:${HOST_HEAD.email}`, 'i'));

    // Everyone on the review is told by email; those at the review day also get its invitation.
    const team = await sql<{ email: string; role: string }[]>`
      select u.email, m.role from review_members m join users u on u.id = m.user_id
      where m.review_id = ${reviewId} order by m.role, u.email`;
    expect(team.map((m) => m.role).sort()).toEqual([
      'host_headteacher',
      'improvement_champion',
      'lead_reviewer',
      'peer_reviewer',
      'peer_reviewer',
    ]);
    for (const member of team) {
      const expected = member.role === 'improvement_champion' ? [noticeSubject] : [noticeSubject, invitationSubject];
      await expect
        .poll(async () => (await mailsTo(member.email)).map((m) => m.subject))
        .toEqual(expect.arrayContaining(expected));
    }

    // The link in the email leads, once signed in, to the review and the step that waits for the head.
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await signInThrough(page, emailLink, HOST_HEAD.email, { password: PASSWORD });
    await expect.poll(() => heading(page)).toBe(`Peer review of ${HOST}`);
    await expect
      .poll(() =>
        page
          .getByRole('region', { name: 'Next steps for you' })
          .getByRole('button', { name: 'Accept the review slot' })
          .count(),
      )
      .toBe(1);
    await expectNoAxeViolations(page);

    await nav(page, 'Home').click();
    await expect.poll(() => heading(page)).toBe(`Welcome, ${HOST_HEAD.name}`);
    const waiting = page
      .getByRole('region', { name: 'Waiting for you' })
      .getByRole('listitem')
      .filter({ hasText: HOST });
    await expect.poll(() => waiting.getByRole('link').textContent()).toBe('Accept the review slot');
    expect(await waiting.getByRole('link').getAttribute('href')).toBe(`/reviews/${reviewId}`);
    const reviews = page.getByRole('region', { name: 'Your reviews' });
    await expect.poll(() => reviews.getByRole('link', { name: HOST, exact: true }).count()).toBe(1);
    const sessions = page.getByRole('region', { name: 'Your next sessions' });
    await expect.poll(() => sessions.getByRole('link', { name: `Peer review of ${HOST}` }).count()).toBeGreaterThan(0);
    const bell = page.getByRole('link', { name: /^Notifications, \d+ unread$/ });
    await expect
      .poll(async () => Number((await bell.getAttribute('aria-label'))?.match(/\d+/)?.[0]))
      .toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await bell.click();
    await page.waitForURL(`${server.url}/notifications`);
    await expect
      .poll(() => page.getByRole('main').textContent())
      .toContain(`The ${year} review rota of ${CLUSTER} is published: ${HOST} is hosting its peer review on`);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
