import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';

/** Moderation and live captions in the browser: mute everyone and captions reach every page. */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'Lead Reviewer (Summercroft)';
const PRINCE_ROCK = 'Peer Reviewer (Prince Rock)';
/** Three browsers start, sign in and join a mesh on a 2-core machine: room for a busy one. */
const TEST_TIMEOUT_MS = 120_000;

let sessionId: string;

const app = useDemoApp(async (server) => {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${REVIEW} and kind = 'review_day' order by starts_at limit 1`;
  sessionId = row?.id ?? '';
});

/** A person in their own browser profile, signed in and in the room. */
async function inRoom(email: string): Promise<Page> {
  const browser = await app.launch(FAKE_MEDIA_ARGS);
  const page = await browser.newPage();
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  const join = page.getByRole('button', { name: 'Join session' });
  await expect.poll(() => join.isEnabled(), { timeout: 30_000 }).toBe(true);
  await join.click();
  await expect.poll(() => page.getByRole('button', { name: 'Leave session' }).count(), { timeout: 30_000 }).toBe(1);
  return page;
}

/** Opens the side panel's People tab, where moderators find their controls. */
async function openPeople(page: Page): Promise<void> {
  const people = page.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name: /^People/ });
  if ((await people.getAttribute('aria-pressed')) !== 'true') {
    await people.click();
  }
  await expect.poll(() => people.getAttribute('aria-pressed')).toBe('true');
}

describe('moderating a video session in the browser', () => {
  let lead: Page;
  let hempshill: Page;
  let princeRock: Page;

  it(
    'mute everyone reaches every other page, and only the person can unmute',
    async () => {
      lead = await inRoom('lead.reviewer@summercroft.demo');
      hempshill = await inRoom('reviewer@hempshill.demo');
      princeRock = await inRoom('reviewer@princerock.demo');
      await openPeople(lead);
      await openPeople(hempshill);
      const moderation = lead.getByRole('region', { name: 'Moderation' });
      await expect.poll(() => moderation.count()).toBe(1);
      expect(await hempshill.getByRole('region', { name: 'Moderation' }).count()).toBe(0);
      await expectNoAxeViolations(lead);

      await moderation.getByRole('button', { name: 'Mute everyone' }).click();
      for (const page of [hempshill, princeRock]) {
        await expect
          .poll(() =>
            page
              .getByRole('status')
              .filter({ hasText: `${LEAD} muted your microphone` })
              .count(),
          )
          .toBe(1);
      }
      expect(await lead.getByRole('status').filter({ hasText: 'muted your microphone' }).count()).toBe(0);

      // Asking to unmute: the person answers; the moderator hears the answer.
      await moderation.getByLabel('Someone in the session').selectOption({ label: PRINCE_ROCK });
      await moderation.getByRole('button', { name: 'Ask to unmute' }).click();
      const request = princeRock.getByRole('alertdialog', { name: `${LEAD} asks you to unmute` });
      await expect.poll(() => request.count()).toBe(1);
      await expectNoAxeViolations(princeRock);
      await request.getByRole('button', { name: 'Stay muted' }).click();
      await expect.poll(() => moderation.getByText(`${PRINCE_ROCK} chose to stay muted.`).count()).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'captions typed by the captioner reach every page',
    async () => {
      const moderation = lead.getByRole('region', { name: 'Moderation' });
      await moderation.getByLabel('Captioner').selectOption({ label: PRINCE_ROCK });
      await moderation.getByRole('button', { name: 'Make captioner' }).click();
      const controls = princeRock.getByRole('region', { name: 'You are typing the captions' });
      await expect.poll(() => controls.count()).toBe(1);
      await expectNoAxeViolations(princeRock);

      await controls.getByLabel('Caption', { exact: true }).fill('Good morning, and welcome to Fenbrook.');
      await controls.getByLabel('Caption', { exact: true }).press('Enter');
      for (const page of [lead, hempshill, princeRock]) {
        await expect
          .poll(() =>
            page
              .getByRole('region', { name: 'Live captions' })
              .getByText('Good morning, and welcome to Fenbrook.')
              .count(),
          )
          .toBe(1);
      }
      await expectNoAxeViolations(hempshill);
    },
    TEST_TIMEOUT_MS,
  );
});
