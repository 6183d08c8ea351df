import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS, type Browser } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * The workshop as the main stage: a facilitator (the improvement champion) puts the workshop where the video was,
 * with everyone's video in a strip that stays in view on a laptop while the board is used; anyone else keeps the
 * workshop in the side panel beside the video.
 */

const FACILITATOR = 'champion@littlewaltham.demo';
const PARTICIPANT = 'link.lead@fenbrook.demo';
const LAPTOP = { width: 1366, height: 768 };
/** Two meshed Chromiums on a loaded 2-core machine take a while to settle. */
const TEST_TIMEOUT_MS = 120_000;
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

let sessionId: string;
const app = useDemoApp(async (server) => {
  sessionId = await workshopSessionId(server);
});
const browsers: Browser[] = [];
afterAll(async () => {
  await Promise.all(browsers.map((browser) => browser.close()));
});

/** Signs a person in on the workshop session's page, at laptop size, and joins the room. */
async function personInRoom(email: string): Promise<Page> {
  const browser = await app.launch(FAKE_MEDIA_ARGS);
  browsers.push(browser);
  const page = await browser.newPage();
  await page.setViewportSize(LAPTOP);
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  const join = page.getByRole('button', { name: 'Join session' });
  await eventually(() => join.isEnabled()).toBe(true);
  await join.click();
  await eventually(() => page.locator('#workshop-heading').count()).toBe(1);
  return page;
}

/** What of `selector` is not wholly inside the window or is covered by something else ([] when all is in view). */
function outOfView(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((css) => {
    const elements = [...document.querySelectorAll(css)];
    if (elements.length === 0) {
      return [`nothing matches ${css}`];
    }
    return elements.flatMap((element) => {
      const box = element.getBoundingClientRect();
      const name = element.textContent.trim().slice(0, 40);
      if (box.width === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
        return [`${name} at ${JSON.stringify(box)}`];
      }
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return element.contains(hit) ? [] : [`${name} is covered`];
    });
  }, selector);
}

const stage = (page: Page) => page.getByRole('region', { name: 'Video' });
const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Meeting controls' });

describe('the workshop on the main stage', () => {
  it(
    'lets a facilitator use the board on the main stage with the video in view; others keep it in the panel',
    async () => {
      const facilitator = await personInRoom(FACILITATOR);
      const participant = await personInRoom(PARTICIPANT);
      await eventually(() => stage(facilitator).locator('figure').count()).toBe(2);

      // The facilitator starts the workshop and moves on to its first board.
      await facilitator.getByRole('button', { name: 'Start the workshop' }).click();
      for (const next of ['Findings walk-through', 'Root causes: what is behind this?']) {
        await facilitator.getByRole('button', { name: 'Next stage' }).click();
        await eventually(() => facilitator.locator('#stage-heading').textContent()).toBe(next);
      }

      const onStage = toolbar(facilitator).getByRole('button', { name: 'Workshop on main stage' });
      expect(await onStage.getAttribute('aria-pressed')).toBe('false');
      await onStage.click();
      await eventually(() => stage(facilitator).getAttribute('data-layout')).toBe('workshop');
      expect(await onStage.getAttribute('aria-pressed')).toBe('true');
      const strip = stage(facilitator).getByRole('group', { name: 'Everyone else' });
      expect(await strip.locator('figure').count()).toBe(2);
      // The workshop is on the stage, once: the side panel says where it went.
      expect(await stage(facilitator).locator('#workshop-heading').count()).toBe(1);
      expect(await facilitator.locator('#side-panel #workshop-heading').count()).toBe(0);

      // The board on the stage is usable, and everyone sees its notes.
      const text = 'Phonics books do not match the phase taught';
      await facilitator.getByLabel('Your note').fill(text);
      await facilitator.getByRole('button', { name: 'Add note' }).click();
      await stage(facilitator)
        .getByRole('listitem', { name: `Note: ${text}` })
        .waitFor();
      await participant.getByRole('listitem', { name: `Note: ${text}` }).waitFor();

      // Scrolling the workshop to its end leaves the video strip, and the control bar, in view.
      await stage(facilitator)
        .locator('.main.workshop')
        .evaluate((main) => {
          main.scrollTop = main.scrollHeight;
        });
      await facilitator.mouse.wheel(0, 2000);
      await eventually(() => outOfView(facilitator, '[aria-label="Everyone else"] figure')).toEqual([]);
      await eventually(() => outOfView(facilitator, '[role="toolbar"] > button')).toEqual([]);
      await expectNoAxeViolations(facilitator);

      // Someone who does not facilitate has no such button: the workshop stays in the panel beside the video.
      expect(await toolbar(participant).getByRole('button', { name: 'Workshop on main stage' }).count()).toBe(0);
      expect(await stage(participant).getAttribute('data-layout')).toBe('grid');
      expect(await participant.locator('#side-panel #workshop-heading').count()).toBe(1);
      expect(await stage(participant).locator('#workshop-heading').count()).toBe(0);

      // Back in the panel for the facilitator too, when they choose.
      await onStage.click();
      await eventually(() => stage(facilitator).getAttribute('data-layout')).toBe('grid');
      await eventually(() => facilitator.locator('#side-panel #workshop-heading').count()).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );
});
