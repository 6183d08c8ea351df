import { londonDay } from '@crosswalk/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { HEMPSHILL_HEAD, hostTakes, newHempshillReview, writeActionPlan } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';
import type { TestServer } from '../support/test-server.ts';

/**
 * The impact review in the browser (docs/impact-review.md): the host headteacher schedules a checkpoint, records the
 * huddle with a rating for each action (radio buttons with words) and one piece of impact evidence, sees that the
 * review may now close, and closes it from the review page.
 */

const HOST = HEMPSHILL_HEAD;
let reviewId = '';

/** A new review of Hempshill with two actions published, at the impact review. */
async function atImpactReview(server: TestServer): Promise<void> {
  reviewId = await newHempshillReview(server, { state: 'workshop_held' });
  await writeActionPlan(server, reviewId);
  await writeActionPlan(server, reviewId);
  await hostTakes(server, reviewId, 'publish_action_plan', 'begin_impact_review');
}

const app = useDemoApp(atImpactReview);
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('the impact review in the browser', () => {
  it('the host headteacher records a huddle with a rating for each action, then closes the review', async () => {
    const page = await signInAt(browser, app.url, HOST, `/reviews/${reviewId}/document`);
    const impact = page.getByRole('region', { name: 'Impact review' });
    await expect
      .poll(() => impact.locator('#impact-close-readiness').textContent())
      .toContain('Record an impact checkpoint first');

    await impact.getByLabel('Checkpoint date').fill(londonDay(new Date()));
    await impact.getByRole('button', { name: 'Add a checkpoint' }).click();
    await expect.poll(() => impact.getByText('Checkpoint added.').count()).toBe(1);

    await impact.getByRole('button', { name: 'Record the huddle (C01)' }).click();
    const form = impact.getByRole('form', { name: 'Record the huddle at checkpoint C01' });
    await form.getByLabel('Who attended (C01)').fill('Headteacher and improvement champion');
    await form.getByRole('group', { name: /^A01:/ }).getByLabel('Green: on track').check();
    await form.getByRole('group', { name: /^A02:/ }).getByLabel('Amber: some progress').check();
    await form.getByLabel('One piece of impact evidence (C01)').fill('Fluency scores rose in three of four classes.');
    await form.getByLabel('Adjustments to the plan (C01, optional)').fill('The fourth class starts after half term.');
    await expectNoAxeViolations(page);
    await form.getByRole('button', { name: 'Save the huddle' }).click();

    await expect.poll(() => impact.getByText('The huddle at checkpoint C01 is recorded.').count()).toBe(1);
    const recorded = impact.getByRole('listitem').filter({ hasText: 'Checkpoint C01' });
    await expect.poll(() => recorded.textContent()).toContain('A02: Amber: some progress');
    expect(await impact.locator('#impact-close-readiness').textContent()).toContain('Ready to close the review');
    await expectNoAxeViolations(page);

    await page.goto(`${app.url}/reviews/${reviewId}`);
    await page.getByRole('button', { name: 'Close the review' }).click();
    await page.getByRole('button', { name: 'Yes, close the review' }).click();
    await expect.poll(() => page.getByText('Done: close the review.').count()).toBe(1);
    await page.close();
  });
});
