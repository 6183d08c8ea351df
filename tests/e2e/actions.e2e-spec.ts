import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { HEMPSHILL_HEAD, hempshillPlanPublished } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * The published action plan on the review's document page: the host headteacher updates an action's status with
 * an evidence note and reads it in the history; the lead reviewer reads the same record without the button.
 */

const HOST = HEMPSHILL_HEAD;
const LEAD = 'lead.reviewer@summercroft.demo';
let reviewId = '';

// A new review of Hempshill whose action plan (one action) the host headteacher has published.
const app = useDemoApp(async (server) => {
  reviewId = await hempshillPlanPublished(server, { [LEAD]: 'lead_reviewer' });
});
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
