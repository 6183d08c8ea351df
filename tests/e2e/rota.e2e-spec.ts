import { addDays, isoWeekday } from '@crosswalk/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPartnership, demoSchools } from '../../server/src/demo/demo-data.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { trainMorePeople } from '../support/rota-fixtures.ts';

const LEAD = 'partnership.lead@crosswalk.demo';
const FENBROOK_HEAD = 'host.head@fenbrook.demo';

const app = useDemoApp(trainMorePeople);
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe("the year's review rota in the browser", () => {
  it('lets the partnership lead propose, correct and publish the rota; the host head then finds the review', async () => {
    const page = await signInAt(browser, app.url, LEAD, `/partnerships/${demoPartnership.id}`);
    await page.getByRole('link', { name: "Plan the year's rota" }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Review rota for ${demoPartnership.name}`);
    // Next year: all of it is still ahead, whatever the day the test runs.
    const year = page.getByLabel('Academic year');
    const nextYear = await year.locator('option').nth(1).getAttribute('value');
    await year.selectOption(nextYear ?? '');
    await expect.poll(() => page.getByText(`There is no rota for ${nextYear} yet`).count()).toBe(1);
    await expectNoAxeViolations(page);

    await page.getByLabel('Peer reviewers on each review').selectOption('2');
    await page.getByRole('button', { name: 'Propose a rota' }).click();
    await expect.poll(() => page.getByText(`A proposed rota for ${nextYear} is ready below.`).count()).toBe(1);
    const rows = page.locator('table tbody tr');
    await expect.poll(() => rows.count()).toBe(demoSchools.length);
    await expectNoAxeViolations(page);

    // A Saturday for Fenbrook: the problem is shown under its row, and publishing waits until it is put right.
    await page.getByRole('button', { name: 'Change the review of Fenbrook Primary' }).click();
    const form = page.getByRole('form', { name: 'Change the review of Fenbrook Primary' });
    const day = form.getByLabel('Review day');
    const original = await day.inputValue();
    await expectNoAxeViolations(page);
    let saturday = `${Number(nextYear?.slice(0, 4)) + 1}-01-10`;
    while (isoWeekday(saturday) !== 6) {
      saturday = addDays(saturday, 1);
    }
    await day.fill(saturday);
    await form.getByRole('button', { name: 'Save this review' }).click();
    await expect
      .poll(() => page.locator('tr.conflicts').textContent())
      .toContain('is not a school day at Fenbrook Primary: it is a weekend.');
    expect(await page.getByRole('button', { name: 'Publish the rota' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Change the review of Fenbrook Primary' }).click();
    await form.getByLabel('Review day').fill(original);
    await form.getByRole('button', { name: 'Save this review' }).click();
    await expect.poll(() => page.locator('tr.conflicts').count()).toBe(0);

    await page.getByRole('button', { name: 'Publish the rota' }).click();
    const confirm = page.getByRole('group', { name: /Are you sure/ });
    await confirm.getByRole('button', { name: 'Yes, publish the rota' }).click();
    await expect
      .poll(() => page.getByText(/^Published: \d+ reviews were created/).textContent())
      .toBe(`Published: ${demoSchools.length} reviews were created, and everyone involved has been told.`);
    await expect.poll(() => page.getByRole('link', { name: 'Open the review' }).count()).toBe(demoSchools.length);
    await expectNoAxeViolations(page);
    await page.close();

    // Fenbrook's head finds the new review waiting on the home page, and the email in the outbox.
    const head = await signInAt(browser, app.url, FENBROOK_HEAD, '/');
    const waiting = head.getByRole('region', { name: 'Waiting for you' });
    await expect.poll(() => waiting.getByRole('link', { name: 'Accept the review slot' }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(head);
    const mails = await app.server.crosswalk.db.sql<{ subject: string }[]>`
      select subject from mail_outbox where to_address = ${FENBROOK_HEAD}`;
    expect(mails.map((m) => m.subject)).toContain(`Review rota ${nextYear}: peer review of Fenbrook Primary`);
    await head.close();
  });
});
