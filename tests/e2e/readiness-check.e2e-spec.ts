import type { ReadinessCheckSummary } from '@crosswalk/shared';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt } from '../support/browser.ts';
import { FAKE_MEDIA_ARGS } from '../support/chromium.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { DEMO_PASSWORD } from '../support/fixtures.ts';
import { HttpClient } from '../support/http-client.ts';
import { FENBROOK_REVIEW } from '../support/workshop-fixtures.ts';

const PEER = 'reviewer@hempshill.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
/** Timings in a browser on a busy two-core machine: ICE gathering and the speed test take seconds. */
const CHECK_TIMEOUT_MS = 60_000;

const app = useDemoApp();

/** The set-up check link last emailed to `email`, as the email gives it. */
async function emailedLink(email: string): Promise<string> {
  const [row] = await app.server.crosswalk.db.sql<{ bodyText: string }[]>`
    select body_text from mail_outbox
    where to_address = ${email} and subject like 'Check your set-up%' order by created_at desc limit 1`;
  const path = /https?:\/\/[^/\s]+(\/check\/[\w-]+)/.exec(row?.bodyText ?? '')?.[1];
  if (!path) {
    throw new Error(`no set-up check link for ${email}`);
  }
  return `${app.url}${path}`;
}

describe('the set-up check in the browser', () => {
  it('runs from the emailed link without signing in, to a verdict and a report for IT support', async () => {
    const linkLead = new HttpClient(app.url);
    expect((await linkLead.login(LINK_LEAD, DEMO_PASSWORD)).status).toBe(200);
    expect((await linkLead.post(`/api/reviews/${FENBROOK_REVIEW}/checks/links`)).status).toBe(200);

    const browser = await app.launch([...FAKE_MEDIA_ARGS, '--autoplay-policy=no-user-gesture-required']);
    const page = await browser.newPage();
    await page.goto(await emailedLink(PEER));
    await page
      .getByRole('heading', { name: 'Check your set-up for the peer review of Fenbrook Primary' })
      .waitFor({ timeout: CHECK_TIMEOUT_MS });
    // Before the check: what it does, and the report IT support can act on already.
    await page.getByRole('heading', { name: 'Report for your IT support' }).waitFor();
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Start the check' }).click();
    await page.getByRole('button', { name: 'Play the test sound' }).click({ timeout: CHECK_TIMEOUT_MS });
    await page.getByRole('button', { name: 'Yes, I heard it' }).click({ timeout: CHECK_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'Result' }).waitFor({ timeout: CHECK_TIMEOUT_MS });

    const tests = page.getByRole('region', { name: 'Tests' });
    for (const name of ['Camera', 'Microphone', 'Browser support', 'Live connection to Crosswalk', 'Speakers']) {
      const item = tests.getByRole('listitem').filter({ hasText: name });
      expect(await item.getByRole('img', { name: 'Works' }).count(), name).toBe(1);
    }
    // No STUN or TURN server is configured here: said plainly, never counted as a failure.
    const stun = tests.getByRole('listitem').filter({ hasText: 'Direct video route (STUN)' });
    expect(await stun.getByRole('img', { name: 'Not configured on this Crosswalk' }).count()).toBe(1);
    const verdict = await page.locator('.verdict-text').textContent();
    expect([
      "Your school's network should carry the review's video.",
      'Video should work, but not everything passed: read the advice below.',
    ]).toContain(verdict);
    const report = await page.locator('pre').textContent();
    expect(report).toContain('Crosswalk web and live connections: 127.0.0.1');
    expect(report).toContain('No STUN or TURN server is configured');
    expect(report).toContain('Results of the set-up check');
    expect(await page.getByRole('link', { name: 'Download the report' }).getAttribute('download')).toBe(
      'crosswalk-network-report.txt',
    );
    await expectNoAxeViolations(page);

    // The results are kept for the person and the review, and the host school sees them on the review page.
    const summary = (await linkLead.get(`/api/reviews/${FENBROOK_REVIEW}/checks`)).body as ReadinessCheckSummary;
    const checked = summary.people.filter((p) => p.checkedAt !== null);
    expect(checked.map((p) => p.roles)).toEqual([['peer_reviewer']]);
    expect(checked[0]?.checks).toMatchObject({ camera: 'pass', microphone: 'pass', stun: 'not_configured' });

    const host = await signInAt(browser, app.url, LINK_LEAD, `/reviews/${FENBROOK_REVIEW}`);
    const section = host.getByRole('region', { name: 'Set-up checks' });
    await section.getByText(`1 of ${summary.people.length} people have run the check.`).waitFor({
      timeout: CHECK_TIMEOUT_MS,
    });
    const row = section.getByRole('row').filter({ hasText: 'Peer reviewer' }).filter({ hasNotText: 'Not yet' });
    expect(await row.count()).toBe(1);
    await expectNoAxeViolations(host);

    // Signed in, the same check opens from the review page, without any emailed link.
    await section.getByRole('link', { name: 'Check your own set-up' }).click();
    await host
      .getByRole('heading', { name: 'Check your set-up for the peer review of Fenbrook Primary' })
      .waitFor({ timeout: CHECK_TIMEOUT_MS });
    await host.getByRole('button', { name: 'Start the check' }).waitFor();
    await expectNoAxeViolations(host);
  });
});
