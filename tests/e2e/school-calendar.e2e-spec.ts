import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_REVIEW_ID } from '../../server/src/demo/demo-review.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

const visitAs = (email: string, path = '/') => signInAt(browser, app.url, email, path);

describe('school calendars in the browser', () => {
  it('says a weekend is not a school day and schedules it only when confirmed', async () => {
    const page = await visitAs('host.head@fenbrook.demo', `/reviews/${DEMO_REVIEW_ID}`);
    const timetable = page.getByRole('region', { name: 'Timetable' });
    await timetable.getByLabel('Type', { exact: true }).selectOption('impact_review');
    await timetable.getByLabel('Title', { exact: true }).first().fill('Saturday catch-up');
    // Saturday 8 September 2029: a weekend whatever the term dates say.
    await timetable.getByLabel('Date').fill('2029-09-08');
    await timetable.getByLabel('Starts').first().fill('10:00');
    await timetable.getByLabel('Ends').first().fill('11:00');
    await timetable.getByRole('button', { name: 'Add the session' }).click();

    const warning = timetable.getByRole('group', { name: /This is not a school day/ });
    await expect.poll(() => warning.textContent()).toContain('Saturday 8 September 2029 is not a school day');
    await expectNoAxeViolations(page);
    await warning.getByRole('button', { name: 'Schedule anyway' }).click();
    await expect.poll(() => timetable.textContent()).toContain('"Saturday catch-up" is on the timetable.');
    await page.close();
  });

  it('suggests days that suit everyone taking part, and fills the form with the one chosen', async () => {
    const page = await visitAs('host.head@fenbrook.demo', `/reviews/${DEMO_REVIEW_ID}`);
    const timetable = page.getByRole('region', { name: 'Timetable' });
    await timetable.getByLabel('Type', { exact: true }).selectOption('feedback_meeting');
    // Saturday 8 September 2029: the first suggestion is the Monday after (past the demo's term dates, so open).
    await timetable.getByLabel('Date').fill('2029-09-08');
    await timetable.getByRole('button', { name: 'Suggest days that suit everyone' }).click();
    const days = timetable.getByRole('list', { name: /Open at Fenbrook Primary/ });
    const first = days.getByRole('button').first();
    await expect.poll(() => first.textContent()).toContain('Monday 10 September 2029, 08:45 to 15:15');
    expect(await days.getByRole('button').count()).toBe(5);
    await expectNoAxeViolations(page);
    await first.click();
    expect(await timetable.getByLabel('Date').inputValue()).toBe('2029-09-10');
    expect(await timetable.getByLabel('Starts').first().inputValue()).toBe('08:45');
    expect(await timetable.getByLabel('Ends').first().inputValue()).toBe('15:15');
    await timetable.getByLabel('Title', { exact: true }).first().fill('Feedback');
    await timetable.getByRole('button', { name: 'Add the session' }).click();
    await expect.poll(() => timetable.textContent()).toContain('"Feedback" is on the timetable.');
    await page.close();
  });

  it("shows the host school's calendar and imports a CSV file, refusing a bad one whole", async () => {
    const page = await visitAs('host.head@fenbrook.demo', `/reviews/${DEMO_REVIEW_ID}`);
    await page.getByRole('link', { name: 'see its term dates and days off' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Fenbrook Primary: school calendar');
    await expectNoAxeViolations(page);

    const file = page.getByLabel('File', { exact: true });
    await file.setInputFiles({
      name: 'dates.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date_from,date_to,kind,label\n2029-09-04,2029-09-04,sports,Sports day\n'),
    });
    await page.getByRole('button', { name: 'Import the dates' }).click();
    const problem = page.getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain('Nothing was imported');
    expect(await problem.textContent()).toContain('Line 2: "sports" is not one of');

    await file.setInputFiles({
      name: 'dates.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('date_from,date_to,kind,label\n2029-09-04,2029-09-04,closure,Polling station\n'),
    });
    await page.getByRole('button', { name: 'Import the dates' }).click();
    await expect
      .poll(() => page.getByRole('status').textContent())
      .toBe('1 entry was added to the Fenbrook Primary calendar.');
    await page.close();
  });
});
