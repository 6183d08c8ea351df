import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { writeActionPlan } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';
import type { TestServer } from '../support/test-server.ts';

/**
 * A year followed through, in the browser: the host headteacher publishes the action plan (a reviewer's page
 * already open on it shows the records at once), and the school's next review starts its self-review with last
 * year's actions as they ended.
 */

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';
const HOST = 'reviewer@hempshill.demo'; // Hempshill's headteacher
const LEAD = 'lead.reviewer@summercroft.demo';
let reviewId = '';
let nextId = '';
let partnershipLead: HttpClient;

/** A review of Hempshill at the end of its workshop, with one action written in the plan. */
async function workshopHeld(server: TestServer): Promise<void> {
  partnershipLead = new HttpClient(server.url);
  await partnershipLead.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
  const created = await partnershipLead.post('/api/reviews', {
    partnershipId: CLUSTER,
    hostSchoolId: HEMPSHILL,
    academicYear: '2026-27',
  });
  reviewId = (created.body as { id: string }).id;
  const sql = server.crosswalk.db.sql;
  await sql`insert into review_members (review_id, user_id, role)
    select ${reviewId}, id, 'lead_reviewer' from users where email = ${LEAD}`;
  await sql`update reviews set state = 'workshop_held' where id = ${reviewId}`;
  await writeActionPlan(server, reviewId);
}

const app = useDemoApp(workshopHeld);
let host: Page;
let lead: Page;

beforeAll(async () => {
  // Each in a browser of their own, as two people on two computers.
  host = await app.openAs(HOST, `/reviews/${reviewId}`);
  lead = await app.openAs(LEAD, `/reviews/${reviewId}/document`);
});

describe('a year’s actions followed through into the next review', () => {
  it('publishes the plan, and a page already open on it shows the records without reloading', async () => {
    const plan = lead.getByRole('region', { name: 'Action plan' });
    // The document's rows, edited together, until the plan is published.
    await plan.getByLabel('Action (A01)').waitFor();

    await host.getByRole('button', { name: 'Publish the action plan' }).click();
    const confirm = host.getByRole('dialog', { name: 'Publish the action plan?' });
    await confirm.getByRole('button', { name: 'Yes, publish the action plan' }).click();
    await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(false);

    await expect
      .poll(() => plan.getByRole('heading', { name: /A01/ }).textContent(), { timeout: 15_000 })
      .toContain('Not started');
    await expect.poll(() => plan.textContent()).toContain('The plan is published');
    expect(await plan.getByLabel('Action (A01)').count()).toBe(0);
  });

  it('starts the school’s next self-review with last year’s actions, read-only, with a link to them', async () => {
    const created = await partnershipLead.post('/api/reviews', {
      partnershipId: CLUSTER,
      hostSchoolId: HEMPSHILL,
      academicYear: '2027-28',
    });
    nextId = (created.body as { id: string }).id;
    await app.server.crosswalk.db.sql`update reviews set state = 'self_review' where id = ${nextId}`;

    await host.goto(`${app.url}/reviews/${nextId}/document`);
    const carried = host.getByRole('region', { name: 'Actions from the 2026–27 review' });
    const table = carried.getByRole('table', { name: /Actions from the 2026–27 review/ });
    await expect
      .poll(() => table.getByRole('row').allTextContents(), { timeout: 15_000 })
      .toEqual([
        expect.stringContaining('Latest evidence'),
        expect.stringMatching(/A01 Teach the fluency routine daily in every Y3–4 class.*English lead.*Not started/),
      ]);
    // Nothing in it can be edited from here; the link opens last year's plan.
    expect(await carried.getByRole('textbox').count()).toBe(0);
    expect(await carried.getByRole('button').count()).toBe(0);
    await carried.getByRole('link', { name: 'Open the 2026–27 action plan' }).click();
    await host.waitForURL(`${app.url}/reviews/${reviewId}/document#section-actions`);
    await host
      .getByRole('region', { name: 'Action plan' })
      .getByRole('heading', { name: /A01/ })
      .waitFor({ timeout: 15_000 });
    await host.goto(`${app.url}/reviews/${nextId}/document`);
    await carried.waitFor();
    await expectNoAxeViolations(host);
  });
});
