import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * The review lifecycle in the browser, from the slot to the agreed focus. The demo has no Summercroft
 * headteacher account, so the host is Northgate Primary, whose head (head@northgate.demo) exists; the lead
 * reviewer comes from Summercroft, a school that is not being reviewed.
 */

const CLUSTER = 'Five Counties Virtual Review Cluster';
const QUESTION =
  'To what extent does our new spelling routine help Year 5 pupils apply spelling rules in their writing?';

const app = useDemoApp();
let browser: Browser;
let reviewPath = '';

beforeAll(async () => {
  browser = await app.launch();
});

const visitAs = (email: string, path = '/') => signInAt(browser, app.url, email, path);

const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
const currentStep = (page: Page) => page.locator('[aria-current="step"]').textContent();

describe('the review lifecycle in the browser', () => {
  it('the partnership lead schedules a review from the cluster page and builds the team', async () => {
    const page = await visitAs('partnership.lead@crosswalk.demo');
    await expect.poll(() => heading(page)).toBe('Welcome, Partnership Lead (Essex coordinator)');
    const reviews = page.getByRole('region', { name: 'Your reviews' });
    await expect.poll(() => reviews.textContent()).toContain('Fenbrook Primary');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: CLUSTER }).click();
    await page.waitForURL(/\/partnerships\/[\w-]+$/);
    await expect.poll(() => heading(page)).toBe(CLUSTER);
    const rota = page.getByRole('table', { name: /Review rota/ });
    await expect.poll(() => rota.textContent()).toContain('Fenbrook Primary');
    await expect
      .poll(() => page.getByRole('region', { name: 'Member schools' }).textContent())
      .toContain('Lincolnshire');
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Schedule a review' }).click();
    await page.waitForURL(/\/reviews\/new$/);
    await expect.poll(() => heading(page)).toBe('Schedule a review');
    // Nothing chosen: the summary names the field, without a round trip.
    await page.getByRole('button', { name: 'Schedule the review' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Choose the school that will be reviewed');
    expect(await page.getByLabel('Host school').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page);

    await page.getByLabel('Host school').selectOption({ label: 'Northgate Primary (North Yorkshire)' });
    await page.getByLabel('Virtual (online)').check();
    await page.getByLabel('First day').fill('2027-03-02');
    await page.getByLabel('Last day').fill('2027-03-03');
    await page.getByRole('button', { name: 'Schedule the review' }).click();
    await page.waitForURL(/\/reviews\/[0-9a-f-]{36}$/);
    reviewPath = new URL(page.url()).pathname;

    await expect.poll(() => heading(page)).toBe('Peer review of Northgate Primary');
    await expect.poll(() => currentStep(page)).toContain('Slot offered');
    const team = page.getByRole('table', { name: /review team/ });
    await expect.poll(() => team.textContent()).toContain('Headteacher (Northgate)');

    // A reviewer cannot join the host side: the 409 reason appears in the error summary.
    await page.getByLabel('Person').selectOption({ label: 'Lead Reviewer (Summercroft), Summercroft Primary' });
    await page.getByLabel('Role on the review').selectOption({ label: 'Host link lead' });
    await page.getByRole('button', { name: 'Add to the team' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toContain('is not on the staff of Northgate Primary');

    await page.getByLabel('Role on the review').selectOption({ label: 'Lead reviewer' });
    await page.getByRole('button', { name: 'Add to the team' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'is now on the team' }).textContent())
      .toContain('Lead Reviewer (Summercroft) is now on the team as lead reviewer');
    await expect.poll(() => team.textContent()).toContain('Lead Reviewer (Summercroft)');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('the host headteacher accepts the slot from "Waiting for you"', async () => {
    const page = await visitAs('head@northgate.demo');
    const waiting = page.getByRole('region', { name: 'Waiting for you' });
    await expect.poll(() => waiting.textContent()).toContain('Northgate Primary');
    await waiting.getByRole('link', { name: 'Accept the review slot' }).click();
    await page.waitForURL(`${app.url}${reviewPath}`);

    await page.getByRole('button', { name: 'Accept the review slot' }).click();
    await expect.poll(() => currentStep(page)).toContain('Self-review');
    // Approval waits for the host's submitted self-review, then for the lead reviewer: each button says what is
    // still needed.
    const approve = page.getByRole('button', { name: 'Approve the enquiry focus' });
    await expect.poll(() => approve.isDisabled()).toBe(true);
    const nextSteps = page.getByRole('region', { name: 'Next steps for you' });
    await expect
      .poll(() => nextSteps.textContent())
      .toContain('Still needed: The host headteacher has not submitted the self-review yet.');
    expect(await nextSteps.textContent()).toContain('Write the self-review under every framework theme');

    await page.goto(`${app.url}${reviewPath}/document`);
    for (const theme of ['Our Impact', 'Looking Forward', 'Looking Inward', 'Looking Outward']) {
      const editor = page.getByRole('textbox', { name: `Self-review: ${theme}` });
      await editor.click();
      await editor.pressSequentially(`What we know about ${theme}.`);
    }
    await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 15_000 }).toBe('All changes saved');
    await page.goto(`${app.url}${reviewPath}`);
    await page.getByRole('button', { name: 'Submit the self-review' }).click();
    await expect
      .poll(() => nextSteps.textContent(), { timeout: 10_000 })
      .toContain('Still needed: The lead reviewer has not recorded the enquiry question yet.');
    await expect
      .poll(() => page.getByRole('region', { name: 'History' }).textContent())
      .toContain('Headteacher (Northgate)');
    await page.close();
  });

  it('the lead reviewer records the enquiry focus through the form', async () => {
    // Straight to the review: the sign-in page brings them back to it.
    const page = await visitAs('lead.reviewer@summercroft.demo', reviewPath);
    await expect.poll(() => heading(page)).toBe('Peer review of Northgate Primary');
    const form = page.getByRole('region', { name: 'Enquiry focus' });
    await expect.poll(() => form.getByLabel('Out of scope').inputValue()).toBe('Individual teacher appraisal');
    await expectNoAxeViolations(page);

    await form.getByLabel('Enquiry question').fill(QUESTION);
    await form
      .getByLabel('Why this question, and why now')
      .fill('Writing data shows spelling errors persist in Year 5.');
    await form.getByLabel('Looking Inward').check();
    await form.getByLabel('Our Impact').check();
    await form.getByLabel('Sub-question 1').fill('How consistently is the routine taught?');
    // The second sub-question is left empty: the summary names it.
    await form.getByRole('button', { name: 'Save the enquiry focus' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter sub-question 2, or remove it');

    await form.getByLabel('Sub-question 2').fill('What do pupils say about learning spellings?');
    await form.getByRole('button', { name: 'Add a sub-question' }).click();
    await expect
      .poll(() => form.getByLabel('Sub-question 3').evaluate((el) => el === document.activeElement))
      .toBe(true);
    await form.getByLabel('Sub-question 3').fill('How well do books show rules applied?');
    await form.getByLabel('What good would look like').fill('Pupils apply taught rules in independent writing.');
    await form.getByRole('button', { name: 'Save the enquiry focus' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('The enquiry focus is saved');
    await expect.poll(() => form.textContent()).toContain(QUESTION);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('the host headteacher approves the focus and the stepper shows "Focus agreed"', async () => {
    const page = await visitAs('head@northgate.demo', reviewPath);
    const focus = page.getByRole('region', { name: 'Enquiry focus' });
    await expect.poll(() => focus.textContent()).toContain(QUESTION);
    await expect.poll(() => focus.textContent()).toContain('Individual teacher appraisal');

    await page.getByRole('button', { name: 'Approve the enquiry focus' }).click();
    await expect.poll(() => currentStep(page)).toContain('Focus agreed');
    const history = page.getByRole('region', { name: 'History' });
    await expect.poll(() => history.textContent()).toMatch(/Self-review\W*to\W*Focus agreed/);
    expect(await history.textContent()).toContain('Self-review submitted');
    await expectNoAxeViolations(page);

    // The dashboard groups the review under its new stage.
    await page.getByRole('link', { name: 'Home' }).click();
    const reviews = page.getByRole('region', { name: 'Your reviews' });
    await expect.poll(() => reviews.getByRole('heading', { name: 'Focus agreed' }).count()).toBe(1);
    await expect.poll(() => reviews.textContent()).toContain('Host headteacher');
    await page.close();
  });

  it('the lead reviewer builds the timetable; pupil voice is always audio only', async () => {
    const page = await visitAs('lead.reviewer@summercroft.demo', reviewPath);
    const timetable = page.getByRole('region', { name: 'Timetable' });
    await expect.poll(() => timetable.textContent()).toContain('Nothing is on the timetable yet');

    await timetable.getByLabel('Type', { exact: true }).selectOption({ label: 'Review day' });
    await timetable.getByLabel('Title', { exact: true }).first().fill('Review day 1');
    await timetable.getByLabel('Date').fill('2027-03-02');
    await timetable.getByLabel('Starts').first().fill('08:30');
    await timetable.getByLabel('Ends').first().fill('15:30');
    await timetable.getByRole('button', { name: 'Add the session' }).click();
    await expect.poll(() => timetable.getByRole('heading', { name: 'Review day 1' }).count()).toBe(1);
    await expect.poll(() => timetable.textContent()).toContain('08:30 to 15:30');

    const activity = page.getByRole('form', { name: 'Add an activity to a review day' });
    await activity.getByLabel('Review day').selectOption({ index: 1 });
    await activity.getByLabel('Type of activity').selectOption({ label: 'Pupil voice' });
    await expect.poll(() => activity.getByLabel('How reviewers take part').isDisabled()).toBe(true);
    await activity.getByLabel('Title').fill('Pupil voice: six Y5 pupils');
    await activity.getByLabel('Starts').fill('13:15');
    await activity.getByLabel('Ends').fill('13:45');
    await activity.getByRole('button', { name: 'Add the activity' }).click();
    const day = page.getByRole('table', { name: 'Activities on Review day 1' });
    await expect.poll(() => day.textContent()).toContain('Pupil voice: six Y5 pupils');
    expect(await day.textContent()).toContain('Audio only');
    expect(await day.textContent()).toContain('13:15 to 13:45');

    // Confirming the plan still waits for peer reviewers, and says so.
    await expect
      .poll(() => page.getByRole('region', { name: 'Next steps for you' }).textContent())
      .toContain('Still needed: The review team needs 2 to 4 peer reviewers');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('shows a friendly page for a review that does not exist', async () => {
    const page = await visitAs('head@northgate.demo', '/reviews/00000000-0000-4000-8000-000000000000');
    await expect.poll(() => heading(page)).toBe('This review does not exist, or you do not have access to it');
    expect(await page.title()).toBe('Not found – Crosswalk');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
