import type { ClientToServerEvents, RoomJoinResult, ServerToClientEvents } from '@crosswalk/shared';
import type { Page } from 'playwright-core';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, joinSession, signInThrough, type Browser } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { videoSessionOf } from '../support/video-rooms.ts';
import { recordWebSockets, setOffline } from '../support/web-sockets.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'Lead Reviewer (Summercroft)';
const HEMPSHILL = 'Peer Reviewer (Hempshill)';
const PRINCE_ROCK = 'Peer Reviewer (Prince Rock)';

let sessionId: string;
const pages: Record<string, Page> = {};
const browserOf = new Map<string, Browser>();

const app = useDemoApp(async (server) => {
  sessionId = await videoSessionOf(server.crosswalk.db.sql, REVIEW, 'Meeting with the headteacher');
});
afterAll(() => {
  // The waits are reported so that a slow machine shows up as numbers before it shows up as failures.
  console.info(`video room: first remote frames after ${firstFrameWaits.join(', ')} ms`);
});

/** Each person in their own browser profile, signed in, on the session's lobby. */
async function personAt(email: string, args = FAKE_MEDIA_ARGS): Promise<Page> {
  const browser = await app.launch(args);
  browserOf.set(email, browser);
  const page = await browser.newPage();
  await recordWebSockets(page);
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  pages[email] = page;
  return page;
}

/**
 * Closes the browsers of people no later test needs. Every page in the room sends its video to every other one
 * and decodes theirs, so the load grows with the square of the people in it; on a 2-core machine six meshed
 * browsers starve the page a test is waiting on.
 */
async function leave(...emails: string[]): Promise<void> {
  for (const email of emails) {
    const browser = browserOf.get(email);
    browserOf.delete(email);
    await browser?.close();
  }
}

/**
 * How long a remote video may take to show frames. First frames took 1–8 s on a quiet 2-core machine (ICE, DTLS,
 * the first key frame and the decoder all start then), so the waits below are on the page's own events, with room
 * for a busy machine, well within the browser tests' 60 s.
 */
const MEDIA_TIMEOUT_MS = 30_000;
/**
 * For the tests that start a browser and then wait for media on every page: starting and signing in took up to
 * 20 s, and first frames up to 25 s, on a 2-core machine at a load average of 40.
 */
const MEDIA_TEST_TIMEOUT_MS = 120_000;
/** How long each page waited for its first remote frames, for the summary at the end. */
const firstFrameWaits: number[] = [];

/**
 * Waits, in the page, until it shows `others` remote videos that have each presented `frames` more frames
 * (counted with `requestVideoFrameCallback`, so the wait ends on the frame itself, not on a poll). Videos that
 * appear or are replaced meanwhile are counted from when they appear. Resolves with the milliseconds it took;
 * rejects after `MEDIA_TIMEOUT_MS` saying what it saw.
 */
function waitForRemoteFrames(page: Page, others: number, frames: number): Promise<number> {
  return page.evaluate(
    ({ others, frames, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const started = performance.now();
        const counts = new Map<HTMLVideoElement, number>();
        const current = () => [...document.querySelectorAll<HTMLVideoElement>('video[data-remote]')];
        let done = false;
        const finish = (error?: Error) => {
          if (done) {
            return;
          }
          done = true;
          observer.disconnect();
          clearTimeout(timer);
          if (error) {
            reject(error);
          } else {
            resolve(Math.round(performance.now() - started));
          }
        };
        const check = () => {
          const videos = current();
          for (const video of videos) {
            if (!counts.has(video)) {
              counts.set(video, 0);
              const onFrame = () => {
                counts.set(video, (counts.get(video) ?? 0) + 1);
                check();
                if (!done) {
                  video.requestVideoFrameCallback(onFrame);
                }
              };
              video.requestVideoFrameCallback(onFrame);
            }
          }
          if (videos.length === others && videos.every((video) => (counts.get(video) ?? 0) >= frames)) {
            finish();
          }
        };
        const observer = new MutationObserver(check);
        const timer = setTimeout(() => {
          const seen = current().map((video) => counts.get(video) ?? 0);
          finish(
            new Error(`${String(seen.length)} of ${String(others)} remote videos, frames seen: [${seen.join(', ')}]`),
          );
        }, timeoutMs);
        observer.observe(document.body, { childList: true, subtree: true });
        check();
      }),
    { others, frames, timeoutMs: MEDIA_TIMEOUT_MS },
  );
}

/** Every page shows `others` remote videos, each presenting frames, and still presenting them a moment later. */
async function expectEveryoneSeesEveryone(group: Page[]): Promise<void> {
  const others = group.length - 1;
  for (const page of group) {
    firstFrameWaits.push(await waitForRemoteFrames(page, others, 1));
  }
  for (const page of group) {
    await waitForRemoteFrames(page, others, 5);
  }
}

const tile = (page: Page, name: string) => page.locator('figure', { hasText: name });
const handsList = (page: Page) => page.getByRole('list', { name: 'Raised hands' });

/** Opens a tab of the side panel from the control bar (people, chat, document), unless it is open already. */
async function openPanel(page: Page, name: 'People' | 'Chat' | 'Enquiry document'): Promise<void> {
  const button = page.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name });
  if ((await button.getAttribute('aria-pressed')) !== 'true') {
    await button.click();
  }
  await expect.poll(() => button.getAttribute('aria-pressed')).toBe('true');
}

describe('a video review session in the browser', () => {
  it('has an accessible lobby with a camera preview and device choice', async () => {
    const page = await personAt('lead.reviewer@summercroft.demo');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Review day 1');
    await expect.poll(() => page.getByLabel('Preview of your camera').count()).toBe(1);
    await expect.poll(() => page.getByLabel('Camera', { exact: true }).count()).toBe(1);
    expect(await page.getByText('This session is not recorded').count()).toBe(1);
    expect(await page.getByLabel('Join with my microphone muted').isChecked()).toBe(false);
    await expectNoAxeViolations(page);
  });

  it(
    'connects two people, each receiving the other’s video; the room is accessible',
    async () => {
      const lead = pages['lead.reviewer@summercroft.demo'] as Page;
      const hempshill = await personAt('reviewer@hempshill.demo');
      await joinSession(lead);
      await joinSession(hempshill);
      await expectEveryoneSeesEveryone([lead, hempshill]);
      await expect.poll(() => tile(lead, HEMPSHILL).textContent()).toContain('Camera on');
      await expect.poll(() => lead.getByText('Now: Meeting with the headteacher').count()).toBe(1);
      await expectNoAxeViolations(lead);

      // Attendance is recorded and shown on the review page.
      const reviewPage = await lead.context().newPage();
      await reviewPage.goto(`${app.url}/reviews/${REVIEW}`);
      const attendance = reviewPage.getByRole('region', { name: 'Attendance' });
      await expect.poll(() => attendance.textContent()).toContain('Peer Reviewer (Hempshill)');
      await expect.poll(() => attendance.textContent()).toContain('Still in the session');
      await reviewPage.close();
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it(
    'adds a third person, and all three receive both others’ video',
    async () => {
      const princeRock = await personAt('reviewer@princerock.demo');
      await joinSession(princeRock);
      await expectEveryoneSeesEveryone([
        pages['lead.reviewer@summercroft.demo'] as Page,
        pages['reviewer@hempshill.demo'] as Page,
        princeRock,
      ]);
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it('shows a muted microphone on the other pages, and a moderator can mute someone', async () => {
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    const hempshill = pages['reviewer@hempshill.demo'] as Page;
    const princeRock = pages['reviewer@princerock.demo'] as Page;
    await expect.poll(() => tile(lead, HEMPSHILL).textContent()).toContain('Microphone on');
    await hempshill.getByRole('button', { name: 'Mute microphone' }).click();
    await expect.poll(() => tile(lead, HEMPSHILL).textContent()).toContain('Microphone off');
    await expect.poll(() => tile(princeRock, HEMPSHILL).textContent()).toContain('Microphone off');

    await openPanel(lead, 'People');
    await lead.getByRole('button', { name: `Mute ${PRINCE_ROCK}` }).click();
    await expect
      .poll(() =>
        princeRock
          .getByRole('status')
          .filter({ hasText: `${LEAD} muted your microphone` })
          .count(),
      )
      .toBe(1);
    expect(await princeRock.getByRole('button', { name: 'Unmute microphone' }).count()).toBe(1);
    await expect.poll(() => tile(hempshill, PRINCE_ROCK).textContent()).toContain('Microphone off');
  });

  it('lists raised hands in the order they were raised; the moderator lowers them', async () => {
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    const hempshill = pages['reviewer@hempshill.demo'] as Page;
    const princeRock = pages['reviewer@princerock.demo'] as Page;
    for (const page of [lead, hempshill, princeRock]) {
      await openPanel(page, 'People');
    }
    await princeRock.getByRole('button', { name: 'Raise hand' }).click();
    await expect.poll(() => handsList(lead).count()).toBe(1);
    await hempshill.getByRole('button', { name: 'Raise hand' }).click();
    for (const page of [lead, hempshill, princeRock]) {
      await expect
        .poll(() => handsList(page).getByRole('listitem').allTextContents())
        .toEqual([expect.stringContaining(PRINCE_ROCK), expect.stringContaining(HEMPSHILL)]);
    }
    await lead.getByRole('button', { name: `Lower hand of ${PRINCE_ROCK}` }).click();
    await expect
      .poll(() => handsList(hempshill).getByRole('listitem').allTextContents())
      .toEqual([expect.stringContaining(HEMPSHILL)]);
  });

  it('shows that a dropped connection is reconnecting, then re-joins and restores video by itself', async () => {
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    const hempshill = pages['reviewer@hempshill.demo'] as Page;
    const princeRock = pages['reviewer@princerock.demo'] as Page;
    await setOffline(hempshill, true);
    await expect
      .poll(() => hempshill.getByRole('status').filter({ hasText: 'Reconnecting…' }).count())
      .toBeGreaterThan(0);
    await expect.poll(() => tile(lead, HEMPSHILL).count()).toBe(0);
    await setOffline(hempshill, false);
    await expect.poll(() => tile(lead, HEMPSHILL).count()).toBe(1);
    await expect.poll(() => hempshill.getByText(/^Connection (good|fair|poor)/).count()).toBe(1);
    await expectEveryoneSeesEveryone([lead, hempshill, princeRock]);
  });

  it('delivers chat to everyone in the room', async () => {
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    const princeRock = pages['reviewer@princerock.demo'] as Page;
    await openPanel(lead, 'Chat');
    await openPanel(princeRock, 'Chat');
    await lead.getByLabel('Message').fill('Good morning, everyone');
    await lead.getByRole('button', { name: 'Send' }).click();
    await expect
      .poll(() => princeRock.getByRole('log', { name: 'Chat' }).textContent())
      .toContain('Good morning, everyone');
  });

  it(
    'keeps a guest in the lobby until a moderator lets them in; they then observe',
    async () => {
      const lead = pages['lead.reviewer@summercroft.demo'] as Page;
      const guest = await personAt('partnership.lead@crosswalk.demo');
      await expect.poll(() => guest.getByText('You are joining as an observer').count()).toBe(1);
      const ask = guest.getByRole('button', { name: 'Ask to join' });
      await expect.poll(() => ask.isEnabled()).toBe(true);
      await ask.click();
      await expect.poll(() => guest.getByText('Waiting for the lead reviewer or host to let you in').count()).toBe(1);
      await openPanel(lead, 'People');
      await lead.getByRole('button', { name: 'Let in Partnership Lead (Essex coordinator)' }).click();
      await expect.poll(() => guest.getByRole('button', { name: 'Leave session' }).count()).toBe(1);
      await expect.poll(() => guest.getByText('You are observing').count()).toBe(1);
      expect(await guest.getByRole('button', { name: 'Unmute microphone' }).count()).toBe(0);
      firstFrameWaits.push(await waitForRemoteFrames(guest, 3, 1));
      await expect.poll(() => tile(lead, 'Partnership Lead').textContent()).toContain('Observing');
      await leave('partnership.lead@crosswalk.demo', 'reviewer@princerock.demo');
    },
    MEDIA_TEST_TIMEOUT_MS,
  );

  it('resizes the side panel from the keyboard, and opens it as a sheet with tabs on a phone', async () => {
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    await openPanel(lead, 'Enquiry document');
    await expectNoAxeViolations(lead);
    const splitter = lead.getByRole('separator', { name: 'Resize the video and the side panel' });
    const before = Number(await splitter.getAttribute('aria-valuenow'));
    await splitter.focus();
    await lead.keyboard.press('ArrowLeft');
    await expect.poll(async () => Number(await splitter.getAttribute('aria-valuenow'))).toBe(before - 5);

    await lead.setViewportSize({ width: 390, height: 844 });
    await openPanel(lead, 'Chat');
    await expect.poll(() => lead.getByRole('dialog', { name: 'Chat' }).isVisible()).toBe(true);
    // The sheet is named after its open tab, so from here on it is found by its role alone.
    const sheet = lead.getByRole('dialog');
    const documentTab = sheet.getByRole('tab', { name: 'Enquiry document' });
    await sheet.getByRole('tab', { name: 'Chat' }).focus();
    await lead.keyboard.press('ArrowLeft');
    await lead.keyboard.press('ArrowLeft');
    await expect.poll(() => documentTab.getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => lead.getByRole('link', { name: /Open the whole document/ }).isVisible()).toBe(true);
    // The live document in the panel: the evidence log and findings, with one save status.
    const pane = lead.locator('#panel-document');
    await expect.poll(() => pane.getByRole('heading', { name: 'Evidence log' }).isVisible()).toBe(true);
    await expect.poll(() => pane.getByRole('status').filter({ hasText: 'All changes saved' }).count()).toBe(1);
    await expectNoAxeViolations(lead);
    await lead.keyboard.press('Escape');
    await expect.poll(() => sheet.count()).toBe(0);
    await lead.setViewportSize({ width: 1280, height: 800 });
  });

  it('raises a safeguarding concern from an accessible dialog', async () => {
    const hempshill = pages['reviewer@hempshill.demo'] as Page;
    await hempshill.getByRole('button', { name: 'Raise a safeguarding concern' }).click();
    const dialog = hempshill.getByRole('dialog', { name: 'Raise a safeguarding concern' });
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('records only the time and your role');
    await expectNoAxeViolations(hempshill);
    await dialog.getByRole('button', { name: 'Raise the concern' }).click();
    await expect.poll(() => dialog.textContent()).toContain('Your concern was raised at');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await leave('reviewer@hempshill.demo');
  });

  it('explains a blocked camera and microphone in plain English, and still lets you join', async () => {
    // A fake camera exists, but nobody answers the permission prompt: the browser refuses.
    const linkLead = await personAt('link.lead@fenbrook.demo', ['--use-fake-device-for-media-stream']);
    const alerts = linkLead.getByRole('alert');
    await expect
      .poll(() => alerts.allTextContents())
      .toEqual([
        expect.stringContaining('Your browser is not allowing Crosswalk to use your camera'),
        expect.stringContaining('Your browser is not allowing Crosswalk to use your microphone'),
      ]);
    await joinSession(linkLead);
    const self = tile(linkLead, 'Deputy Head and Link Lead (Fenbrook) (you)');
    await expect.poll(() => self.textContent()).toContain('Camera off');
    expect(await self.textContent()).toContain('Microphone off');
    await linkLead.getByRole('button', { name: 'Leave session' }).click();
    await leave('link.lead@fenbrook.demo');
  });

  it('turns cameras off and says why during an audio-only activity', async () => {
    await app.server.crosswalk.db.sql`
      update review_activities set starts_at = now() - interval '5 minutes', ends_at = now() + interval '25 minutes'
      where session_id = ${sessionId} and media_mode = 'audio_only'`;
    const head = await personAt('host.head@fenbrook.demo');
    await expect
      .poll(() => head.getByRole('region', { name: 'Timetable' }).textContent())
      .toMatch(/Now:\s*Pupil voice.*audio only/s);
    await expect.poll(() => head.getByText(/Cameras are off because .Pupil voice/).count()).toBeGreaterThan(0);
    expect(await head.getByLabel('Preview of your camera').count()).toBe(0);
    await joinSession(head);
    await expect.poll(() => head.getByRole('button', { name: 'Turn camera on' }).isDisabled()).toBe(true);
    const lead = pages['lead.reviewer@summercroft.demo'] as Page;
    await expect.poll(() => tile(lead, 'Headteacher (Fenbrook)').textContent()).toContain('Camera off');
    await expect.poll(() => tile(lead, 'Headteacher (Fenbrook)').textContent()).toContain('Microphone on');
    await leave('host.head@fenbrook.demo', 'lead.reviewer@summercroft.demo');
  });

  it('gives an outsider the not-found page, no media answer and no place in the signalling room', async () => {
    const outsider = await personAt('head@northgate.demo');
    await expect
      .poll(() => outsider.getByRole('heading', { level: 1 }).textContent())
      .toBe('We could not find that session');
    await expectNoAxeViolations(outsider);
    const media = await outsider.request.get(`${app.url}/api/sessions/${sessionId}/media`);
    expect(media.status()).toBe(404);

    const cookie = (await outsider.context().cookies(app.url)).map((c) => `${c.name}=${c.value}`).join('; ');
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(app.url, {
      transports: ['websocket'],
      extraHeaders: { cookie, origin: app.url },
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once('session.ready', () => {
          resolve();
        });
        socket.once('connect_error', reject);
      });
      const answer: RoomJoinResult = await socket.emitWithAck('room.join', { sessionId });
      expect(answer).toMatchObject({ ok: false, reason: 'not_found' });
    } finally {
      socket.disconnect();
    }
  });
});
