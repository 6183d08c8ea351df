import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLOSED_REVIEW_ID } from '../../server/src/demo/demo-closed-review.ts';
import { demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe("the demo's year in the browser", () => {
  it('shows the partnership lead the published rota of the year, with every school and no problems', async () => {
    const [review] = await app.server.crosswalk.db.sql<{ academicYear: string }[]>`
      select academic_year from reviews where id = ${DEMO_REVIEW_ID}`;
    const page = await signInAt(
      browser,
      app.url,
      'partnership.lead@crosswalk.demo',
      `/partnerships/${demoPartnership.id}`,
    );
    await page.getByRole('link', { name: "Plan the year's rota" }).click();
    await page.getByLabel('Academic year').selectOption(review?.academicYear ?? '');
    await expect
      .poll(() => page.getByText('Every review of this rota has been published.', { exact: false }).count())
      .toBe(1);
    expect(await page.locator('table tbody tr').count()).toBe(demoSchools.length);
    expect(await page.locator('.conflict').count()).toBe(0);
    await expectNoAxeViolations(page);
    await page.close();
  });

  it("lets a host headteacher find their review waiting, and Fenbrook's head open last year's closed one", async () => {
    const head = await signInAt(browser, app.url, 'head@princerock.demo');
    const waiting = head.getByRole('region', { name: 'Waiting for you' });
    await expect.poll(() => waiting.textContent()).toContain('Prince Rock Primary');
    await expectNoAxeViolations(head);
    await head.close();

    const fenbrook = await signInAt(browser, app.url, 'host.head@fenbrook.demo', `/reviews/${DEMO_CLOSED_REVIEW_ID}`);
    await expect.poll(() => fenbrook.locator('[aria-current="step"]').textContent()).toContain('Closed');
    await expectNoAxeViolations(fenbrook);
    await fenbrook.close();
  });
});
