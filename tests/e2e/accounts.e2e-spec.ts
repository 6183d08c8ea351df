import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, launchBrowser, type Browser } from '../support/browser.ts';
import { DEMO_PASSWORD, withDemoData } from '../support/fixtures.ts';
import { startTestOidcProvider, type TestOidcProvider } from '../support/oidc-test-provider.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let provider: TestOidcProvider;
let server: TestServer;
let browser: Browser;
const CLIENT_SECRET = 'a client secret for the browser test';

beforeAll(async () => {
  provider = await startTestOidcProvider();
  server = await startTestServer({
    env: {
      SERVICES: 'api,web,realtime',
      OIDC_PROVIDERS: 'test',
      OIDC_TEST_ISSUER: provider.issuer,
      OIDC_TEST_CLIENT_ID: 'crosswalk-browser',
      OIDC_TEST_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_TEST_LABEL: 'Test Workspace',
    },
  });
  provider.register([
    {
      client_id: 'crosswalk-browser',
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${server.url}/api/auth/oidc/test/callback`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ]);
  await withDemoData(server);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser.close();
  await server.close();
  await provider.close();
});

async function welcomed(page: Page): Promise<void> {
  await page.waitForURL(`${server.url}/`);
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Welcome');
}

describe('accounts in the browser', () => {
  it('resets a forgotten password from the sign-in page with the emailed link', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(/\/forgot-password/);
    await expectNoAxeViolations(page);
    await page.getByLabel('Email address').fill('reviewer@hempshill.demo');
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toContain('reviewer@hempshill.demo');

    await server.crosswalk.services.passwordResets.settled();
    const [mail] = await server.crosswalk.db.sql<{ bodyText: string }[]>`
      select body_text from mail_outbox where to_address = 'reviewer@hempshill.demo' order by created_at desc`;
    const link = /(\/reset-password\?token=[\w-]+)/.exec(mail?.bodyText ?? '')?.[1];
    expect(link).toBeDefined();
    await page.goto(`${server.url}${link ?? ''}`);
    await expect.poll(() => page.getByText('reviewer@hempshill.demo').count()).toBeGreaterThan(0);
    // The secret is taken out of the address bar once read.
    expect(page.url()).toBe(`${server.url}/reset-password`);
    await expectNoAxeViolations(page);
    await page.getByLabel('New password').fill('lantern river apple');
    await page.getByLabel('Type the password again').fill('lantern river apple');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await welcomed(page);
    await page.close();
  });

  it('changes name and password on Your account', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    await page.getByLabel('Email address').fill('reviewer@princerock.demo');
    await page.getByLabel('Password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await welcomed(page);
    await page.getByRole('link', { name: /your account/ }).click();
    await page.waitForURL(/\/account/);
    await expectNoAxeViolations(page);

    await page.getByLabel('Name', { exact: true }).fill('Priya Rao');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toContain('Your name has been saved');
    await expect.poll(() => page.getByRole('link', { name: /your account/ }).textContent()).toContain('Priya Rao');

    await page.getByLabel('Current password').fill(DEMO_PASSWORD);
    await page.getByLabel('New password').fill('orchard kettle meadow');
    await page.getByLabel('Type the password again').fill('orchard kettle meadow');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => page.getByText('Your password has been changed').count()).toBe(1);
    await page.close();
  });

  it('signs in with the school account button (a real OpenID provider)', async () => {
    await browser.context.clearCookies();
    const page = await browser.newPage();
    await page.goto(`${server.url}/signin`);
    const button = page.getByRole('link', { name: 'Sign in with Test Workspace' });
    await expect.poll(() => button.count()).toBe(1);
    await expectNoAxeViolations(page);
    await button.click();
    // The provider's own development sign-in and consent forms.
    await page.locator('input[name="login"]').fill('host.head@fenbrook.demo');
    await page.locator('input[name="password"]').fill('anything');
    await page.locator('button[type="submit"]').click();
    await page.locator('button[type="submit"]', { hasText: 'Continue' }).click();
    await welcomed(page);
    await page.close();
  });
});
