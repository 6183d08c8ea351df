import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, joinSession, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS, type Browser } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { signInPeople } from '../support/fixtures.ts';
import { sessionSockets, type SessionClient } from '../support/session-socket.ts';
import { joinRoom as joinBySocket, videoSessionOf } from '../support/video-rooms.ts';

/**
 * The full-window meeting layout: the control bar stays in view on a laptop and a phone however many people
 * join, a shared screen is shown large on the other pages, and whoever admits people sees (and hears) the lobby.
 * The extra people are session sockets, not browsers: a tile per person is what the layout has to fit, and eight
 * meshed Chromiums would starve a 2-core machine.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LAPTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };
/** Members of the review team (each may be in the room more than once, as on two devices). */
const MEMBERS = ['reviewer@hempshill.demo', 'reviewer@princerock.demo', 'link.lead@fenbrook.demo'];
/** First frames took up to 25 s on a loaded 2-core machine (see video-room.e2e-spec.ts). */
const MEDIA_TEST_TIMEOUT_MS = 120_000;

let sessionId: string;
const app = useDemoApp(async (server) => {
  sessionId = await videoSessionOf(server.crosswalk.db.sql, REVIEW);
});
const sockets = sessionSockets();
/** Each test's browsers, closed after it so that the next test starts with an empty room. */
let browsers: Browser[] = [];
afterEach(async () => {
  sockets.closeAll();
  await Promise.all(browsers.map((browser) => browser.close()));
  browsers = [];
});

/**
 * A steady tone as a WAV file, for a fake microphone that sounds all the time: Chromium's own fake microphone
 * beeps for a few milliseconds twice a second, which audio levels sampled a few times a second mostly miss.
 */
function toneWav(seconds = 2, rate = 48_000, hertz = 440): Buffer {
  const samples = seconds * rate;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  for (let i = 0; i < samples; i++) {
    wav.writeInt16LE(Math.round(0.5 * 32767 * Math.sin((2 * Math.PI * hertz * i) / rate)), 44 + i * 2);
  }
  return wav;
}
let toneDir: string;
let tone: string;
beforeAll(async () => {
  toneDir = await mkdtemp(path.join(os.tmpdir(), 'crosswalk-tone-'));
  tone = path.join(toneDir, 'tone.wav');
  await writeFile(tone, toneWav());
});
afterAll(() => rm(toneDir, { recursive: true, force: true }));

/** Someone in a browser of their own, signed in on the session page; counts the chimes the page plays. */
async function personAt(email: string, viewport = LAPTOP, args = FAKE_MEDIA_ARGS): Promise<Page> {
  const browser = await app.launch(args);
  browsers.push(browser);
  const page = await browser.newPage();
  await page.setViewportSize(viewport);
  await page.addInitScript(() => {
    const w = window as unknown as { __oscillators: number };
    w.__oscillators = 0;
    window.AudioContext = class extends AudioContext {
      override createOscillator(): OscillatorNode {
        w.__oscillators += 1;
        return super.createOscillator();
      }
    };
  });
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  return page;
}

/** Signed-in session sockets for `count` more people in the room. */
async function addPeople(count: number): Promise<SessionClient[]> {
  const { clients } = await signInPeople(app.url, MEMBERS);
  const added: SessionClient[] = [];
  for (let i = 0; i < count; i++) {
    const client = clients[MEMBERS[i % MEMBERS.length] as string];
    const socket = await sockets.connect(app.url, client?.cookieHeader ?? '');
    expect(await joinBySocket(socket, sessionId)).toMatchObject({ ok: true });
    added.push(socket);
  }
  return added;
}

const tiles = (page: Page) => page.getByRole('region', { name: 'Video' }).locator('figure');

/** The toolbar and those of its buttons that are not wholly inside the window, or are covered by something else. */
async function controlBarInView(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bar = document.querySelector('[role="toolbar"]');
    if (!bar) {
      return ['no toolbar'];
    }
    const outside: string[] = [];
    for (const element of [bar, ...bar.querySelectorAll(':scope > button')]) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.top < 0 || box.left < 0 || box.bottom > innerHeight || box.right > innerWidth) {
        outside.push(`${element.textContent.trim() || element.getAttribute('role') || '?'} at ${JSON.stringify(box)}`);
      } else if (!element.contains(document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2))) {
        outside.push(`${element.textContent.trim() || element.getAttribute('role') || '?'} is covered`);
      }
    }
    return outside;
  });
}

/** The side panel's tabs that are not wholly inside the panel, or whose label does not fit. */
async function tabsCutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const panel = document.getElementById('side-panel');
    if (!panel) {
      return ['no side panel'];
    }
    const edge = panel.getBoundingClientRect();
    return [...panel.querySelectorAll<HTMLElement>('[role="tab"]')]
      .filter((tab) => {
        const box = tab.getBoundingClientRect();
        return box.width === 0 || box.left < edge.left || box.right > edge.right || tab.scrollWidth > tab.clientWidth;
      })
      .map((tab) => tab.textContent.trim());
  });
}

describe('the full-window meeting layout', () => {
  it(
    'keeps the control bar in view on a laptop and a phone with 2, 4 and 8 people',
    async () => {
      const lead = await personAt('lead.reviewer@summercroft.demo');
      await joinSession(lead);
      const toolbar = lead.getByRole('toolbar', { name: 'Meeting controls' });
      expect(await toolbar.getByRole('button', { name: 'Mute microphone' }).count()).toBe(1);
      expect(await toolbar.getByRole('button', { name: 'Leave session' }).count()).toBe(1);
      let inRoom = 1;
      for (const people of [2, 4, 8]) {
        await addPeople(people - inRoom);
        inRoom = people;
        await expect.poll(() => tiles(lead).count()).toBe(people);
        for (const viewport of [LAPTOP, PHONE]) {
          await lead.setViewportSize(viewport);
          await expect.poll(() => controlBarInView(lead)).toEqual([]);
          // The stage shows everyone's tile, and the document is not in the way of the video.
          await expect.poll(() => tiles(lead).first().isVisible()).toBe(true);
        }
      }
      await expectNoAxeViolations(lead);
      await lead.setViewportSize(LAPTOP);
      await expectNoAxeViolations(lead);
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it('moves between the control bar’s buttons with the arrow keys, one tab stop for the bar', async () => {
    const page = await personAt('reviewer@hempshill.demo');
    await joinSession(page);
    const toolbar = page.getByRole('toolbar', { name: 'Meeting controls' });
    const mute = toolbar.getByRole('button', { name: 'Mute microphone' });
    expect(await mute.getAttribute('tabindex')).toBe('0');
    expect(await toolbar.locator(':scope > button[tabindex="0"]').count()).toBe(1);
    await mute.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent.trim())).toBe('Turn camera off');
    await page.keyboard.press('End');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent.trim())).toBe('Leave session');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent.trim())).toBe('Mute microphone');

    // The people panel opens from the bar, as a full-screen sheet on a phone that gives focus back when closed.
    await page.setViewportSize(PHONE);
    await toolbar.getByRole('button', { name: 'People' }).click();
    const sheet = page.getByRole('dialog', { name: 'People' });
    await expect.poll(() => sheet.isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await page.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent.trim())).toBe('People');
  });

  it(
    'shows a shared screen large on the other pages, with everyone else in a strip',
    async () => {
      const lead = await personAt('lead.reviewer@summercroft.demo');
      const hempshill = await personAt('reviewer@hempshill.demo');
      await joinSession(lead);
      await joinSession(hempshill);
      await expect.poll(() => tiles(lead).count()).toBe(2);
      await hempshill.getByRole('button', { name: 'Share screen' }).click();
      await expect.poll(() => hempshill.getByRole('button', { name: 'Stop sharing screen' }).count()).toBe(1);

      const stage = lead.getByRole('region', { name: 'Video' });
      await expect.poll(() => stage.getAttribute('data-layout'), { timeout: 30_000 }).toBe('screen');
      const shared = stage.locator('video[data-screen="true"]');
      // Frames of the shared screen arrive on the lead's page (waited for on the frame itself).
      await shared.evaluate(
        (video: HTMLVideoElement) =>
          new Promise<void>((resolve) => {
            video.requestVideoFrameCallback(() => {
              resolve();
            });
          }),
      );
      const strip = stage.getByRole('group', { name: 'Everyone else' });
      expect(await strip.locator('figure').count()).toBe(1);
      const area = (box: { width: number; height: number } | null) => (box ? box.width * box.height : 0);
      const screen = await shared.boundingBox();
      expect(screen?.width ?? 0).toBeGreaterThan(LAPTOP.width * 0.4);
      expect(area(screen)).toBeGreaterThan(4 * area(await strip.locator('figure').boundingBox()));
      await expectNoAxeViolations(lead);

      await hempshill.getByRole('button', { name: 'Stop sharing screen' }).click();
      await expect.poll(() => stage.getAttribute('data-layout'), { timeout: 30_000 }).toBe('grid');
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it(
    'shows the active speaker large in speaker view; a pinned person stays there until unpinned',
    async () => {
      const lead = await personAt('lead.reviewer@summercroft.demo');
      await joinSession(lead);
      const toolbar = lead.getByRole('toolbar', { name: 'Meeting controls' });
      // The lead is silent, so that only one person in the room makes a sound.
      await toolbar.getByRole('button', { name: 'Mute microphone' }).click();
      await expect.poll(() => toolbar.getByRole('button', { name: 'Unmute microphone' }).count()).toBe(1);
      // Prince Rock joins with no media at all, before Hempshill: without audio levels, the stage would show them.
      const { clients } = await signInPeople(app.url, ['reviewer@princerock.demo']);
      const princeRock = await sockets.connect(app.url, clients['reviewer@princerock.demo']?.cookieHeader ?? '');
      expect(await joinBySocket(princeRock, sessionId)).toMatchObject({ ok: true });
      await expect.poll(() => tiles(lead).count()).toBe(2);
      const hempshill = await personAt('reviewer@hempshill.demo', LAPTOP, [
        ...FAKE_MEDIA_ARGS,
        `--use-file-for-fake-audio-capture=${tone}`,
      ]);
      await joinSession(hempshill);
      await expect.poll(() => tiles(lead).count()).toBe(3);

      await toolbar.getByRole('button', { name: 'Speaker view' }).click();
      const stage = lead.getByRole('region', { name: 'Video' });
      const strip = stage.getByRole('group', { name: 'Everyone else' });
      const onStage = () => stage.locator('.main figure figcaption .name').textContent();
      await expect.poll(() => stage.getAttribute('data-layout')).toBe('speaker');
      // Hempshill's microphone is the only sound: their tile takes the main stage, the others the strip.
      await expect.poll(onStage, { timeout: 60_000 }).toBe('Peer Reviewer (Hempshill)');
      expect(await stage.locator('.main figure').getAttribute('class')).toContain('speaking');
      expect(await strip.locator('figure').count()).toBe(2);
      const area = (box: { width: number; height: number } | null) => (box ? box.width * box.height : 0);
      expect(area(await stage.locator('.main figure').boundingBox())).toBeGreaterThan(
        4 * area(await strip.locator('figure').first().boundingBox()),
      );

      // Pinned, the silent Prince Rock stays on the main stage while Hempshill goes on sounding.
      await strip.getByRole('button', { name: 'Pin Peer Reviewer (Prince Rock)' }).click();
      await expect.poll(onStage).toBe('Peer Reviewer (Prince Rock)');
      const speaking = () => strip.locator('figure.speaking figcaption .name').textContent();
      await expect.poll(speaking).toBe('Peer Reviewer (Hempshill)');
      expect(await onStage()).toBe('Peer Reviewer (Prince Rock)');
      await expectNoAxeViolations(lead);

      await stage.getByRole('button', { name: 'Unpin Peer Reviewer (Prince Rock)' }).click();
      await expect.poll(onStage).toBe('Peer Reviewer (Hempshill)');
      expect(await strip.locator('figure').count()).toBe(2);
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it(
    'shows a badge and plays a chime for the moderator when a guest waits in the lobby',
    async () => {
      const lead = await personAt('lead.reviewer@summercroft.demo');
      await joinSession(lead);
      // Let the page's panel show the document, so that the lobby is signalled by the badge and the alert alone.
      const people = lead.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name: /^People/ });
      expect(await people.getAttribute('aria-pressed')).toBe('false');
      // Every tab of the side panel is wholly in view at laptop width, none cut off.
      expect(await tabsCutOff(lead)).toEqual([]);
      const chimesBefore = await lead.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators);

      const { clients } = await signInPeople(app.url, ['partnership.lead@crosswalk.demo']);
      const guest = await sockets.connect(app.url, clients['partnership.lead@crosswalk.demo']?.cookieHeader ?? '');
      expect(await joinBySocket(guest, sessionId)).toMatchObject({ ok: false, reason: 'waiting' });

      await expect
        .poll(() => lead.getByRole('button', { name: 'People 1 waiting to join', exact: true }).count())
        .toBe(1);
      const alert = lead.getByRole('status').filter({ hasText: 'is waiting to join' });
      await expect
        .poll(() => alert.textContent())
        .toContain('Partnership Lead (Essex coordinator) is waiting to join.');
      await expect
        .poll(() => lead.evaluate(() => (window as unknown as { __oscillators: number }).__oscillators))
        .toBeGreaterThan(chimesBefore);
      await expectNoAxeViolations(lead);

      await alert.getByRole('button', { name: 'Show who is waiting' }).click();
      await expect.poll(() => people.getAttribute('aria-pressed')).toBe('true');
      await lead.getByRole('button', { name: 'Let in Partnership Lead (Essex coordinator)' }).click();
      await expect.poll(() => people.textContent()).not.toContain('waiting to join');
    },
    MEDIA_TEST_TIMEOUT_MS,
  );
});
