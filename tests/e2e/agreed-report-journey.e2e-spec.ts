import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { signInPeople } from '../support/fixtures.ts';
import { recordFeedback, recordFinding } from '../support/lifecycle.ts';

const run = promisify(execFile);

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';
/** What `recordFinding` and `recordFeedback` write, as the review team would have by the feedback meeting. */
const FINDING = 'The routine is taught consistently in Year 4.';
const ATTENDEES = 'Headteacher, deputy head, the review team.';

// The review reaches "feedback given" the way its people take it there: a finding linked to evidence, the feedback
// record, then the lead reviewer's two steps.
const app = useDemoApp(async (server) => {
  const { clients, userIds } = await signInPeople(server.url, [LEAD]);
  await recordFinding(server, REVIEW, { id: userIds[LEAD] ?? '', name: 'Lead Reviewer (Summercroft)' });
  await recordFeedback(server, REVIEW, '2026-11-24');
  for (const action of ['start_synthesis', 'give_feedback']) {
    const moved = await clients[LEAD]?.post(`/api/reviews/${REVIEW}/transitions`, { action });
    if (moved?.status !== 200) {
      throw new Error(`${action} answered ${String(moved?.status)}: ${JSON.stringify(moved?.body)}`);
    }
  }
});

async function openDocumentAs(email: string): Promise<Page> {
  const page = await app.openAs(email, `/reviews/${REVIEW}/document`);
  await expect
    .poll(() => page.getByRole('heading', { name: 'Factual accuracy check' }).count(), { timeout: 15_000 })
    .toBe(1);
  return page;
}

/** The host headteacher selects words in a read-only field and proposes what they should say. */
async function proposeCorrection(page: Page, field: string, words: string, replacement: string): Promise<void> {
  const text = page.getByLabel(`Text of ${field}`, { exact: true });
  await text.focus();
  await text.evaluate((el: HTMLTextAreaElement, selected: string) => {
    const at = el.value.indexOf(selected);
    el.setSelectionRange(at, at + selected.length);
  }, words);
  await page.getByRole('button', { name: `Suggest a correction to ${field}` }).click();
  const box = page.getByLabel('Replace the selected words with');
  await expect.poll(() => box.inputValue()).toBe(words);
  await box.fill(replacement);
  await page.getByRole('button', { name: 'Propose correction' }).click();
  await expect
    .poll(() =>
      page
        .getByRole('status')
        .filter({ hasText: `Your correction to ${field} has been sent` })
        .count(),
    )
    .toBe(1);
}

/** Clicks a download link and keeps the file's bytes. */
async function download(page: Page, link: string): Promise<{ name: string; bytes: Buffer; path: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path), path };
}

/** Word splits text into runs: the document's words in order, without the markup. */
async function wordsOfDocx(bytes: Buffer): Promise<string> {
  const xml = (await (await JSZip.loadAsync(bytes)).file('word/document.xml')?.async('string')) ?? '';
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => m[1] ?? '')
    .join('')
    .replaceAll('&amp;', '&')
    .replaceAll('&quot;', '"');
}

describe('from feedback to the agreed report, in the browser', () => {
  let host: Page;
  let lead: Page;

  it('lets the host headteacher comment on a finding, and the lead reviewer sees it', async () => {
    lead = await openDocumentAs(LEAD);
    host = await openDocumentAs(HOST_HEAD);
    await host.getByRole('button', { name: 'Comment on S01' }).click();
    await host.getByLabel('Your comment').fill('Year 3 does the routine too: can the finding say so?');
    await host.getByRole('button', { name: 'Save comment' }).click();
    await expect
      .poll(() => lead.getByText('Year 3 does the routine too: can the finding say so?').count(), { timeout: 15_000 })
      .toBe(1);
  });

  it('lets the host propose two corrections, which the lead reviewer accepts and rejects', async () => {
    await proposeCorrection(host, 'Finding S01', 'Year 4', 'Years 3 and 4');
    await proposeCorrection(host, 'Feedback record: who attended', ', deputy head', '');

    const accept = lead.getByRole('button', { name: 'Accept suggestion 1' });
    await expect.poll(() => accept.count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => lead.getByRole('button', { name: 'Reject suggestion 2' }).count()).toBe(1);
    await accept.click();
    await lead.getByRole('button', { name: 'Reject suggestion 2' }).click();

    const corrected = FINDING.replace('Year 4', 'Years 3 and 4');
    await expect.poll(() => lead.getByLabel('Finding S01', { exact: true }).inputValue()).toBe(corrected);
    await expect
      .poll(() => host.getByLabel('Factual corrections made').inputValue())
      .toMatch(
        /^Finding S01: "Year 4" corrected to "Years 3 and 4" \(proposed by Headteacher \(Fenbrook\), accepted by /,
      );
    expect(await host.getByLabel('Factual corrections made').inputValue()).not.toContain('deputy head');
    await expect
      .poll(() => host.getByLabel('Text of Feedback record: who attended', { exact: true }).inputValue())
      .toBe(ATTENDEES);
    await expectNoAxeViolations(host);
  });

  it('has both sign: the lead reviewer on the document, the host by accepting the report', async () => {
    const signOff = lead.getByRole('region', { name: 'Sign-off' });
    await signOff.getByRole('button', { name: 'Sign off as lead reviewer' }).click();
    await expect.poll(() => signOff.textContent(), { timeout: 10_000 }).toMatch(/Lead reviewer: signed by/);

    await host.goto(`${app.url}/reviews/${REVIEW}`);
    await host.getByRole('button', { name: 'Accept the report' }).click();
    const confirm = host.getByRole('dialog', { name: 'Accept the report?' });
    await confirm.getByRole('button', { name: 'Yes, accept the report' }).click();
    await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => host.getByText('Report agreed').count(), { timeout: 10_000 }).toBeGreaterThan(0);
  });

  it('lets the host download the agreed report as Word and as a tagged PDF holding the corrected finding', async () => {
    const card = host.getByRole('region', { name: 'Agreed report' });
    await card.getByRole('link', { name: 'Download the agreed report (Word)' }).waitFor({ timeout: 15_000 });
    const fingerprint = ((await card.locator('.fingerprint').textContent()) ?? '').trim();
    expect(fingerprint).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);

    const word = await download(host, 'Download the agreed report (Word)');
    expect(word.name).toMatch(/^fenbrook-primary-.+-peer-review-report\.docx$/);
    const words = await wordsOfDocx(word.bytes);
    expect(words).toContain(FINDING.replace('Year 4', 'Years 3 and 4'));
    expect(words).toContain('Evidence: E');
    expect(words).toContain('"Year 4" corrected to "Years 3 and 4"');
    expect(words).toContain(fingerprint);

    const pdf = await download(host, 'Download the agreed report (PDF)');
    expect(pdf.name).toMatch(/\.pdf$/);
    const [info, text] = await Promise.all([
      run('pdfinfo', [pdf.path]),
      run('pdftotext', ['-enc', 'UTF-8', pdf.path, '-']),
    ]);
    expect(info.stdout).toMatch(/^Tagged:\s+yes$/m);
    expect(text.stdout.replace(/\s+/g, ' ')).toContain('The routine is taught consistently in Years 3 and 4.');
  });
});
