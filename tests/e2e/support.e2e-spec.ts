import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { DEMO_CLUSTER as CLUSTER, HEMPSHILL_HEAD, hempshillPlanPublished } from '../support/lifecycle.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * School-to-school support in the browser: the host headteacher asks for support on an action of the published
 * plan, a partner school's headteacher offers on the partnership's support page, the host accepts, and both see
 * "Matched".
 */

const HOST = HEMPSHILL_HEAD;
const PARTNER = 'head@summercroft.demo';
let reviewId = '';

// A new review of Hempshill whose action plan (one action) the host headteacher has published.
const app = useDemoApp(async (server) => {
  reviewId = await hempshillPlanPublished(server);
});
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('school-to-school support in the browser', () => {
  it('the host asks, a partner school offers, the host accepts, and both see the match', async () => {
    // One browser profile: each person signs in afresh in turn.
    let host = await signInAt(browser, app.url, HOST, `/reviews/${reviewId}/document`);
    let plan = host.getByRole('region', { name: 'Action plan' });
    await plan.getByRole('button', { name: 'Ask for support (A01)' }).click();
    await plan.getByLabel('What is needed (A01)').fill('A colleague who leads number talks to model one for Year 3');
    await plan.getByLabel('Needed by (A01)').fill('2027-02-26');
    await expectNoAxeViolations(host);
    await plan.getByRole('button', { name: 'Send to partner schools' }).click();
    await expect
      .poll(() => plan.getByRole('status').textContent())
      .toContain('Partner schools can now see the request for A01');
    await host.close();

    let partner = await signInAt(browser, app.url, PARTNER, `/partnerships/${CLUSTER}`);
    await partner.getByRole('link', { name: 'Support between schools' }).click();
    await partner.getByRole('button', { name: 'Offer support to Hempshill Primary, action A01' }).click();
    await partner.getByLabel('What your school can offer').fill('Our Year 4 teacher can model two number talks.');
    await partner.getByLabel('Who from your school would help').fill('Ms Patel, Year 4 teacher');
    await expectNoAxeViolations(partner);
    await partner.getByRole('button', { name: 'Send offer' }).click();
    await expect.poll(() => partner.getByRole('status').textContent()).toContain('Your offer to Hempshill Primary');
    await partner.close();

    host = await signInAt(browser, app.url, HOST, `/reviews/${reviewId}/document`);
    plan = host.getByRole('region', { name: 'Action plan' });
    await plan.getByRole('button', { name: 'Accept offer from Summercroft Primary' }).click();
    const heading = plan.getByRole('heading', { name: /Support from partner schools/ });
    await expect.poll(() => heading.textContent()).toContain('Matched');
    expect(await plan.textContent()).toContain('Matched with Summercroft Primary');
    await host.close();

    partner = await signInAt(browser, app.url, PARTNER, `/partnerships/${CLUSTER}/support`);
    const offered = partner.getByRole('region', { name: 'Support your school offered' });
    await expect
      .poll(() => offered.getByRole('heading', { name: /Hempshill Primary, action A01/ }).textContent())
      .toContain('Matched');
    await expectNoAxeViolations(partner);
    await partner.close();
  });
});
