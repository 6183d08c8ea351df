import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { addFenbrookTeacher } from '../support/workshop-fixtures.ts';

const FENBROOK = '6b1d0000-0000-4000-8000-000000000105';

const app = useDemoApp(async (server) => {
  await addFenbrookTeacher(server, 'year.three@fenbrook.demo', 'Year Three Teacher');
  await addFenbrookTeacher(server, 'moved.on@fenbrook.demo', 'Moved On Teacher');
  await addFenbrookTeacher(server, 'left.school@fenbrook.demo', 'Left School Teacher');
  await addFenbrookTeacher(server, 'asked.to.go@fenbrook.demo', 'Asked To Go Teacher');
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

  it('lets an administrator erase an account, confirmed with the person’s email address', async () => {
    const page = await signInAt(browser, app.url, 'admin@crosswalk.demo', '/admin/people');
    await page.getByLabel('Name or email address').fill('asked to go');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/search=asked/);
    const row = page.getByRole('row', { name: /Asked To Go Teacher/ });
    await row.getByRole('button', { name: 'Erase Asked To Go Teacher’s account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Erase Asked To Go Teacher’s account?' });
    await expect.poll(() => dialog.textContent()).toContain('It cannot be undone.');
    await expectNoAxeViolations(page);
    // The wrong address is refused before anything is sent, and said next to the field.
    await dialog.getByLabel('Type their email address to confirm').fill('someone.else@fenbrook.demo');
    await dialog.getByRole('button', { name: 'Erase the account' }).click();
    await expect
      .poll(() => dialog.textContent())
      .toContain('Type Asked To Go Teacher’s email address exactly as it is shown');
    await expectNoAxeViolations(page);
    await dialog.getByLabel('Type their email address to confirm').fill('asked.to.go@fenbrook.demo');
    await dialog.getByRole('button', { name: 'Erase the account' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'erased' }).textContent())
      .toContain('Asked To Go Teacher’s account has been erased.');
    // The list now shows nobody by that name: the account is "A former member of staff".
    await expect.poll(() => row.count()).toBe(0);
    await page.close();
  });

  it('lets the headteacher choose what happens to an erased person’s words', async () => {
    const page = await signInAt(browser, app.url, 'host.head@fenbrook.demo', `/schools/${FENBROOK}/staff`);
    const replace = page.getByLabel('Replace their words with “[removed at the person’s request]”');
    await expect.poll(() => replace.isChecked()).toBe(true);
    await page.getByLabel('Remove their words completely').check();
    await page.getByRole('button', { name: 'Save the choice' }).click();
    await expect
      .poll(() => page.getByRole('status').filter({ hasText: 'Saved' }).textContent())
      .toContain('This applies to anyone erased from now on.');
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByLabel('Remove their words completely').isChecked()).toBe(true);
    await page.close();
  });
});
