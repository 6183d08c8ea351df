import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { videoSessionOf } from '../support/video-rooms.ts';
import { signInPeople } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';

/**
 * An activity turns audio-only while two people are in a browser-to-browser call, then ends early: the other
 * browser stops receiving video (its connection's video goes inactive and the remote track is muted), the room
 * says why and the camera button is disabled; afterwards video flows again and the camera that was on is back on.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
const HEMPSHILL = 'reviewer@hempshill.demo';
const NOTICE = 'This activity is audio-only: cameras are off for everyone';
/** First frames took up to 25 s on a loaded 2-core machine (see video-room.e2e-spec.ts). */
const TEST_TIMEOUT_MS = 180_000;

let sessionId: string;
const app = useDemoApp(async (server) => {
  sessionId = await videoSessionOf(server.crosswalk.db.sql, REVIEW);
});

/** What each of the page's peer connections does with video: direction, whether the remote track is muted, frames. */
function videoLinks(page: Page): Promise<{ direction: string | null; muted: boolean; frames: number }[]> {
  return page.evaluate(async () => {
    const pcs = (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs.filter(
      (pc) => pc.connectionState !== 'closed',
    );
    return Promise.all(
      pcs.map(async (pc) => {
        const video = pc.getTransceivers().find((t) => t.receiver.track.kind === 'video');
        let frames = 0;
        (await pc.getStats()).forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video') {
            frames += report.framesDecoded ?? 0;
          }
        });
        return { direction: video?.currentDirection ?? null, muted: video?.receiver.track.muted ?? true, frames };
      }),
    );
  });
}

async function personAt(email: string): Promise<Page> {
  const browser = await app.launch(FAKE_MEDIA_ARGS);
  const page = await browser.newPage();
  // The test reads the page's peer connections (direction, muted tracks, decoded frames) from outside.
  await page.addInitScript(() => {
    const pcs: RTCPeerConnection[] = [];
    (window as unknown as { __pcs: RTCPeerConnection[] }).__pcs = pcs;
    const Original = window.RTCPeerConnection;
    window.RTCPeerConnection = class extends Original {
      constructor(configuration?: RTCConfiguration) {
        super(configuration);
        pcs.push(this);
      }
    };
  });
  await signInThrough(page, `${app.url}/sessions/${sessionId}`, email);
  const join = page.getByRole('button', { name: 'Join session' });
  await expect.poll(() => join.isEnabled()).toBe(true);
  await join.click();
  await expect.poll(() => page.getByRole('button', { name: 'Leave session' }).count()).toBe(1);
  return page;
}

const receivesVideo = async (page: Page, after = 0) => {
  const links = await videoLinks(page);
  return links.length === 1 && links.every((l) => l.direction === 'sendrecv' && !l.muted && l.frames > after);
};

describe('an activity that turns audio-only during a call', () => {
  it(
    'stops video for everyone at once, says why, and brings it back when the activity ends',
    async () => {
      const began = performance.now();
      const lead = await personAt(LEAD);
      const reviewer = await personAt(HEMPSHILL);
      const { clients } = await signInPeople(app.url, [LEAD]);
      const api = clients[LEAD] as HttpClient;
      const cameraButton = (page: Page) =>
        page.getByRole('toolbar', { name: 'Meeting controls' }).getByRole('button', { name: /camera/ });

      await expect.poll(() => receivesVideo(reviewer), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => receivesVideo(lead), { timeout: 60_000 }).toBe(true);

      const step = (name: string) => {
        console.info(`audio-only switch: ${name} after ${String(Math.round(performance.now() - began))} ms`);
      };
      step('video flowing');
      const added = await api.post(`/api/reviews/${REVIEW}/sessions/${sessionId}/activities`, {
        kind: 'pupil_voice',
        title: 'Pupil voice with Year 6',
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      expect(added.status).toBe(201);

      for (const page of [reviewer, lead]) {
        await expect.poll(() => page.locator('#camera-blocked', { hasText: NOTICE }).count()).toBe(1);
        await expect
          .poll(async () => (await videoLinks(page)).map((l) => [l.direction, l.muted]))
          .toEqual([['inactive', true]]);
        await expect.poll(() => cameraButton(page).isDisabled()).toBe(true);
        expect(await cameraButton(page).textContent()).toContain('Turn camera on');
      }
      step('video off');
      // The room's timetable follows too.
      await expect.poll(() => reviewer.getByText('Now: Pupil voice with Year 6').count()).toBe(1);
      const framesWhileAudioOnly = (await videoLinks(reviewer))[0]?.frames ?? 0;
      await expectNoAxeViolations(reviewer);

      // The lead ends the activity early from the review's timetable.
      const reviewPage = await lead.context().newPage();
      await reviewPage.goto(`${app.url}/reviews/${REVIEW}`);
      const endNow = reviewPage.getByRole('button', { name: /^End now\s*: Pupil voice with Year 6$/ });
      await expect.poll(() => endNow.count()).toBe(1);
      await endNow.click();
      await expect.poll(() => reviewPage.getByRole('status').filter({ hasText: 'has ended' }).count()).toBe(1);
      await expect.poll(() => endNow.count()).toBe(0);
      await expectNoAxeViolations(reviewPage);
      await reviewPage.close();
      step('activity ended');

      // The cameras that were on come back on, and new frames arrive on both sides.
      for (const page of [reviewer, lead]) {
        await expect.poll(() => page.locator('#camera-blocked', { hasText: NOTICE }).count()).toBe(0);
        await expect.poll(() => cameraButton(page).textContent()).toContain('Turn camera off');
      }
      await expect.poll(() => receivesVideo(reviewer, framesWhileAudioOnly), { timeout: 60_000 }).toBe(true);
      await expect.poll(() => receivesVideo(lead), { timeout: 60_000 }).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );
});
