import { addFinding, documentName, feedbackText, setFeedbackDate } from '@crosswalk/shared';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';
const FINDING = 'Year 5 pupils explained their reasoning confidently.';

// The review as it stands once feedback has been given: one finding and the feedback record written.
const app = useDemoApp(async (server) => {
  const collab = server.crosswalk.live.realtime?.collab;
  await collab?.withDocument(documentName(REVIEW, 'findings'), (doc) => {
    addFinding(doc, 'strength', FINDING);
    setFeedbackDate(doc, '2027-03-12');
    feedbackText(doc, 'attendees').insert(0, 'Headteacher, deputy head, the review team.');
  });
  await server.crosswalk.db.sql`update reviews set state = 'feedback_given' where id = ${REVIEW}`;
});

async function openDocumentAs(email: string): Promise<Page> {
  const page = await app.openAs(email, `/reviews/${REVIEW}/document`);
  await expect
    .poll(() => page.getByRole('heading', { name: 'Factual accuracy check' }).count(), { timeout: 15_000 })
    .toBe(1);
  return page;
}

describe('factual-accuracy mode in the browser', () => {
  let host: Page;
  let lead: Page;

  it('lets the host headteacher select words and suggest a correction, from the keyboard', async () => {
    lead = await openDocumentAs(LEAD);
    host = await openDocumentAs(HOST_HEAD);
    expect(await lead.getByText('No corrections have been proposed yet.').count()).toBe(1);

    const text = host.getByLabel('Text of Finding S01', { exact: true });
    await expect.poll(() => text.inputValue()).toBe(FINDING);
    await text.focus();
    // The words selected as a person would (the read-only field keeps its selection when focus moves on), then
    // the button reached with the keyboard.
    await text.evaluate((el: HTMLTextAreaElement) => {
      el.setSelectionRange(0, 'Year 5'.length);
    });
    await host.keyboard.press('Tab');
    await host.keyboard.press('Enter');
    const replacement = host.getByLabel('Replace the selected words with');
    await expect.poll(() => replacement.inputValue()).toBe('Year 5');
    await replacement.fill('Year 6');
    await host.getByRole('button', { name: 'Propose correction' }).click();
    await expect.poll(() => host.getByRole('status').filter({ hasText: 'sent to the lead reviewer' }).count()).toBe(1);
    await expectNoAxeViolations(host);
  });

  it('shows the lead reviewer the suggestion inline, at once, and applies it when accepted', async () => {
    const accept = lead.getByRole('button', { name: 'Accept suggestion 1' });
    await expect.poll(() => accept.count(), { timeout: 15_000 }).toBe(1);
    const tracked = lead.locator('#section-corrections del');
    expect(await tracked.textContent()).toMatch(/suggested deletion by Headteacher \(Fenbrook\).*Year 5$/);
    expect(await lead.locator('#section-corrections ins').textContent()).toMatch(/suggested insertion by .*Year 6$/);
    await expectNoAxeViolations(lead);

    await accept.click();
    await expect
      .poll(() => lead.getByLabel('Finding S01', { exact: true }).inputValue())
      .toBe(FINDING.replace('Year 5', 'Year 6'));
    await expect
      .poll(() => host.getByLabel('Factual corrections made').inputValue())
      .toMatch(/^Finding S01: "Year 5" corrected to "Year 6" \(proposed by Headteacher \(Fenbrook\), accepted by /);
    await expect.poll(() => host.locator('#section-corrections .status').textContent()).toMatch(/Accepted by/);
  });
});
