import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Locator, Page } from 'playwright-core';
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
 * Presses a key that moves the caret in a rich-text field, then waits until the editor has taken the new caret in.
 * Two races at test speed, both absent at human speed: ProseMirror puts its own selection back into the page 20 ms
 * after the field gains focus (undoing a key pressed sooner), and Chromium reports a moved caret in a later task, so
 * keys the editor handles itself (Enter, shortcuts) can act on the caret from before.
 */
export async function moveCaret(field: Locator, key: string): Promise<void> {
  await field.focus();
  // A timer set now fires after ProseMirror's own (same delay, set later): not a guess at the machine's speed.
  await field.evaluate(() => new Promise((resolve) => setTimeout(resolve, 20)));
  const caret = () =>
    field.evaluate((element) => {
      interface View {
        posAtDOM(node: Node, offset: number): number;
        state: { selection: { head: number } };
      }
      const view = (element as HTMLElement & { editor?: { view: View } }).editor?.view;
      const selection = document.getSelection();
      if (!view || !selection?.focusNode || !element.contains(selection.focusNode)) {
        return { editor: null, page: null };
      }
      return { editor: view.state.selection.head, page: view.posAtDOM(selection.focusNode, selection.focusOffset) };
    });
  const before = (await caret()).editor;
  await field.press(key);
  await expect
    .poll(async () => {
      const now = await caret();
      return now.editor !== null && now.editor !== before && now.editor === now.page;
    })
    .toBe(true);
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

/** Presses "Join session" on a video session's page once it may be pressed, and waits for the meeting's controls. */
export async function joinSession(page: Page): Promise<void> {
  const join = page.getByRole('button', { name: 'Join session' });
  await expect.poll(() => join.isEnabled()).toBe(true);
  await join.click();
  await expect.poll(() => page.getByRole('button', { name: 'Leave session' }).count()).toBe(1);
}
