import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { signInAll } from '../support/fixtures.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { recordWebSockets, refusedWebSockets, setOffline } from '../support/web-sockets.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HEMPSHILL = 'reviewer@hempshill.demo';
const PRINCE_ROCK = 'reviewer@princerock.demo';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LEAD = 'lead.reviewer@summercroft.demo';

const app = useDemoApp();

/** Each person in their own browser profile, signed in, on the review's enquiry document. */
async function openDocumentAs(email: string, { recordSockets = false } = {}): Promise<Page> {
  const browser = await app.launch();
  const page = await browser.newPage();
  if (recordSockets) {
    await recordWebSockets(page);
  }
  await signInThrough(page, `${app.url}/reviews/${REVIEW}/document`, email);
  await expect.poll(() => saveStatus(page), { timeout: 15_000 }).toBe('All changes saved');
  return page;
}

const saveStatus = (page: Page) => page.locator('.save-status').textContent();
/** Text of an element with runs of white space as one space. */
const wordsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ');
const valueOf = (page: Page, label: string) =>
  page
    .getByLabel(label, { exact: true })
    .inputValue()
    .catch(() => null);

describe('the live enquiry document', () => {
  let a: Page;
  let b: Page;
  let host: Page;

  it('shows one reviewer’s new evidence and observation to another as it is typed', async () => {
    a = await openDocumentAs(HEMPSHILL);
    b = await openDocumentAs(PRINCE_ROCK, { recordSockets: true });
    await expect.poll(() => a.getByText('nobody else at the moment').count()).toBe(0);

    await a.getByLabel('Activity type').selectOption('lesson_visit');
    await a.getByLabel('Source', { exact: true }).fill('Y4 class, history');
    await a.getByLabel('Observation', { exact: true }).fill('Pupils explained');
    await a.getByRole('button', { name: 'Add evidence' }).click();
    await expect.poll(() => valueOf(b, 'Observation (E01)')).toBe('Pupils explained');

    const observation = a.getByLabel('Observation (E01)', { exact: true });
    await observation.click();
    await observation.press('End');
    await observation.pressSequentially(' their sources to a partner');
    await expect.poll(() => valueOf(b, 'Observation (E01)')).toBe('Pupils explained their sources to a partner');
    expect(await valueOf(b, 'Source (E01)')).toBe('Y4 class, history');
  });

  it('shares a finding, its evidence link and the back-link', async () => {
    await a.getByRole('button', { name: 'Add a strength' }).click();
    const finding = a.getByLabel('Finding S01', { exact: true });
    await expect.poll(() => finding.count()).toBe(1);
    await finding.pressSequentially('Pupils talk confidently about historical sources');
    await a.getByRole('checkbox', { name: /^E01:/ }).check();
    await expect.poll(() => valueOf(b, 'Finding S01')).toBe('Pupils talk confidently about historical sources');
    await expect.poll(() => b.locator('#section-evidence').getByRole('link', { name: 'S01' }).count()).toBe(1);
    expect(await b.getByRole('checkbox', { name: /^E01:/ }).isChecked()).toBe(true);
  });

  it('keeps the text after a reload, from the server, once everything is saved', async () => {
    await expect.poll(() => saveStatus(a)).toBe('All changes saved');
    await a.evaluate(async () => {
      // Nothing from this device's own copy: the text must come back from the server.
      for (const database of await indexedDB.databases()) {
        if (database.name) {
          indexedDB.deleteDatabase(database.name);
        }
      }
    });
    await a.reload();
    await expect
      .poll(() => valueOf(a, 'Observation (E01)'), { timeout: 15_000 })
      .toBe('Pupils explained their sources to a partner');
    await expect.poll(() => valueOf(a, 'Finding S01')).toBe('Pupils talk confidently about historical sources');
    await expect.poll(() => saveStatus(a)).toBe('All changes saved');
  });

  it('has no accessibility violations', async () => {
    await expectNoAxeViolations(a);
  });

  it('shows the host headteacher the evidence log read-only', async () => {
    host = await openDocumentAs(HOST_HEAD);
    await expect.poll(() => valueOf(host, 'Observation (E01)')).toBe('Pupils explained their sources to a partner');
    expect(await host.getByLabel('Observation (E01)', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await host.getByRole('button', { name: 'Add evidence' }).count()).toBe(0);
    expect(await host.locator('#section-evidence').textContent()).toContain('You can read the evidence log');
    await expectNoAxeViolations(host);
  });

  it('lets the host headteacher write the context in rich text, which the reviewers see', async () => {
    const context = host.getByRole('textbox', { name: 'School context' });
    // The click lands after "…additional language." of the demo's text, so the typing passes through
    // "language.Tw", which autolinking took for a web address (.tw) in the reviewers' read-only copies: each wrote
    // a link of its own, was refused by the server, and stayed on "Saving…" (checked at the end).
    await context.click();
    await context.pressSequentially('Two-form entry primary');
    await expect.poll(() => saveStatus(host)).toBe('All changes saved');
    await expect
      .poll(() => a.getByRole('textbox', { name: 'School context' }).textContent())
      .toContain('Two-form entry primary');
    // The host's caret, named and coloured from the server's awareness `user` field; who is where, in words.
    await expect.poll(() => a.locator('.collaboration-carets__label').textContent()).toBe('Headteacher (Fenbrook)');
    await expect.poll(() => a.locator('.presence').textContent()).toMatch(/Headteacher \(Fenbrook\)\s*— in Context/);
    expect(await a.getByRole('textbox', { name: 'School context' }).getAttribute('contenteditable')).toBe('false');
    expect(await saveStatus(a)).toBe('All changes saved');
    expect(await saveStatus(b)).toBe('All changes saved');
  });

  it('keeps an edit made offline on the device, and sends it when back online', async () => {
    await setOffline(b, true);
    await expect.poll(() => saveStatus(b)).toBe('Offline');
    // At least one attempt to reconnect has failed.
    await expect.poll(() => refusedWebSockets(b)).toBeGreaterThan(3);
    const observation = b.getByLabel('Observation (E01)', { exact: true });
    await observation.click();
    await observation.press('End');
    await observation.pressSequentially(' (checked)');
    await expect.poll(() => saveStatus(b)).toBe('Offline — changes kept on this device');
    expect(await valueOf(a, 'Observation (E01)')).toBe('Pupils explained their sources to a partner');

    await setOffline(b, false);
    await expect.poll(() => saveStatus(b), { timeout: 15_000 }).toBe('All changes saved');
    await expect
      .poll(() => valueOf(a, 'Observation (E01)'))
      .toBe('Pupils explained their sources to a partner (checked)');
  });

  it('saves a named version, shows it read-only, and restores it as a new change everyone sees', async () => {
    await expect.poll(() => saveStatus(a)).toBe('All changes saved');
    await a.getByLabel('Name this version of the whole document').fill('Draft findings agreed 14:30');
    await a.getByRole('button', { name: 'Save a version' }).click();
    const versions = a.getByRole('region', { name: 'Named versions' });
    await expect
      .poll(() => versions.getByRole('cell', { name: 'Draft findings agreed 14:30', exact: true }).count())
      .toBe(1);
    expect(await versions.textContent()).toContain('Peer Reviewer (Hempshill)');

    const finding = a.getByLabel('Finding S01', { exact: true });
    await finding.click();
    await finding.press('End');
    await finding.pressSequentially(' after the version');
    await expect
      .poll(() => valueOf(b, 'Finding S01'))
      .toBe('Pupils talk confidently about historical sources after the version');

    await versions.getByRole('button', { name: 'View Draft findings agreed 14:30' }).click();
    const snapshot = a.getByRole('region', { name: 'Version: Draft findings agreed 14:30' });
    await expect.poll(() => snapshot.textContent()).toContain('S01: Pupils talk confidently about historical sources');
    expect(await snapshot.textContent()).not.toContain('after the version');

    a.once('dialog', (dialog) => {
      void dialog.accept();
    });
    await versions.getByRole('button', { name: 'Restore Draft findings agreed 14:30' }).click();
    await expect.poll(() => valueOf(b, 'Finding S01')).toBe('Pupils talk confidently about historical sources');
    await expect.poll(() => valueOf(a, 'Finding S01')).toBe('Pupils talk confidently about historical sources');
    await expectNoAxeViolations(a);
  });

  it('edits and removes emerging themes with the keyboard, and the others see it', async () => {
    await a.getByLabel('Working statement', { exact: true }).fill('Pupils use sources');
    await a.locator('#section-themes form').getByRole('checkbox', { name: 'E01' }).check();
    await a.getByRole('button', { name: 'Add theme' }).click();
    await expect.poll(() => valueOf(b, 'Working statement (theme 1)')).toBe('Pupils use sources');
    expect(await b.getByRole('listitem', { name: 'Theme 1' }).getByRole('checkbox', { name: 'E01' }).isChecked()).toBe(
      true,
    );

    const statement = b.getByLabel('Working statement (theme 1)', { exact: true });
    await statement.click();
    await statement.press('End');
    await statement.pressSequentially(' confidently');
    await expect.poll(() => valueOf(a, 'Working statement (theme 1)')).toBe('Pupils use sources confidently');

    await a.getByLabel('Working statement', { exact: true }).fill('A theme to drop');
    await a.getByLabel('Working statement', { exact: true }).press('Enter');
    await expect.poll(() => valueOf(b, 'Working statement (theme 2)')).toBe('A theme to drop');
    const remove = b.getByRole('button', { name: 'Remove theme 2' });
    await remove.focus();
    await remove.press('Enter');
    await expect.poll(() => a.getByLabel('Working statement (theme 2)', { exact: true }).count()).toBe(0);
    expect(await valueOf(a, 'Working statement (theme 1)')).toBe('Pupils use sources confidently');
    expect(await wordsOf(host.locator('#section-themes'))).toContain('Pupils use sources confidently (E01)');
  });

  it('keeps the feedback record, which the host headteacher reads but cannot change', async () => {
    await a.getByLabel('Date of the feedback meeting', { exact: true }).fill('2026-11-24');
    await a.getByLabel('Who attended', { exact: true }).pressSequentially('Host headteacher, lead reviewer');
    await a.getByLabel("The host headteacher's response", { exact: true }).pressSequentially('Recognises the picture');
    await a.getByLabel('Factual corrections made', { exact: true }).pressSequentially('E01 was Y5, not Y4');
    await expect.poll(() => valueOf(b, 'Factual corrections made')).toBe('E01 was Y5, not Y4');
    expect(await valueOf(b, 'Date of the feedback meeting')).toBe('2026-11-24');
    await expect.poll(() => valueOf(host, "The host headteacher's response")).toBe('Recognises the picture');
    expect(await valueOf(host, 'Who attended')).toBe('Host headteacher, lead reviewer');
    expect(await host.getByLabel('Who attended', { exact: true }).getAttribute('readonly')).not.toBeNull();
    expect(await host.locator('#section-feedback').textContent()).toContain('You can read the feedback record');
  });

  it('lets the host headteacher draft the action plan, which reviewers read; the impact review waits for it', async () => {
    await host.getByRole('button', { name: 'Add an action' }).click();
    const action = host.getByLabel('Action (A01)', { exact: true });
    await expect.poll(() => action.count()).toBe(1);
    await action.pressSequentially('Train TAs in the reading routine');
    await expect.poll(() => saveStatus(host)).toBe('All changes saved');
    await expect.poll(() => valueOf(a, 'Action (A01)')).toBe('Train TAs in the reading routine');
    // Impact checkpoints are records that start once the plan is published (docs/impact-review.md).
    for (const page of [host, a]) {
      const impact = page.getByRole('region', { name: 'Impact review' });
      await expect
        .poll(() => wordsOf(impact))
        .toContain('Checkpoints are scheduled once the host headteacher publishes');
      expect(await impact.getByRole('button', { name: 'Add a checkpoint' }).count()).toBe(0);
    }
    await expectNoAxeViolations(host);
  });

  it('lets the lead reviewer sign off, then the host headteacher sign by accepting the report', async () => {
    // Before feedback, nobody may sign; the reviewers see why.
    const peerSignOff = a.getByRole('region', { name: 'Sign-off' });
    await expect.poll(() => wordsOf(peerSignOff)).toContain('Lead reviewer: not signed yet.');
    expect(await peerSignOff.getByRole('button').count()).toBe(0);

    const { [LEAD]: leadApi } = await signInAll(app.server, [LEAD]);
    for (const action of ['start_synthesis', 'give_feedback']) {
      expect((await leadApi?.post(`/api/reviews/${REVIEW}/transitions`, { action }))?.status).toBe(200);
    }
    const lead = await openDocumentAs(LEAD);
    const leadSignOff = lead.getByRole('region', { name: 'Sign-off' });
    await leadSignOff.getByRole('button', { name: 'Sign off as lead reviewer' }).click();
    await expect
      .poll(() => wordsOf(leadSignOff), { timeout: 10_000 })
      .toMatch(/Lead reviewer: signed by Lead Reviewer \(Summercroft\) on .+ when the review was at “Feedback given”/);
    await expect
      .poll(
        () =>
          lead
            .getByRole('region', { name: 'Named versions' })
            .getByRole('cell', { name: 'Signed off by the lead reviewer', exact: true })
            .count(),
        { timeout: 10_000 },
      )
      .toBe(1);
    await expectNoAxeViolations(lead);

    // The host headteacher signs by accepting the report: one step, confirmed, on the review page.
    await host.goto(`${app.url}/reviews/${REVIEW}`);
    await host.getByRole('button', { name: 'Accept the report' }).click();
    const confirm = host.getByRole('dialog', { name: 'Accept the report?' });
    await confirm.getByRole('button', { name: 'Yes, accept the report' }).click();
    await expect.poll(() => confirm.isVisible(), { timeout: 10_000 }).toBe(false);
    await host.goto(`${app.url}/reviews/${REVIEW}/document`);
    const hostSignOff = host.getByRole('region', { name: 'Sign-off' });
    await expect
      .poll(() => wordsOf(hostSignOff), { timeout: 10_000 })
      .toMatch(/Host headteacher: signed by Headteacher \(Fenbrook\)/);
    expect(await hostSignOff.getByRole('button', { name: 'Sign off as host headteacher' }).count()).toBe(0);

    await a.reload();
    await expect
      .poll(() => peerSignOff.textContent(), { timeout: 15_000 })
      .toContain('signed by Headteacher (Fenbrook)');
    expect(await peerSignOff.textContent()).toContain('signed by Lead Reviewer (Summercroft)');
    expect(await peerSignOff.getByRole('button').count()).toBe(0);
  });
});
