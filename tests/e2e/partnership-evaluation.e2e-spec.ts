import { EvaluationModel, ReviewStates, academicYearOf, levelNearest, levelOf, yearSpan } from '@crosswalk/shared';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPartnership } from '../../server/src/demo/demo-data.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';

const LEAD = 'partnership.lead@crosswalk.demo';
const FENBROOK_HEAD = 'host.head@fenbrook.demo';

const app = useDemoApp();
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

const thisYear = academicYearOf(new Date());
const words = (year: string) => year.replace('-', '/');

/** Chooses a level and writes the words in one strand's form, saves, and waits for the page to say it saved. */
async function rate(
  page: Page,
  form: 'self' | 'agreed',
  strand: string,
  level: string,
  text: string,
  textLabel: string,
) {
  const button = form === 'self' ? `Save ${strand}` : `Record agreed rating for ${strand}`;
  const group = page
    .getByRole('form', { name: strand, exact: true })
    .filter({ has: page.getByRole('button', { name: button }) });
  await group.getByRole('radio', { name: new RegExp(`^${level}`) }).check();
  await group.getByLabel(textLabel, { exact: true }).fill(text);
  await group.getByRole('button').click();
  await expect.poll(() => group.getByRole('status').textContent()).toBe(`Saved: ${strand} – ${level}.`);
}

/** Every body row of a table as its cells' text (the row header first). */
function cells(page: Page, caption: string): Promise<string[][]> {
  return page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent.trim())),
    );
}

describe('the partnership evaluation in the browser', () => {
  it('rates, agrees, and charts each strand with a data table equal to the stored ratings', async () => {
    // Fenbrook's head rates the school on two strands.
    const head = await signInAt(browser, app.url, FENBROOK_HEAD, `/partnerships/${demoPartnership.id}`);
    await head.getByRole('link', { name: 'Partnership evaluation' }).click();
    await expect
      .poll(() => head.getByRole('heading', { level: 1 }).textContent())
      .toBe('How our partnership is working: evaluation');
    await expect.poll(() => head.getByText(EvaluationModel.notice).count()).toBe(1);
    // Saving with no level chosen says what to do.
    await head.getByRole('button', { name: 'Save Impact focus' }).click();
    await expect.poll(() => head.getByText('Choose a level for Impact focus').count()).toBe(1);
    await rate(head, 'self', 'Impact focus', 'Embedded', 'Impact huddles every term.', 'Evidence');
    await rate(head, 'self', 'Trust and transparency', 'Developing', 'Staff share what went wrong.', 'Evidence');
    await expect.poll(() => head.locator('.strand-trend .ct-line').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(head);
    await head.close();

    // The partnership lead reads the schools' self-ratings and records the agreed ratings.
    const lead = await signInAt(browser, app.url, LEAD, `/partnerships/${demoPartnership.id}/evaluation`);
    await expect
      .poll(() => cells(lead, `Each school's self-rating, ${words(thisYear)}`))
      .toEqual([
        ['Fenbrook Primary', 'Impact focus', 'Embedded', 'Impact huddles every term.'],
        ['Fenbrook Primary', 'Trust and transparency', 'Developing', 'Staff share what went wrong.'],
      ]);
    await rate(lead, 'agreed', 'Impact focus', 'Developing', 'Follow-through varies between schools.', 'Note');
    await rate(lead, 'agreed', 'Coaching approach', 'Sustaining', 'Coaching is how reviews run.', 'Note');
    await expect
      .poll(() => cells(lead, `Agreed ratings, ${words(thisYear)}`))
      .toContainEqual(['Impact focus', 'Developing', 'Follow-through varies between schools.']);

    // Each strand's chart is drawn, and the table after it holds exactly the stored ratings, year by year.
    await lead.reload();
    const sql = app.server.crosswalk.db.sql;
    const agreed = await sql<{ academicYear: string; strand: string; level: string }[]>`
      select academic_year, strand, level from evaluation_agreed_ratings where partnership_id = ${demoPartnership.id}`;
    const own = await sql<{ academicYear: string; strand: string; level: string }[]>`
      select academic_year, strand, level from evaluation_self_ratings where partnership_id = ${demoPartnership.id}`;
    const held = await sql<{ academicYear: string }[]>`
      select academic_year from reviews where partnership_id = ${demoPartnership.id}
        and state in ${sql(ReviewStates.slice(ReviewStates.indexOf('in_review')))}`;
    const years = yearSpan([thisYear, ...held.map((r) => r.academicYear), ...agreed.map((r) => r.academicYear)]);
    for (const strand of EvaluationModel.strands) {
      const section = lead.locator(`section[data-strand="${strand.id}"]`);
      await expect.poll(() => section.locator('.ct-line').count()).toBeGreaterThan(0);
      const drawing = section.getByRole('img');
      expect(await drawing.getAttribute('aria-label')).toContain(strand.name);
      const expected = years.map((year) => {
        const level = agreed.find((r) => r.academicYear === year && r.strand === strand.id)?.level;
        const scores = own
          .filter((r) => r.academicYear === year && r.strand === strand.id)
          .map((r): number => levelOf(r.level)?.score ?? 0);
        const average = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : null;
        return [
          words(year),
          level ? (levelOf(level)?.name ?? '') : 'Not rated',
          average === null ? 'No ratings' : `${average.toFixed(1)} (nearest: ${levelNearest(average).name})`,
          String(scores.length),
        ];
      });
      expect(await cells(lead, `${strand.name} by academic year`)).toEqual(expected);
    }
    // Spot check, in words a person reads: this year, impact focus agreed Developing, Fenbrook's Embedded.
    expect(await cells(lead, 'Impact focus by academic year')).toContainEqual([
      words(thisYear),
      'Developing',
      '3.0 (nearest: Embedded)',
      '1',
    ]);
    // Review activity: reviews held, actions completed and support matched, each counted.
    const activity = await cells(lead, 'Review activity by academic year');
    expect(activity.map((row) => row[0])).toEqual(years.map(words));
    expect(activity.every((row) => /^\d+$/.test(row[2] ?? '') && /^\d+$/.test(row[3] ?? ''))).toBe(true);
    await expectNoAxeViolations(lead);
    await lead.close();
  });
});
