import type { ElementHandle, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, moveCaret } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
const LINK_LEAD = 'link.lead@fenbrook.demo';
const FIELD = 'Self-review: Our Impact';

const app = useDemoApp();

async function openDocumentAs(email: string): Promise<Page> {
  const page = await app.openAs(email, `/reviews/${REVIEW}/document`);
  await expect.poll(() => page.locator('.save-status').textContent(), { timeout: 15_000 }).toBe('All changes saved');
  await expect.poll(() => page.getByRole('heading', { name: 'Comments', level: 2 }).count()).toBe(1);
  return page;
}

/** The thread's button in the comments panel (the marker in the editor has the same name, and more). */
const inPanel = (page: Page, name: RegExp) =>
  page.getByRole('region', { name: 'Comments', exact: true }).getByRole('button', { name });

/** The highlighted passages of a field, as their text. */
const highlights = (page: Page) =>
  page
    .getByRole('textbox', { name: FIELD })
    .locator('.comment-mark')
    .allTextContents()
    .then((texts) => texts.join(''));

describe('comments on a passage of the enquiry document', () => {
  let host: Page;
  let link: Page;
  /** The host's field as first drawn: comments come and go around it, but it stays the same element. */
  let hostField: ElementHandle;

  it('lets one person comment on a selected passage and another see it and reply', async () => {
    host = await openDocumentAs(HOST_HEAD);
    link = await openDocumentAs(LINK_LEAD);
    await expect.poll(() => host.getByText(/No comments yet/).count()).toBe(1);

    const editor = host.getByRole('textbox', { name: FIELD });
    hostField = await editor.elementHandle();
    await editor.click();
    await moveCaret(editor, 'Control+End');
    await editor.press('Enter');
    await editor.pressSequentially('Reading at home is patchy in Year 4');
    for (let i = 0; i < 'patchy in Year 4'.length; i += 1) {
      await editor.press('Shift+ArrowLeft');
    }
    await expect.poll(() => host.getByRole('button', { name: 'Comment on the selected text' }).count()).toBe(1);
    await editor.press('Control+Alt+m');
    const body = host.getByLabel('Your comment');
    await expect.poll(() => body.evaluate((el) => el === document.activeElement)).toBe(true);
    await body.fill('Which classes does this cover?');
    await host.getByRole('button', { name: 'Save comment' }).click();

    const thread = /Comment on “patchy in Year 4” by Headteacher \(Fenbrook\), no replies/;
    await expect.poll(() => inPanel(host, thread).count()).toBe(1);
    // The other person hears of it without reloading, with the passage highlighted in their editor.
    await expect.poll(() => inPanel(link, thread).count()).toBe(1);
    await expect.poll(() => highlights(link)).toBe('patchy in Year 4');
    await expect
      .poll(() => link.getByRole('textbox', { name: FIELD }).getByRole('button', { name: thread }).count())
      .toBe(1);

    await link.getByLabel('Reply to “patchy in Year 4”').fill('Years 3 and 4: we will add the figures.');
    await link.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect.poll(() => host.getByText('Years 3 and 4: we will add the figures.').count()).toBe(1);
    await expect.poll(() => inPanel(host, /by Headteacher \(Fenbrook\), 1 reply/).count()).toBe(1);
  });

  it('keeps your place in the text while replies arrive, and the highlight while someone edits before it', async () => {
    const editor = host.getByRole('textbox', { name: FIELD });
    await moveCaret(editor, 'Home');
    await link.getByLabel('Reply to “patchy in Year 4”').fill('And Year 5?');
    await link.getByRole('button', { name: 'Reply', exact: true }).click();
    await expect.poll(() => inPanel(host, /by Headteacher \(Fenbrook\), 2 replies/).count()).toBe(1);
    // The same field, still focused: a reply arriving must not rebuild the editor under the person typing.
    expect(await hostField.evaluate((el) => el.isConnected && el === document.activeElement)).toBe(true);
    await host.keyboard.type('Last term, ');
    await expect.poll(() => editor.textContent()).toContain('running.Last term, Reading at home is patchy in Year 4');
    await expect.poll(() => link.getByRole('textbox', { name: FIELD }).textContent()).toContain('Last term, ');
    await expect.poll(() => highlights(link)).toBe('patchy in Year 4');
  });

  it('moves from a thread to its passage, resolves and reopens, and passes an accessibility check', async () => {
    await inPanel(link, /^Comment on “patchy in Year 4”/).click();
    await expect.poll(() => link.evaluate(() => window.getSelection()?.toString())).toBe('patchy in Year 4');
    await expectNoAxeViolations(link);

    await host.getByRole('button', { name: 'Resolve' }).click();
    await expect.poll(() => link.getByText(/No open comments/).count()).toBe(1);
    await expect.poll(() => highlights(link)).toBe('');
    await link.getByLabel(/Show resolved comments/).check();
    await link.getByRole('button', { name: 'Reopen' }).click();
    await expect.poll(() => inPanel(host, /^Comment on “patchy in Year 4”/).count()).toBe(1);
    await expect.poll(() => highlights(host)).toBe('patchy in Year 4');
    await expectNoAxeViolations(host);
  });
});
