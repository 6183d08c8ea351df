import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const CLOSED = '6b1d0000-0000-4000-8000-000000000210';
const THIS_YEAR = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('the agreed report in the browser', () => {
  it('lets the host headteacher download the report and choose the governors’ sections', async () => {
    const page = await signInAt(browser, app.url, HOST_HEAD, `/reviews/${CLOSED}`);
    const card = page.getByRole('region', { name: 'Agreed report' });
    await card.getByText('Its fingerprint, printed on every copy').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('link', { name: 'Download the agreed report (PDF)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^fenbrook-primary-.+-peer-review-report\.pdf$/);
    await expect
      .poll(() => card.getByRole('link', { name: 'Download the governors’ version (Word)' }).getAttribute('href'))
      .toBe(`/api/reviews/${CLOSED}/report.docx?part=governors`);

    await card.getByLabel('Impact review').check();
    await card.getByRole('button', { name: 'Save the governors’ sections' }).click();
    await expect
      .poll(() => card.getByRole('status').textContent())
      .toBe('Saved. The governors’ version now holds the sections ticked.');
    await expectNoAxeViolations(page);
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Impact review' }).isChecked()).toBe(true);
    await page.close();
  });

  it('says when the report becomes available before it is agreed', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/reviews/${THIS_YEAR}`);
    const card = page.getByRole('region', { name: 'Agreed report' });
    await card.getByText(/can be downloaded once the host headteacher has accepted it/).waitFor();
    expect(await card.getByRole('link').count()).toBe(0);
    await page.close();
  });

  it('prints the enquiry document without the app around it or form boxes', async () => {
    const page = await browser.newPage();
    await page.goto(`${app.url}/reviews/${CLOSED}/document`);
    await page.getByRole('heading', { name: 'Findings', level: 2 }).waitFor();
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (selector: string) =>
        [...document.querySelectorAll(selector)].filter((el) => getComputedStyle(el).display !== 'none').length;
      const boxed = [...document.querySelectorAll('input:not([type=checkbox]):not([type=radio]), textarea, select')]
        .map((el) => getComputedStyle(el))
        .filter(
          (style) => style.display !== 'none' && style.borderTopStyle !== 'none' && style.borderTopWidth !== '0px',
        );
      return { header: shown('.site-header'), buttons: shown('button'), boxed: boxed.length };
    });
    expect(printed).toEqual({ header: 0, buttons: 0, boxed: 0 });
    await page.close();
  });
});
