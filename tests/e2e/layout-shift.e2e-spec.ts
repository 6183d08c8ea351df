import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInThrough, type Browser } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const LEAD = 'lead.reviewer@summercroft.demo';
/** "Good" cumulative layout shift, as Core Web Vitals put it. */
const GOOD_CLS = 0.1;

let sessionId = '';
const app = useDemoApp(async (server) => {
  const [row] = await server.crosswalk.db.sql<{ id: string }[]>`
    select id from review_sessions where review_id = ${REVIEW} and kind = 'review_day' order by starts_at limit 1`;
  sessionId = row?.id ?? '';
});

/**
 * Records every layout shift not caused by input (buffered, so shifts before the observer ran count too) and every
 * Content-Security-Policy violation, from the first script that runs in the page.
 */
function recordShifts(): void {
  const record = window as unknown as { shifts: { value: number; sources: string[] }[]; violations: string[] };
  record.shifts = [];
  record.violations = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries() as (PerformanceEntry & {
      value: number;
      hadRecentInput: boolean;
      sources?: { node?: Node | null }[];
    })[]) {
      if (!entry.hadRecentInput) {
        const sources = (entry.sources ?? []).map((s) => {
          const node = s.node;
          return node instanceof Element ? `${node.tagName.toLowerCase()}.${[...node.classList].join('.')}` : '?';
        });
        record.shifts.push({ value: entry.value, sources });
      }
    }
  }).observe({ type: 'layout-shift', buffered: true });
  document.addEventListener('securitypolicyviolation', (event) => {
    record.violations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
}

/** Waits until nothing says it is loading any more and the page has painted its fonts and two further frames. */
async function settled(page: Page, ready: string): Promise<void> {
  await page.locator(ready).first().waitFor({ state: 'visible' });
  await expect.poll(() => page.locator('.loading').count()).toBe(0);
  await page.evaluate(async () => {
    await document.fonts.ready;
    for (let i = 0; i < 2; i++) {
      await new Promise(requestAnimationFrame);
    }
  });
}

async function shiftsOf(page: Page) {
  return page.evaluate(() => {
    const record = window as unknown as { shifts: { value: number; sources: string[] }[]; violations: string[] };
    return {
      cls: record.shifts.reduce((sum, shift) => sum + shift.value, 0),
      shifts: record.shifts,
      violations: record.violations,
    };
  });
}

const viewports = [
  { name: 'a laptop', width: 1366, height: 768 },
  { name: 'a phone', width: 390, height: 844 },
];

/** Each page, with what shows once its content is there. */
const pages = [
  { name: 'home', path: () => '/', ready: 'main h1' },
  { name: 'review', path: () => `/reviews/${REVIEW}`, ready: 'main h1' },
  { name: 'document', path: () => `/reviews/${REVIEW}/document`, ready: '.save-status' },
  { name: 'session lobby', path: () => `/sessions/${sessionId}`, ready: 'main h1' },
];

/** Each page's figure, printed at the end so that a creeping value shows before it fails. */
const measured: string[] = [];
afterAll(() => {
  console.info(`layout shift: ${measured.join(', ')}`);
});

describe('layout shift as pages load', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await app.launch(FAKE_MEDIA_ARGS);
    const page = await browser.newPage();
    await signInThrough(page, `${app.url}/`, LEAD);
    await page.close();
  });

  for (const viewport of viewports) {
    for (const target of pages) {
      it(`keeps the ${target.name} page steady on ${viewport.name}`, async () => {
        const page = await browser.newPage();
        await page.setViewportSize({ width: viewport.width, height: viewport.height });
        await page.addInitScript(recordShifts);
        await page.goto(`${app.url}${target.path()}`);
        await settled(page, target.ready);
        const { cls, shifts, violations } = await shiftsOf(page);
        await page.close();
        measured.push(`${target.name} on ${viewport.name} ${cls.toFixed(3)}`);
        expect(violations).toEqual([]);
        expect(cls, JSON.stringify(shifts)).toBeLessThan(GOOD_CLS);
      });
    }

    it(`keeps the session room steady on ${viewport.name} after joining`, async () => {
      const page = await browser.newPage();
      await page.setViewportSize({ width: viewport.width, height: viewport.height });
      await page.addInitScript(recordShifts);
      await page.goto(`${app.url}/sessions/${sessionId}`);
      await settled(page, 'main h1');
      const join = page.getByRole('button', { name: 'Join session' });
      await expect.poll(() => join.isEnabled()).toBe(true);
      await join.click();
      // The own camera's picture is the last thing the room lays out.
      await page.waitForFunction(() => [...document.querySelectorAll('video')].some((video) => video.videoWidth > 0));
      await settled(page, 'main h1');
      const { cls, shifts, violations } = await shiftsOf(page);
      await page.getByRole('button', { name: 'Leave session' }).click();
      await page.close();
      measured.push(`session room on ${viewport.name} ${cls.toFixed(3)}`);
      expect(violations).toEqual([]);
      expect(cls, JSON.stringify(shifts)).toBeLessThan(GOOD_CLS);
    });
  }
});
