import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { demoSchools } from '../../server/src/demo/demo-data.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * Retention in the browser (docs/data-protection.md "Retention"): the partnership lead's setting, the school's own
 * setting for records of safeguarding concerns, and what the review page says before and after deletion.
 */

const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';
const FENBROOK = demoSchools.find((s) => s.name === 'Fenbrook Primary')?.id ?? '';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

const visitAs = (email: string, path: string) => signInAt(browser, app.url, email, path);

describe('retention in the browser', () => {
  it('the partnership lead sets how long a closed review is kept, in months and in words', async () => {
    const page = await visitAs('partnership.lead@crosswalk.demo', `/partnerships/${CLUSTER}/settings`);
    const region = page.getByRole('region', { name: 'How long a closed review is kept' });
    const months = region.getByLabel("Months a closed review's content is kept");
    await months.waitFor();
    expect(await months.inputValue()).toBe('72');
    await expect.poll(() => region.textContent()).toContain('That is 6 years.');
    await months.fill('12');
    await region.getByRole('button', { name: 'Save how long reviews are kept' }).click();
    await expect
      .poll(() => region.getByRole('alert').first().textContent())
      .toContain('longer than the 12 months the visiting team keeps a closed review');
    await months.fill('90');
    await expect.poll(() => region.textContent()).toContain('That is 7 years and 6 months.');
    await region.getByRole('button', { name: 'Save how long reviews are kept' }).click();
    await expect.poll(() => region.textContent()).toContain('How long closed reviews are kept has been saved.');
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByLabel("Months a closed review's content is kept").inputValue()).toBe('90');
    await page.close();
  });

  it("the school's headteacher sets how long records of safeguarding concerns are kept", async () => {
    const page = await visitAs('host.head@fenbrook.demo', `/schools/${FENBROOK}`);
    const region = page.getByRole('region', { name: 'How long records of safeguarding concerns are kept' });
    const choice = region.getByLabel('What Crosswalk does with these records');
    await choice.waitFor();
    await choice.selectOption('delete');
    const months = region.getByLabel('Months each record is kept');
    await months.fill('6');
    await region.getByRole('button', { name: 'Save how long records are kept' }).click();
    await expect.poll(() => region.getByRole('alert').first().textContent()).toContain('whole number of months');
    await months.fill('300');
    await region.getByRole('button', { name: 'Save how long records are kept' }).click();
    await expect
      .poll(() => region.textContent())
      .toContain('How long records of safeguarding concerns are kept has been saved.');
    await expectNoAxeViolations(page);
    await page.close();

    // The partnership lead reads the school's choice but cannot change it.
    const lead = await visitAs('partnership.lead@crosswalk.demo', `/schools/${FENBROOK}`);
    const leadRegion = lead.getByRole('region', { name: 'How long records of safeguarding concerns are kept' });
    await expect.poll(() => leadRegion.textContent()).toContain('deleted 300 months after it was raised');
    expect(await leadRegion.getByRole('button').count()).toBe(0);
    await lead.close();
  });

  it('the review page tells the host headteacher the day of deletion, then that it happened', async () => {
    const { crosswalk } = app.server;
    await crosswalk.db.sql`update reviews set deletion_notice_sent_at = now() where id = ${DEMO_CLOSED_REVIEW_ID}`;
    const page = await visitAs('host.head@fenbrook.demo', `/reviews/${DEMO_CLOSED_REVIEW_ID}`);
    await expect.poll(() => page.getByRole('main').textContent()).toContain("This review's content will be deleted on");
    await expectNoAxeViolations(page);

    const [closed] = await crosswalk.db.sql<{ at: Date }[]>`
      select max(at) as at from review_transitions where review_id = ${DEMO_CLOSED_REVIEW_ID} and to_state = 'closed'`;
    const later = new Date((closed?.at ?? new Date()).getTime() + 40 * 366 * 24 * 60 * 60 * 1000);
    expect(await crosswalk.services.retention.pass(later)).toMatchObject({ reviewsDeleted: 1 });
    await page.reload();
    await expect.poll(() => page.getByRole('main').textContent()).toContain("This review's content was deleted on");
    expect(await page.getByRole('link', { name: 'Open the enquiry document' }).count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
