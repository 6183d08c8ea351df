import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { signInAll } from '../support/fixtures.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';

const app = useDemoApp();

describe('the review’s audit log in the browser', () => {
  it('shows the host headteacher who opened the report, from the review page, with the filter and the CSV', async () => {
    // The lead reviewer opens the enquiry document (the report) as the page does: by asking for its ticket.
    const { [LEAD]: lead } = await signInAll(app.server, [LEAD]);
    expect((await lead?.get(`/api/reviews/${REVIEW}/collab`))?.status).toBe(200);

    const page = await app.openAs(HOST_HEAD, `/reviews/${REVIEW}`);
    await page.getByRole('link', { name: 'Who has seen and changed this review' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1, name: 'Who has seen and changed this review' }).count())
      .toBe(1);
    const table = page.getByRole('table', { name: 'Who has seen and changed this review, newest first' });
    await expect.poll(() => table.count(), { timeout: 15_000 }).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByLabel('Report views and downloads only').check();
    await page.getByRole('button', { name: 'Show' }).click();
    const views = page.getByRole('table', { name: 'Who has opened or downloaded the report, newest first' });
    await expect.poll(() => views.count(), { timeout: 15_000 }).toBe(1);
    const row = views.getByRole('row').filter({ hasText: 'Lead Reviewer (Summercroft) opened the review’s report' });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('cell').last().textContent()).toMatch(/127\.0\.0\.1/);
    expect(await page.getByRole('link', { name: /Download CSV/ }).getAttribute('href')).toBe(
      `/api/reviews/${REVIEW}/audit.csv?only=report`,
    );
    await expectNoAxeViolations(page);
  });
});
