import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS, launchChromium } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { addFenbrookTeacher, workshopSessionId } from '../support/workshop-fixtures.ts';
import { recordWebSockets, setOffline } from '../support/web-sockets.ts';

const FACILITATOR = 'champion@littlewaltham.demo';
const PARTICIPANTS = ['link.lead@fenbrook.demo', 'teacher.one@fenbrook.demo', 'teacher.two@fenbrook.demo'];

/** Waits for something to become true; generous, because several test runs may share the machine's two cores. */
const eventually = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000, interval: 100 });

let sessionId: string;
let browser: Browser;
const pages: Record<string, Page> = {};

const app = useDemoApp(async (server) => {
  sessionId = await workshopSessionId(server);
  await addFenbrookTeacher(server, 'teacher.one@fenbrook.demo', 'Teacher One (Fenbrook)');
  await addFenbrookTeacher(server, 'teacher.two@fenbrook.demo', 'Teacher Two (Fenbrook)');
});
beforeAll(async () => {
  // One browser, one context (profile) per person.
  browser = await launchChromium(FAKE_MEDIA_ARGS);
});
afterAll(() => browser.close());

/** Signs a person in on the workshop session's page and joins the room with the camera off. */
async function personInRoom(email: string): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  await recordWebSockets(page);
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  const cameraOff = page.getByLabel('Join with my camera off');
  await eventually(() => cameraOff.count()).toBe(1);
  await cameraOff.check();
  const join = page.getByRole('button', { name: 'Join session' });
  await eventually(() => join.isEnabled()).toBe(true);
  await join.click();
  await eventually(() => page.locator('#workshop-heading').count()).toBe(1);
  pages[email] = page;
  return page;
}

const everyone = () => [FACILITATOR, ...PARTICIPANTS].map((email) => pages[email] as Page);
const stageHeading = (page: Page) => page.locator('#stage-heading');
const timer = (page: Page) => page.locator('.stage [role="timer"]');
const peopleCount = (page: Page) => page.locator('#people-heading').textContent();

describe('a facilitated workshop with a facilitator and three participants', () => {
  it('shows everyone the same stage and the same countdown when the facilitator starts and moves on', async () => {
    const facilitator = await personInRoom(FACILITATOR);
    for (const email of PARTICIPANTS) {
      const page = await personInRoom(email);
      await eventually(() => page.getByText('The workshop has not started yet.', { exact: false }).count()).toBe(1);
      expect(await page.getByRole('heading', { name: 'Facilitator console' }).count()).toBe(0);
    }
    await facilitator.getByRole('button', { name: 'Start the workshop' }).click();
    for (const page of everyone()) {
      await eventually(() => stageHeading(page).textContent()).toBe('Purpose, agreements and focus');
    }
    const ends = await Promise.all(everyone().map((page) => timer(page).getAttribute('data-ends-at')));
    expect(new Set(ends).size).toBe(1);
    expect(Number(ends[0])).toBeGreaterThan(Date.now() + 9 * 60_000);
    for (const page of everyone()) {
      // A ten-minute stage shows 10:00 or 9:5x on every screen.
      await eventually(() => timer(page).textContent()).toMatch(/^(10:00|9:[0-5]\d)$/);
    }

    await facilitator.getByRole('button', { name: 'Next stage' }).click();
    for (const page of everyone()) {
      await eventually(() => stageHeading(page).textContent()).toBe('Findings walk-through');
      await eventually(() => timer(page).textContent()).toMatch(/^(15:00|14:[0-5]\d)$/);
      await expect
        .poll(() => page.getByRole('list', { name: 'Agenda' }).locator('[aria-current="step"]').textContent())
        .toContain('Findings walk-through');
    }
    await expectNoAxeViolations(facilitator);
    await expectNoAxeViolations(pages[PARTICIPANTS[0] ?? ''] as Page);
  });

  it('locks editing and brings everyone to a board, on every screen', async () => {
    const facilitator = pages[FACILITATOR] as Page;
    await facilitator.getByRole('button', { name: 'Lock editing' }).click();
    for (const email of PARTICIPANTS) {
      await eventually(() => (pages[email] as Page).getByText('Editing is locked.').count()).toBe(1);
    }
    await facilitator
      .getByLabel('Bring everyone to')
      .selectOption({ label: 'Board: Root causes: what is behind this?' });
    await facilitator.getByRole('button', { name: 'Bring everyone here' }).click();
    for (const email of PARTICIPANTS) {
      const page = pages[email] as Page;
      await expect
        .poll(() => page.locator('#brought-heading').textContent())
        .toBe('The facilitator brought you here: Root causes: what is behind this?');
      // Keyboard focus moves there too, so screen-reader and keyboard users arrive with everyone else.
      await eventually(() => page.evaluate(() => document.activeElement?.id)).toBe('brought-heading');
    }
    await expectNoAxeViolations(pages[PARTICIPANTS[2] ?? ''] as Page);
    await facilitator.getByRole('button', { name: 'Unlock editing' }).click();
    for (const email of PARTICIPANTS) {
      const page = pages[email] as Page;
      await eventually(() => page.getByText('Editing is locked.').count()).toBe(0);
      await page.getByRole('button', { name: 'Back to the current stage' }).click();
      await eventually(() => stageHeading(page).textContent()).toBe('Findings walk-through');
    }
  });

  it('brings a participant who lost the connection to the current stage when they are back', async () => {
    const facilitator = pages[FACILITATOR] as Page;
    const away = pages[PARTICIPANTS[1] ?? ''] as Page;
    await setOffline(away, true);
    await eventually(() => away.getByText('Reconnecting…').count()).toBeGreaterThan(0);
    await facilitator.getByRole('button', { name: 'Next stage' }).click();
    await eventually(() => stageHeading(facilitator).textContent()).toBe('Root causes: what is behind this?');
    // While offline the page still shows the old stage; back online it shows the current one, never the old.
    expect(await stageHeading(away).textContent()).toBe('Findings walk-through');
    await setOffline(away, false);
    await expect
      .poll(() => stageHeading(away).textContent(), { timeout: 15_000 })
      .toBe('Root causes: what is behind this?');
    expect(await timer(away).getAttribute('data-ends-at')).toBe(await timer(facilitator).getAttribute('data-ends-at'));
  });

  it('splits the participants into breakout groups with their own video rooms, then recalls them', async () => {
    const facilitator = pages[FACILITATOR] as Page;
    await eventually(() => peopleCount(facilitator)).toBe('People (4)');
    await facilitator.getByText('Breakout groups', { exact: true }).click();
    await facilitator.getByLabel('Number of groups').fill('2');
    await facilitator.getByRole('button', { name: 'Split at random' }).click();
    await expectNoAxeViolations(facilitator);
    await facilitator.getByRole('button', { name: 'Open the breakout groups' }).click();

    const groupOf: Record<string, string> = {};
    for (const email of PARTICIPANTS) {
      const page = pages[email] as Page;
      const heading = page.getByRole('heading', { name: /^You are in Group [12]$/ });
      await eventually(() => heading.count()).toBe(1);
      groupOf[email] = ((await heading.textContent()) ?? '').replace('You are in ', '');
    }
    const sizes = Object.values(groupOf).reduce<Record<string, number>>((acc, g) => {
      acc[g] = (acc[g] ?? 0) + 1;
      return acc;
    }, {});
    expect(Object.values(sizes).sort()).toEqual([1, 2]);
    // Each page's video room holds only its group; the facilitator stays in the main room alone.
    for (const email of PARTICIPANTS) {
      await eventually(() => peopleCount(pages[email] as Page)).toBe(`People (${sizes[groupOf[email] ?? ''] ?? 0})`);
    }
    await eventually(() => peopleCount(facilitator)).toBe('People (1)');
    await expectNoAxeViolations(pages[PARTICIPANTS[1] ?? ''] as Page);

    await facilitator.getByLabel('Message to every group').fill('Five minutes left: choose one idea.');
    await facilitator.getByRole('button', { name: 'Send to every group' }).click();
    for (const email of PARTICIPANTS) {
      await expect
        .poll(() => (pages[email] as Page).locator('.broadcast').textContent())
        .toBe('Message from the facilitator: Five minutes left: choose one idea.');
    }

    await facilitator.getByRole('button', { name: 'Bring everyone back' }).click();
    for (const page of everyone()) {
      await eventually(() => page.getByRole('heading', { name: /^You are in Group/ }).count()).toBe(0);
      await eventually(() => peopleCount(page)).toBe('People (4)');
      await eventually(() => page.getByText('Boards from the breakout groups (2)').count()).toBe(1);
      await eventually(() => stageHeading(page).textContent()).toBe('Root causes: what is behind this?');
    }
  });
  it('lets the facilitator edit the agenda from the keyboard; every screen shows the new agenda', async () => {
    const facilitator = pages[FACILITATOR] as Page;
    await facilitator.getByText('Edit the agenda', { exact: true }).click();
    const editor = facilitator.getByRole('form', { name: 'Agenda editor' });
    await eventually(() => editor.count()).toBe(1);
    await expectNoAxeViolations(facilitator);
    await facilitator.getByLabel('Title').nth(3).fill('Evidence from other schools');
    await facilitator.getByRole('button', { name: 'Move up “Evidence from other schools”' }).press('Enter');
    await facilitator.getByRole('button', { name: 'Save the agenda' }).press('Enter');
    for (const page of everyone()) {
      await eventually(() =>
        page.getByRole('list', { name: 'Agenda' }).getByRole('listitem').nth(2).textContent(),
      ).toContain('Evidence from other schools');
      // The current stage stays current, now fourth.
      await eventually(() => stageHeading(page).textContent()).toBe('Root causes: what is behind this?');
    }
  });

  it('records personal commitments and shows them to the facilitator', async () => {
    const facilitator = pages[FACILITATOR] as Page;
    await facilitator.getByRole('button', { name: 'Start “Personal commitments and close” now' }).click();
    const teacher = pages[PARTICIPANTS[1] ?? ''] as Page;
    await eventually(() => stageHeading(teacher).textContent()).toBe('Personal commitments and close');
    await teacher.getByLabel('Your commitment').fill('Try the 5 whys with my year 3 team');
    await teacher.getByRole('button', { name: 'Save my commitment' }).click();
    await eventually(() => teacher.getByText('Saved: “Try the 5 whys with my year 3 team”').count()).toBe(1);
    await eventually(() => facilitator.locator('.commitments').textContent()).toContain(
      'Teacher One (Fenbrook): Try the 5 whys with my year 3 team',
    );
    await expectNoAxeViolations(teacher);
  });
});
