import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, type Browser } from '../support/browser.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { useDemoApp } from '../support/demo-app.ts';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto(`${app.url}/`);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('signing in', () => {
  it('sends a visitor to the sign-in page, which has no accessibility violations', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/signin/);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Sign in to Crosswalk');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('signs in a demo headteacher and shows their home page', async () => {
    const page = await browser.newPage();
    await signIn(page, 'host.head@fenbrook.demo', DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/`);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Welcome, Headteacher (Fenbrook)');
    const schools = page.getByRole('region', { name: 'Your schools' });
    await expect.poll(() => schools.textContent()).toContain('Fenbrook Primary');
    const reviews = page.getByRole('region', { name: 'Your reviews' });
    await expect.poll(() => reviews.textContent()).toContain('Fenbrook Primary');
    expect(await reviews.textContent()).toContain('Your role: Host headteacher');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/signin/);
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/signin/);
    await page.close();
  });

  it('shows a clear error for a wrong password, with focus on the summary', async () => {
    const page = await browser.newPage();
    await signIn(page, 'host.head@fenbrook.demo', 'not the password');
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toContain('The email address or password is not right');
    expect(await alert.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(page.url()).toContain('/signin');
    await expectNoAxeViolations(page);
    await page.close();
  });

  it('says which fields are missing without calling the server', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/signin`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter your email address');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBe('true');
    await page.close();
  });
});

describe('invitations in the browser', () => {
  it('lets a partnership lead invite a colleague, who accepts and lands on their home page', async () => {
    const page = await browser.newPage();
    await signIn(page, 'partnership.lead@crosswalk.demo', DEMO_PASSWORD);
    await page.waitForURL(`${app.url}/`);
    await page.getByRole('link', { name: 'Invite people' }).click();
    await page.waitForURL(/\/people\/invite/);
    await page.getByLabel('Full name').fill('Browser Invitee');
    await page.getByLabel('Email address').fill('browser.invitee@fenbrook.demo');
    await page.getByLabel('School', { exact: true }).selectOption({ label: 'Fenbrook Primary (Lincolnshire)' });
    await page.getByLabel('Role at the school').selectOption({ label: 'Teacher' });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => page.getByRole('status').first().textContent())
      .toContain('Invitation sent to browser.invitee@fenbrook.demo');
    await page.close();

    const [mail] = await app.server.crosswalk.db.sql<{ bodyText: string }[]>`
      select body_text from mail_outbox where to_address = 'browser.invitee@fenbrook.demo'`;
    const link = /(\/invite#[\w-]+)/.exec(mail?.bodyText ?? '')?.[1];
    expect(link).toBeDefined();

    // The invitee uses the same browser profile after the lead has gone: start with no session at all.
    await browser.context.clearCookies();
    const invitePage = await browser.newPage();
    await invitePage.goto(`${app.url}${link ?? ''}`);
    await expect.poll(() => invitePage.getByRole('heading', { level: 1 }).textContent()).toBe('Accept your invitation');
    await expect.poll(() => invitePage.getByText('Browser Invitee').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(invitePage);
    await invitePage.getByLabel('Choose a password').fill('apple river lantern');
    await invitePage.getByLabel('Type the password again').fill('apple river lantern');
    await invitePage.getByRole('button', { name: 'Set password and continue' }).click();
    await invitePage.waitForURL(`${app.url}/`);
    await expect
      .poll(() => invitePage.getByRole('heading', { level: 1 }).textContent())
      .toBe('Welcome, Browser Invitee');
    await invitePage.close();
  });
});
