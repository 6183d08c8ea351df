import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { londonDay } from '@crosswalk/shared';
import { expectNoAxeViolations } from '../support/browser.ts';
import { DEMO_CLUSTER as CLUSTER, HEMPSHILL_HEAD, newHempshillReview, writeActionPlan } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';
import type { TestServer } from '../support/test-server.ts';

/**
 * A year followed through, in the browser (issue 24's journey): the host headteacher publishes the action plan (a
 * reviewer's page already open on it shows the records at once), asks the partnership for support, a partner school
 * offers it and the host accepts; an impact huddle rates the action; and the school's next review starts its
 * self-review with last year's actions and huddles as they ended.
 */

const HOST = HEMPSHILL_HEAD;
const LEAD = 'lead.reviewer@summercroft.demo';
const PARTNER = 'head@summercroft.demo'; // a partner school's headteacher
let reviewId = '';
let nextId = '';

/** A review of Hempshill at the end of its workshop, with one action written in the plan. */
async function workshopHeld(server: TestServer): Promise<void> {
  reviewId = await newHempshillReview(server, { state: 'workshop_held', team: { [LEAD]: 'lead_reviewer' } });
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

  it('asks the partnership for support, a partner school offers it, and the host accepts', async () => {
    await host.goto(`${app.url}/reviews/${reviewId}/document`);
    const plan = host.getByRole('region', { name: 'Action plan' });
    await plan.getByRole('button', { name: 'Ask for support (A01)' }).click();
    await plan.getByLabel('What is needed (A01)').fill('A colleague who leads number talks to model one for Year 3');
    await plan.getByLabel('Needed by (A01)').fill('2027-02-26');
    await plan.getByRole('button', { name: 'Send to partner schools' }).click();
    await expect
      .poll(() => plan.getByRole('status').textContent())
      .toContain('Partner schools can now see the request for A01');

    const partner = await app.openAs(PARTNER, `/partnerships/${CLUSTER}/support`);
    const board = partner.getByRole('main');
    // What is needed and by when, never the action's own words.
    await expect.poll(() => board.textContent()).toContain('A colleague who leads number talks');
    expect(await board.textContent()).not.toContain('Teach the fluency routine');
    await partner.getByRole('button', { name: 'Offer support to Hempshill Primary, action A01' }).click();
    await partner.getByLabel('What your school can offer').fill('Our Year 4 teacher can model two number talks.');
    await partner.getByLabel('Who from your school would help').fill('Ms Patel, Year 4 teacher');
    await partner.getByRole('button', { name: 'Send offer' }).click();
    await expect.poll(() => partner.getByRole('status').textContent()).toContain('Your offer to Hempshill Primary');

    await host.reload();
    await plan.getByRole('button', { name: 'Accept offer from Summercroft Primary' }).click();
    await expect
      .poll(() => plan.getByRole('heading', { name: /Support from partner schools/ }).textContent())
      .toContain('Matched');
    // Both schools follow it: the partner school records it under way, the host school records it done.
    await partner.reload();
    const offered = partner.getByRole('region', { name: 'Support your school offered' });
    const request = offered.getByRole('heading', { name: /Hempshill Primary, action A01/ });
    await expect.poll(() => request.textContent()).toContain('Matched');
    await offered
      .getByRole('button', { name: 'Record progress on the support for Hempshill Primary, action A01' })
      .click();
    const progress = offered.getByRole('form', {
      name: 'Record progress on the support for Hempshill Primary, action A01',
    });
    await progress.getByLabel('Support status').selectOption('in_progress');
    await progress.getByLabel('Progress note (optional)').fill('First number talk modelled in Year 3 on Tuesday.');
    await progress.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => request.textContent()).toContain('In progress');

    await host.reload();
    await expect.poll(() => plan.textContent()).toContain('First number talk modelled in Year 3 on Tuesday.');
    await plan.getByRole('button', { name: 'Record support progress (A01)' }).click();
    const done = plan.getByRole('form', { name: 'Record progress on the support for A01' });
    await done.getByLabel('Support status (A01)').selectOption('done');
    await done.getByLabel('Progress note (A01, optional)').fill('Both talks modelled; Year 3 teachers now lead them.');
    await done.getByRole('button', { name: 'Save' }).click();
    await expect
      .poll(() => plan.getByRole('heading', { name: /Support from partner schools/ }).textContent())
      .toContain('Done');
    await partner.reload();
    await expect.poll(() => request.textContent()).toContain('Done');
    await partner.close();
  });

  it('records an impact huddle that rates the action', async () => {
    await host.goto(`${app.url}/reviews/${reviewId}`);
    await host.getByRole('button', { name: 'Begin the impact review' }).click();
    await expect.poll(() => host.getByText('Done: begin the impact review.').count()).toBe(1);

    await host.goto(`${app.url}/reviews/${reviewId}/document`);
    const impact = host.getByRole('region', { name: 'Impact review' });
    // Today, whatever day that is: a huddle is recorded on or after its day.
    await impact.getByLabel('Checkpoint date').fill(londonDay(new Date()));
    await impact.getByRole('button', { name: 'Add a checkpoint' }).click();
    await impact.getByRole('button', { name: 'Record the huddle (C01)' }).click();
    const form = impact.getByRole('form', { name: 'Record the huddle at checkpoint C01' });
    await form.getByLabel('Who attended (C01)').fill('Headteacher and lead reviewer');
    await form.getByRole('group', { name: /^A01:/ }).getByLabel('Green: on track').check();
    await form.getByLabel('One piece of impact evidence (C01)').fill('Number talks now open every Year 3 lesson.');
    await form.getByRole('button', { name: 'Save the huddle' }).click();
    await expect.poll(() => impact.getByText('The huddle at checkpoint C01 is recorded.').count()).toBe(1);
  });

  it('starts the school’s next self-review with last year’s actions, read-only, with a link to them', async () => {
    nextId = await newHempshillReview(app.server, { state: 'self_review', academicYear: '2027-28' });

    await host.goto(`${app.url}/reviews/${nextId}/document`);
    // Folded under a heading that never changes (the page does not move as they load); opened, last year's.
    const carried = host.getByRole('region', { name: 'Actions from the previous review' });
    await carried.locator('summary').click();
    const table = carried.getByRole('table', { name: /Actions from the 2026–27 review/ });
    await expect
      .poll(() => table.getByRole('row').allTextContents(), { timeout: 15_000 })
      .toEqual([
        expect.stringContaining('Latest evidence'),
        expect.stringMatching(
          /A01 Teach the fluency routine daily in every Y3–4 class.*English lead.*Not started.*Green: on track/,
        ),
      ]);
    expect(await carried.getByRole('list').textContent()).toContain(
      'Impact: Number talks now open every Year 3 lesson.',
    );
    // Nothing in it can be edited from here; the link opens last year's plan.
    expect(await carried.locator('input, textarea, select, [contenteditable="true"]').count()).toBe(0);
    await carried.getByRole('link', { name: 'Open the 2026–27 action plan' }).click();
    await host.waitForURL(`${app.url}/reviews/${reviewId}/document#section-actions`);
    await host
      .getByRole('region', { name: 'Action plan' })
      .getByRole('heading', { name: /A01/ })
      .waitFor({ timeout: 15_000 });
    await host.goto(`${app.url}/reviews/${nextId}/document`);
    await carried.locator('summary').click();
    await table.waitFor();
    await expectNoAxeViolations(host);
  });
});
