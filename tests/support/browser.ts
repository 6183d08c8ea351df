import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD } from '../../server/src/demo/demo-data.ts';

import type { Browser } from './chromium.ts';

export { CHROMIUM_ARGS, launchBrowser, type Browser } from './chromium.ts';

/** Signs in afresh as a demo account by opening `path`: the sign-in page sends the person back there. */
export async function signInAt(browser: Browser, baseUrl: string, email: string, path = '/'): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.newPage();
  await signInThrough(page, `${baseUrl}${path}`, email);
  return page;
}

const require = createRequire(import.meta.url);

let axeSource: string | undefined;

/** Runs axe-core (WCAG 2.0–2.2 A and AA rules) in the page and fails with a readable list of violations. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  axeSource ??= await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  });
  expect(violations).toEqual([]);
}

/**
 * Opens `url` (a page that needs a sign-in), signs in on the sign-in page it sends the visitor to, and waits to be
 * back on `url`. A demo account's password unless `password` is given.
 */
export async function signInThrough(
  page: Page,
  url: string,
  email: string,
  options: { password?: string; sharedComputer?: boolean } = {},
): Promise<void> {
  await page.goto(url);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(options.password ?? DEMO_PASSWORD);
  if (options.sharedComputer) {
    await page.getByLabel('This is a shared computer').check();
  }
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(url);
}
