import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough, type Browser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';

const PEER = 'reviewer@princerock.demo';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

async function signIn(page: Page, email: string): Promise<void> {
  await signInThrough(page, `${app.url}/`, email);
}

describe('notifications in the browser', () => {
  it('says what will appear before anything has, and keeps the choices of how to hear', async () => {
    const page = await browser.newPage();
    await signIn(page, PEER);
    await page.getByRole('link', { name: 'Notifications, none unread' }).click();
    await page.waitForURL(`${app.url}/notifications`);
    await expect.poll(() => page.getByText('You have no notifications yet.').count()).toBe(1);
    await page.getByLabel('In Crosswalk only').check();
    await page.getByLabel('Send me a daily summary by email').check();
    await page.getByRole('button', { name: 'Save my choices' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Your choices are saved.');
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByLabel('In Crosswalk only').isChecked()).toBe(true);
    await page.close();
  });

  it('counts unread notices on the bell, and marks them read one by one or all at once', async () => {
    // Two real notices: the peer reviewer is taken off the demo review's team and put back.
    const lead = new HttpClient(app.url);
    await lead.login('partnership.lead@crosswalk.demo', DEMO_PASSWORD);
    const [peer] = await app.server.crosswalk.db.sql<{ id: string }[]>`select id from users where email = ${PEER}`;
    const [member] = await app.server.crosswalk.db.sql<{ role: string }[]>`
      select role from review_members where review_id = ${FENBROOK_REVIEW} and user_id = ${peer?.id ?? ''}`;
    expect((await lead.request('DELETE', `/api/reviews/${FENBROOK_REVIEW}/team/${peer?.id ?? ''}`)).status).toBe(200);
    expect(
      (await lead.post(`/api/reviews/${FENBROOK_REVIEW}/team`, { userId: peer?.id, role: member?.role })).status,
    ).toBe(201);
    const notices = async () => {
      const [count] = await app.server.crosswalk.db.sql<{ n: number }[]>`
        select count(*)::int as n from notifications where user_id = ${peer?.id ?? ''}`;
      return count?.n;
    };
    await expect.poll(notices).toBe(2);

    // Still signed in from the test before (the pages share the browser's cookies).
    const page = await browser.newPage();
    await page.goto(`${app.url}/`);
    await page.getByRole('link', { name: 'Notifications, 2 unread' }).click();
    await page.waitForURL(`${app.url}/notifications`);
    await expect.poll(() => page.getByRole('main').getByRole('listitem').count()).toBe(2);
    await page.getByRole('button', { name: 'Mark as read' }).first().click();
    await expect.poll(() => page.getByRole('link', { name: 'Notifications, 1 unread' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect.poll(() => page.getByRole('link', { name: 'Notifications, none unread' }).count()).toBe(1);
    await expect.poll(() => page.getByText('All read.').count()).toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
