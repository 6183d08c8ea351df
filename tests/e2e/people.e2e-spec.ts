import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { addFenbrookTeacher } from '../support/workshop-fixtures.ts';

const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';

const app = useDemoApp(async (server) => {
  await addFenbrookTeacher(server, 'year.three@fenbrook.demo', 'Year Three Teacher');
  await addFenbrookTeacher(server, 'moved.on@fenbrook.demo', 'Moved On Teacher');
  await addFenbrookTeacher(server, 'left.school@fenbrook.demo', 'Left School Teacher');
});
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('school staff and accounts in the browser', () => {
  it("lets the headteacher change a staff member's role and remove another, with a confirmation", async () => {
    const page = await signInAt(browser, app.url, 'host.head@fenbrook.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Staff' }).click();
    await page.waitForURL(`${app.url}/schools/${FENBROOK}/staff`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff at Fenbrook Primary');
    await expectNoAxeViolations(page);

    await page.getByLabel('Role of Year Three Teacher').selectOption('senior_leader');
    await page.getByRole('button', { name: 'Change role of Year Three Teacher' }).click();
    const status = page.getByRole('status').filter({ hasText: 'now' });
    await expect.poll(() => status.textContent()).toContain('Year Three Teacher is now senior leader.');

    await page.getByRole('button', { name: 'Remove Moved On Teacher from the school' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove from the school?' });
    await expect.poll(() => dialog.textContent()).toContain('Moved On Teacher will no longer be on the staff');
    await expectNoAxeViolations(page);
    // Cancelling changes nothing; keyboard focus returns to the button.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const remove = page.getByRole('button', { name: 'Remove Moved On Teacher from the school' });
    await expect.poll(() => remove.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog.getByRole('button', { name: 'Remove from the school' }).click();
    await expect
      .poll(() => page.locator('#staff-status').textContent())
      .toContain('Moved On Teacher has been removed from Fenbrook Primary.');
    await expect.poll(() => page.getByRole('table').textContent()).not.toContain('Moved On Teacher');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('lets an administrator switch off an account and find it in the audit log', async () => {
    const page = await signInAt(browser, app.url, 'admin@crosswalk.demo', `/schools/${FENBROOK}/staff`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Staff at Fenbrook Primary');
    await page.getByRole('button', { name: 'Switch off Left School Teacher’s account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Switch off this account?' });
    await expect.poll(() => dialog.textContent()).toContain('signed out everywhere at once');
    await expectNoAxeViolations(page);
    await dialog.getByRole('button', { name: 'Switch off the account' }).click();
    await expect
      .poll(() => page.locator('#staff-status').textContent())
      .toContain('Left School Teacher’s account is switched off.');
    const row = page.getByRole('row', { name: /Left School Teacher/ });
    await expect.poll(() => row.textContent()).toContain('Switched off');
    await expect.poll(() => row.getByRole('button', { name: /back on/ }).count()).toBe(1);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL(`${app.url}/admin/audit`);
    await page.getByLabel('Kind of change').selectOption({ label: 'Switched an account off' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/action=account\.deactivated/);
    await expect
      .poll(() => page.getByRole('table').textContent())
      .toContain('Crosswalk Administrator switched off Left School Teacher’s account');
    await expectNoAxeViolations(page);

    // The list of every account finds the person again, switched off, to switch back on if they return.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People', exact: true }).click();
    await page.waitForURL(`${app.url}/admin/people`);
    await page.getByLabel('Name or email address').fill('left school');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/search=left/);
    const found = page.getByRole('row', { name: /Left School Teacher/ });
    await expect.poll(() => found.textContent()).toContain('Switched off');
    await expect
      .poll(() => found.getByRole('button', { name: 'Switch Left School Teacher’s account back on' }).count())
      .toBe(1);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
