import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * The host headteacher's sharing switches in the browser: the champion's access on the review page, "may be
 * shared beyond the school" beside each strength, and the shared practice the partnership's schools then read.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const CLUSTER = '6b1d0000-0000-4000-8000-000000000001';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

const visitAs = (email: string, path: string) => signInAt(browser, app.url, email, path);

describe('sharing in the browser', () => {
  it('the host headteacher opens the raw evidence to the improvement champion with a switch', async () => {
    const page = await visitAs('host.head@fenbrook.demo', `/reviews/${REVIEW}`);
    const sharing = page.getByRole('region', { name: 'Sharing' });
    const evidence = sharing.getByRole('switch', { name: 'Share the raw evidence with the improvement champion' });
    await evidence.waitFor();
    expect(await evidence.isChecked()).toBe(false);
    await evidence.check();
    await expect.poll(() => sharing.getByRole('status').textContent()).toContain('Saved');
    await expect.poll(() => sharing.textContent()).toContain('The improvement champion can read the evidence log');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('others on the review read the choices but get no switch', async () => {
    const page = await visitAs('lead.reviewer@summercroft.demo', `/reviews/${REVIEW}`);
    const sharing = page.getByRole('region', { name: 'Sharing' });
    await expect.poll(() => sharing.textContent()).toContain('Only the host headteacher can change these.');
    expect(await sharing.getByRole('switch').count()).toBe(0);
    await page.close();
  });

  it('the host marks a strength shareable beside it; the reviewers see a statement', async () => {
    const host = await visitAs('host.head@fenbrook.demo', `/reviews/${DEMO_CLOSED_REVIEW_ID}/document`);
    const s01 = host.getByRole('switch', { name: 'S01 may be shared beyond the school' });
    const s02 = host.getByRole('switch', { name: 'S02 may be shared beyond the school' });
    await s02.waitFor();
    expect(await s01.isChecked()).toBe(true);
    expect(await s02.isChecked()).toBe(false);
    await s02.check();
    await expect.poll(() => s02.isDisabled()).toBe(false);
    expect(await s02.isChecked()).toBe(true);
    await expectNoAxeViolations(host);
    await host.close();

    const reviewer = await visitAs('lead.reviewer@summercroft.demo', `/reviews/${DEMO_CLOSED_REVIEW_ID}/document`);
    const findings = reviewer.locator('#section-findings');
    await expect
      .poll(() => findings.textContent())
      .toContain('S02: the host headteacher allows this to be shared beyond the school');
    expect(await reviewer.getByRole('switch').count()).toBe(0);
    await reviewer.close();
  });

  it('the partnership lead sets how long the review team keeps a closed review', async () => {
    const page = await visitAs('partnership.lead@crosswalk.demo', `/partnerships/${CLUSTER}/settings`);
    const months = page.getByLabel('Months the review team keeps a closed review');
    await months.waitFor();
    expect(await months.inputValue()).toBe('12');
    await months.fill('0');
    await page.getByRole('button', { name: 'Save access period' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('whole number of months');
    await months.fill('18');
    await page.getByRole('button', { name: 'Save access period' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Access after a review closes' }).textContent())
      .toContain('The access period has been saved.');
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByLabel('Months the review team keeps a closed review').inputValue()).toBe('18');
    await page.close();
  });

  it('another school of the partnership reads the shared strengths on the partnership page', async () => {
    const page = await visitAs('head@northgate.demo', `/partnerships/${CLUSTER}`);
    const practice = page.getByRole('region', { name: 'Shared practice' });
    await expect.poll(() => practice.getByRole('listitem').count()).toBe(2);
    await expect.poll(() => practice.textContent()).toContain('Reception phonics sessions are brisk');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
