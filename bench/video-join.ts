/**
 * Video join benchmark: how long from clicking "Join session" until the first decoded frame of a remote camera,
 * in the browser-to-browser mesh on loopback, and how many signalling messages a join costs. Chromium pages with
 * fake cameras (640×480) against a started Crosswalk; prints numbers only.
 *
 *   pnpm build && node bench/video-join.ts        # BENCH_JOINS=10 joins per scenario, embedded database
 *
 * Timing is taken inside the joining page (click and requestVideoFrameCallback share one clock). Signalling is
 * counted at the senders: every socket.io `signal` frame any page writes while the join settles (offers, answers
 * and ICE candidates).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DEMO_PASSWORD } from '../server/src/demo/demo-data.ts';
import { DEMO_REVIEW_ID } from '../server/src/demo/demo-review.ts';
import { WEB_BUILD_DIR } from '../server/src/http/web-handler.ts';
import { FAKE_MEDIA_ARGS, launchBrowser, type Browser, type Page } from '../tests/support/chromium.ts';
import { startDemoCrosswalk } from './lib/demo-crosswalk.ts';
import { percentile } from './lib/stats.ts';

const JOINS = Number(process.env.BENCH_JOINS ?? 10);
/** Signalling is considered finished when no `signal` frame was sent for this long. */
const SETTLE_MS = 500;

if (!existsSync(path.join(WEB_BUILD_DIR, 'handler.js'))) {
  console.log('Video join benchmark skipped: the web app is not built (run "pnpm build" first).');
  process.exit(0);
}

interface BenchWindow {
  __bench: { clickAt: number | null; frames: Record<string, number> };
}

/** Runs in each page before the app: notes the click on "Join session" and each remote video's first frame after it. */
function instrument(): void {
  const w = window as unknown as BenchWindow;
  w.__bench = { clickAt: null, frames: {} };
  document.addEventListener(
    'click',
    (event) => {
      const button = (event.target as Element | null)?.closest('button');
      if (button?.textContent.includes('Join session')) {
        w.__bench = { clickAt: performance.now(), frames: {} };
      }
    },
    true,
  );
  const watched = new WeakSet<HTMLVideoElement>();
  const watch = (video: HTMLVideoElement) => {
    if (watched.has(video)) {
      return;
    }
    watched.add(video);
    const onFrame = () => {
      const peer = video.dataset.peerId ?? '';
      if (w.__bench.clickAt !== null && w.__bench.frames[peer] === undefined) {
        w.__bench.frames[peer] = performance.now();
      }
      if (video.isConnected) {
        video.requestVideoFrameCallback(onFrame);
      }
    };
    video.requestVideoFrameCallback(onFrame);
  };
  new MutationObserver(() => {
    document.querySelectorAll<HTMLVideoElement>('video[data-remote]').forEach(watch);
  }).observe(document, { subtree: true, childList: true });
}

const { crosswalk, baseUrl: base, stop } = await startDemoCrosswalk({ SERVICES: 'api,web,realtime' });
const { sql } = crosswalk.db;
const [session] = await sql<{ id: string }[]>`
  select id from review_sessions where review_id = ${DEMO_REVIEW_ID} and kind = 'review_day' order by starts_at limit 1`;
const sessionId = session?.id ?? '';
// Keep cameras on whatever the time of day: move the audio-only pupil voice activity out of the way.
await sql`update review_activities set starts_at = now() + interval '3 hours', ends_at = now() + interval '4 hours'
  where session_id = ${sessionId} and media_mode = 'audio_only'`;

const browsers: Browser[] = [];
let signalsSent = 0;
let lastSignalAt = 0;
const signalTypes: Record<string, number> = {};

async function person(email: string): Promise<Page> {
  const browser = await launchBrowser(FAKE_MEDIA_ARGS);
  browsers.push(browser);
  const page = await browser.newPage();
  await page.addInitScript(instrument);

  page.on('websocket', (ws) => {
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string' && payload.startsWith('42["signal"')) {
        signalsSent += 1;
        lastSignalAt = performance.now();
        const type = /"type":"(\w+)"/.exec(payload)?.[1] ?? 'other';
        signalTypes[type] = (signalTypes[type] ?? 0) + 1;
      }
    });
  });
  await page.goto(`${base}/sessions/${sessionId}`);
  await page.waitForURL(/\/signin/);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}/sessions/${sessionId}`);
  await page.getByLabel('Preview of your camera').waitFor();
  return page;
}

async function clickJoin(page: Page): Promise<void> {
  const join = page.getByRole('button', { name: 'Join session' });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('button')].some((b) => b.textContent.includes('Join session') && !b.disabled),
  );
  await join.click();
}

async function settle(): Promise<void> {
  while (performance.now() - lastSignalAt < SETTLE_MS) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Joins `page` into a room holding `present` people, `JOINS` times; returns first-frame times and messages. */
async function measure(page: Page, present: number) {
  const first: number[] = [];
  const all: number[] = [];
  const messages: number[] = [];
  await settle();
  for (const key of Object.keys(signalTypes)) {
    signalTypes[key] = 0;
  }
  for (let i = 0; i < JOINS; i += 1) {
    await settle();
    signalsSent = 0;
    await clickJoin(page);
    const handle = await page.waitForFunction(
      (expected) => {
        const { clickAt, frames } = (window as unknown as BenchWindow).__bench;
        const times = Object.values(frames);
        return clickAt !== null && times.length >= expected ? times.map((t) => t - clickAt) : null;
      },
      present,
      { timeout: 20_000, polling: 20 },
    );
    const times = (await handle.jsonValue()) as number[];
    first.push(Math.min(...times));
    all.push(Math.max(...times));
    await settle();
    messages.push(signalsSent);
    await page.getByRole('button', { name: 'Leave session' }).click();
    await page.getByRole('heading', { name: 'You have left the session' }).waitFor();
  }
  const kinds = Object.entries(signalTypes)
    .map(([type, n]) => `${type} ${(n / JOINS).toFixed(1)}`)
    .join(', ');
  return { first, all, messages, kinds };
}

const ms = (values: number[], p: number) => `${percentile(values, p).toFixed(0)} ms`;
const row = (label: string, values: number[], unit: (v: number[], p: number) => string) =>
  `${label.padEnd(44)} p50=${unit(values, 50).padStart(7)}  max=${unit(values, 100).padStart(7)}`;
const count = (values: number[], p: number) => String(percentile(values, p));

try {
  console.log(
    `Crosswalk video join benchmark · mesh on loopback · fake 640×480 camera · ${JOINS} joins each · node ${process.version}`,
  );
  const lead = await person('lead.reviewer@summercroft.demo');
  await clickJoin(lead);
  await lead.getByRole('button', { name: 'Leave session' }).waitFor();
  const joiner = await person('reviewer@hempshill.demo');

  const one = await measure(joiner, 1);
  console.log(row('join with 1 other: first remote frame', one.first, ms));
  console.log(`${row('join with 1 other: signalling messages', one.messages, count)}  (mean: ${one.kinds})`);

  const third = await person('reviewer@princerock.demo');
  await clickJoin(third);
  await third.getByRole('button', { name: 'Leave session' }).waitFor();
  const two = await measure(joiner, 2);
  console.log(row('join with 2 others: first remote frame', two.first, ms));
  console.log(row('join with 2 others: every remote video', two.all, ms));
  console.log(`${row('join with 2 others: signalling messages', two.messages, count)}  (mean: ${two.kinds})`);
} finally {
  await Promise.all(browsers.map((b) => b.close()));
  await stop();
}
