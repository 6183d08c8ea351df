import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkshopBoardsAnswer } from '@crosswalk/shared';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { launchChromium } from '../support/chromium.ts';
import { signInAll } from '../support/fixtures.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { addFenbrookTeacher, FENBROOK_REVIEW, workshopSessionId } from '../support/workshop-fixtures.ts';

/**
 * A workshop board in four browsers at once (one Chromium, four contexts): the improvement champion facilitates;
 * the link lead and two teachers take part. Anonymous notes, clusters, dot votes with a reveal, the impact/effort
 * grid by keyboard-friendly controls, and clusters becoming rows of the action plan.
 */

const FACILITATOR = 'champion@littlewaltham.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const QUIET = 'quiet.teacher@fenbrook.demo';
const QUIET_NAME = 'Reception Teacher Hushford (Fenbrook)';
const OTHER = 'other.teacher@fenbrook.demo';
const OTHER_NAME = 'Year 2 Teacher Bramley (Fenbrook)';

let browser: Browser;
let sessionId = '';
let boardId = '';
let quietId = '';

interface Person {
  page: Page;
  /** Every WebSocket frame the page received (socket.io and Yjs), as text. */
  frames: string[];
}

const app = useDemoApp(async (server) => {
  quietId = await addFenbrookTeacher(server, QUIET, QUIET_NAME);
  await addFenbrookTeacher(server, OTHER, OTHER_NAME);
  sessionId = await workshopSessionId(server);
  const { [FACILITATOR]: http } = await signInAll(server, [FACILITATOR]);
  const answer = (await http?.get(`/api/sessions/${sessionId}/workshop/boards`))?.body as WorkshopBoardsAnswer;
  boardId = answer.boards.find((b) => b.title === 'Ideas and priorities')?.id ?? '';
});
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(() => browser.close());

async function openBoardAs(email: string): Promise<Person> {
  const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const frames: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', (frame) => {
      frames.push(typeof frame.payload === 'string' ? frame.payload : frame.payload.toString('utf8'));
    });
  });
  const url = `${app.url}/sessions/${sessionId}/boards/${boardId}`;
  await signInThrough(page, url, email);
  await page.getByRole('heading', { name: 'Ideas and priorities' }).waitFor();
  await page.getByRole('heading', { name: 'Notes' }).waitFor();
  return { page, frames };
}

async function addNote(person: Person, text: string, anonymous: boolean): Promise<void> {
  await person.page.getByLabel('Your note').fill(text);
  await person.page.getByLabel('Add without my name (anonymous)').setChecked(anonymous);
  await person.page.getByRole('button', { name: 'Add note' }).click();
  await person.page.getByRole('listitem', { name: `Note: ${text}` }).waitFor();
}

const note = (person: Person, text: string) => person.page.getByRole('listitem', { name: `Note: ${text}` });

describe('a workshop board with a facilitator and three participants', () => {
  let facilitator: Person;
  let linkLead: Person;
  let quiet: Person;
  let other: Person;

  it('shows an anonymous note to everyone without its author, and never sends the author to their pages', async () => {
    facilitator = await openBoardAs(FACILITATOR);
    linkLead = await openBoardAs(LINK_LEAD);
    quiet = await openBoardAs(QUIET);
    other = await openBoardAs(OTHER);

    await addNote(quiet, 'Reading books do not match the phonics taught', true);
    await addNote(linkLead, 'Daily story time in every class', false);
    await addNote(other, 'Reading buddies with Year 6', false);

    for (const person of [facilitator, linkLead, other]) {
      const anonymous = note(person, 'Reading books do not match the phonics taught');
      await expect.poll(() => anonymous.textContent()).toContain('Anonymous');
      expect(await anonymous.textContent()).not.toContain('Hushford');
      expect(await anonymous.getByRole('button', { name: /Delete/ }).count()).toBe(0);
      await expect
        .poll(() => note(person, 'Daily story time in every class').textContent())
        .toContain('Deputy Head and Link Lead (Fenbrook)');
    }
    // The author sees it is theirs, and can change it.
    await expect
      .poll(() => note(quiet, 'Reading books do not match the phonics taught').textContent())
      .toContain('written by you');
    await quiet.page
      .getByRole('button', { name: 'Change your note “Reading books do not match the phonics taught”' })
      .click();
    await quiet.page.getByLabel('Change your note').fill('Reading books do not match the phonics phase taught');
    await quiet.page.getByRole('button', { name: 'Save' }).click();
    for (const person of [facilitator, linkLead, other]) {
      await note(person, 'Reading books do not match the phonics phase taught').waitFor();
    }

    for (const person of [facilitator, linkLead, other]) {
      expect(person.frames.length).toBeGreaterThan(0);
      // Who is in the workshop is no secret (the room's people list shows it, as in the video call); it is sent
      // when people come and go, never with a note. Every other frame must be silent about the author.
      const aboutTheBoard = person.frames.filter((frame) => !frame.startsWith('42["workshop.presence",'));
      expect(aboutTheBoard.length).toBeLessThan(person.frames.length);
      for (const secret of [quietId, QUIET_NAME, 'Hushford', QUIET]) {
        expect(aboutTheBoard.filter((frame) => frame.includes(secret))).toEqual([]);
      }
    }
    await expectNoAxeViolations(facilitator.page);
    await expectNoAxeViolations(quiet.page);
  });

  it('groups notes into a cluster that everyone sees', async () => {
    await linkLead.page.screenshot({ path: '/tmp/wb-linklead.png', fullPage: true });
    await linkLead.page
      .getByLabel('Choose “Reading books do not match the phonics phase taught” for a new group')
      .check();
    await linkLead.page.getByLabel('Choose “Daily story time in every class” for a new group').check();
    await linkLead.page.getByLabel(/Group the chosen notes/).fill('Reading culture');
    await linkLead.page.getByRole('button', { name: 'Group chosen notes' }).click();
    for (const person of [facilitator, quiet, other]) {
      const group = person.page.getByRole('region', { name: 'Group: Reading culture' });
      await group.waitFor();
      await expect.poll(() => group.getByRole('listitem').count()).toBe(2);
    }
  });

  it('counts dot votes correctly and keeps them hidden until the facilitator reveals them', async () => {
    const vote = (person: Person, label: string) =>
      person.page.getByRole('button', { name: `Vote for “${label}”`, exact: true }).click();
    const status = async (person: Person) =>
      ((await person.page.getByTestId('vote-status').textContent()) ?? '').replace(/\s+/g, ' ');

    await vote(linkLead, 'Reading culture');
    await expect.poll(() => status(linkLead)).toContain('2 of 3 votes left');
    await vote(linkLead, 'Reading culture');
    await expect.poll(() => status(linkLead)).toContain('1 of 3 votes left');
    await vote(linkLead, 'Reading buddies with Year 6');
    await expect.poll(() => status(linkLead)).toContain('0 of 3 votes left');
    // No votes left: the vote buttons are off until one is taken back.
    expect(await linkLead.page.getByRole('button', { name: 'Vote for “Reading culture”' }).isDisabled()).toBe(true);

    await vote(quiet, 'Reading culture');
    await expect.poll(() => status(quiet)).toContain('2 of 3 votes left');
    await vote(other, 'Reading buddies with Year 6');
    await expect.poll(() => status(other)).toContain('2 of 3 votes left');
    await vote(other, 'Reading culture');
    await expect.poll(() => status(other)).toContain('1 of 3 votes left');
    await other.page.getByRole('button', { name: 'Take back a vote from “Reading culture”' }).click();
    await expect.poll(() => status(other)).toContain('2 of 3 votes left');

    // Before the reveal nobody, the facilitator included, sees a total.
    await expect.poll(() => status(facilitator)).toContain('3 people have voted');
    for (const person of [facilitator, linkLead, quiet, other]) {
      expect(await person.page.getByTestId('vote-total').count()).toBe(0);
      expect(person.frames.some((frame) => frame.includes('board.votes.revealed'))).toBe(false);
    }

    await facilitator.page.getByRole('button', { name: 'Reveal votes' }).click();
    for (const person of [facilitator, linkLead, quiet, other]) {
      const results = person.page.getByRole('list', { name: 'Results, most votes first' });
      await results.waitFor();
      await expect
        .poll(() => results.getByRole('listitem').allTextContents())
        .toEqual([
          expect.stringMatching(/Group: Reading culture\s*3 votes/),
          expect.stringMatching(/Reading buddies with Year 6\s*2 votes/),
        ]);
    }
    await expectNoAxeViolations(other.page);
  });

  it('places a cluster on the impact/effort grid without dragging', async () => {
    const select = quiet.page
      .getByRole('region', { name: 'Impact and effort' })
      .getByRole('combobox', { name: 'Group: Reading culture' });
    await select.focus();
    await select.selectOption({ label: 'High impact, low effort: quick wins' });
    for (const person of [facilitator, linkLead, other]) {
      await expect
        .poll(() => person.page.locator('[data-quadrant="high-low"]').textContent())
        .toContain('Group: Reading culture');
    }
  });

  it('turns the chosen cluster into a row of the action plan', async () => {
    const page = facilitator.page;
    await page.getByRole('button', { name: 'Draft an action for “Reading culture”' }).click();
    await page.getByLabel('Action (first step)').fill('Daily 20-minute story time in every class');
    await page.getByLabel(/Owner \(by role/).fill('English lead');
    await page.getByLabel('Start date').fill('2026-01-05');
    await page.getByLabel('Due date').fill('2026-07-17');
    await page.getByLabel('Success criteria').fill('More pupils say they read at home');
    await page.getByLabel('Support requested from a partner school').fill('A visit to Little Waltham’s reading café');
    await page.getByRole('button', { name: 'Add to the action plan' }).click();
    const notice = page.locator('.notice', { hasText: 'Added to the action plan as' });
    await notice.waitFor();
    const label = /as (A\d+)\./.exec((await notice.textContent()) ?? '')?.[1] ?? '';
    expect(label).toMatch(/^A\d+$/);
    for (const person of [linkLead, quiet, other]) {
      await person.page.getByText('In the action plan').waitFor();
    }

    // The action plan in the enquiry document shows it (the link lead may edit it; the champion reads it).
    const documentPage = linkLead.page;
    await documentPage.goto(`${app.url}/reviews/${FENBROOK_REVIEW}/document`);
    await expect
      .poll(() => documentPage.getByLabel(`Action (${label})`, { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe('Daily 20-minute story time in every class');
    expect(await documentPage.getByLabel(`Owner (role) (${label})`, { exact: true }).inputValue()).toBe('English lead');
    expect(await documentPage.getByLabel(`Success criteria (${label})`, { exact: true }).inputValue()).toBe(
      'More pupils say they read at home',
    );
  });
});
