import { readFile } from 'node:fs/promises';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const HOST_HEAD = 'host.head@fenbrook.demo';
const ADMIN = 'admin@crosswalk.demo';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
  app.server.crosswalk.services.subjectAccess.useClock(() => new Date('2027-01-10T10:00:00Z'));
});

describe('downloading my data in the browser', () => {
  it('gives a headteacher a ZIP of everything Crosswalk holds about them from Your account', async () => {
    const page = await signInAt(browser, app.url, HOST_HEAD, '/account');
    const section = page.getByRole('region', { name: 'Download my data' });
    await section.getByText('Open summary.txt').waitFor();
    await expectNoAxeViolations(page);

    // From the keyboard: focus the button and press Enter.
    await section.getByRole('button', { name: 'Download my data' }).focus();
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toBe('crosswalk-data-headteacher-fenbrook-2027-01-10.zip');
    const zip = await JSZip.loadAsync(await readFile(await download.path()));
    expect(Object.keys(zip.files)).toEqual(expect.arrayContaining(['README.txt', 'summary.txt', 'profile.json']));
    expect(await zip.file('summary.txt')?.async('string')).toContain('Headteacher at Fenbrook Primary');
    await expect
      .poll(() => section.getByRole('status').textContent())
      .toContain('crosswalk-data-headteacher-fenbrook-2027-01-10.zip');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('lets an administrator download one person’s data from the list of people', async () => {
    const page = await signInAt(browser, app.url, ADMIN, '/admin/people');
    await page.getByLabel('Name or email address').fill('hempshill');
    await page.getByRole('button', { name: 'Search' }).click();
    const button = page.getByRole('button', { name: 'Download Peer Reviewer (Hempshill)’s data' });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('crosswalk-data-peer-reviewer-hempshill-2027-01-10.zip');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
