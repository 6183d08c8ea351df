import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { writeActionPlan } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';
import type { TestServer } from '../support/test-server.ts';

/**
 * The published action plan on the review's document page: the host headteacher updates an action's status with
 * an evidence note and reads it in the history; the lead reviewer reads the same record without the button.
 */

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const HEMPSHILL = '6b1d0000-0000-4000-8000-000000000103';
const HOST = 'reviewer@hempshill.demo'; // Hempshill's headteacher
const LEAD = 'lead.reviewer@summercroft.demo';
let reviewId = '';

/** A new review of Hempshill whose action plan (one action) the host headteacher has published. */
async function publishedPlan(server: TestServer): Promise<void> {
  const pl = new HttpClient(server.url);
  await pl.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
  const created = await pl.post('/api/reviews', {
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
  const host = new HttpClient(server.url);
  await host.login(HOST, DEMO_PASSWORD);
  const published = await host.post(`/api/reviews/${reviewId}/transitions`, { action: 'publish_action_plan' });
  expect(published.status).toBe(200);
}

const app = useDemoApp(publishedPlan);
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('the published action plan in the browser', () => {
  it('the host headteacher updates an action’s status with an evidence note, and sees it in the history', async () => {
    const page = await signInAt(browser, app.url, HOST, `/reviews/${reviewId}/document`);
    const plan = page.getByRole('region', { name: 'Action plan' });
    await plan.getByRole('button', { name: 'Update progress (A01)' }).click();
    await plan.getByLabel('Status (A01)').selectOption('at_risk');
    await plan.getByLabel('Evidence note (A01, optional)').fill('Two classes have not started the routine yet.');
    await expectNoAxeViolations(page);
    await plan.getByRole('button', { name: 'Save progress' }).click();
    await expect.poll(() => plan.getByRole('status').textContent()).toBe('Progress on A01 saved.');
    await expect.poll(() => plan.getByRole('heading', { name: /A01/ }).textContent()).toContain('At risk');
    await expect
      .poll(() => plan.getByRole('list', { name: 'History of A01' }).textContent())
      .toContain('Two classes have not started the routine yet.');
    await page.close();
  });

  it('the lead reviewer reads the same record, with no way to change it', async () => {
    const page = await signInAt(browser, app.url, LEAD, `/reviews/${reviewId}/document`);
    const plan = page.getByRole('region', { name: 'Action plan' });
    await expect.poll(() => plan.getByRole('heading', { name: /A01/ }).textContent()).toContain('At risk');
    expect(await plan.getByRole('button', { name: /Update progress/ }).count()).toBe(0);
    await plan.getByRole('button', { name: 'Show history (A01)' }).click();
    await expect
      .poll(() => plan.getByRole('list', { name: 'History of A01' }).textContent())
      .toContain('Two classes have not started the routine yet.');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
