import { SUPPRESSED_TEXT, academicYearOf } from '@crosswalk/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoPartnership } from '../../server/src/demo/demo-data.ts';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { addAccount } from '../support/fixtures.ts';

const OFFICER = 'board.viewer@county.example';

/** The demo with a local authority viewer of the demo partnership (the lead would invite them; see the API test). */
const app = useDemoApp(async (server) => {
  const id = await addAccount(server, OFFICER, 'County Officer');
  await server.crosswalk.db.sql`
    insert into partnership_members (partnership_id, user_id, role) values (${demoPartnership.id}, ${id}, 'la_viewer')`;
});
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('the board view in the browser', () => {
  it('shows a local authority viewer the anonymised tables, the marker for small numbers, and the CSV link', async () => {
    const page = await signInAt(browser, app.url, OFFICER, `/partnerships/${demoPartnership.id}`);
    // The partnership's page leads to the board view, with no rota and no review to open.
    await page.getByRole('link', { name: 'Board view' }).click();
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe(`Board view: ${demoPartnership.name}`);
    const stages = page.getByTestId('board-reviewsByState');
    await expect.poll(() => stages.isVisible()).toBe(true);
    // The demo's schools each have one review this year, at different stages: the total shows, the stages (each
    // drawn from fewer than five schools) read the marker.
    const [year] = await app.server.crosswalk.db.sql<{ reviews: number; schools: number }[]>`
      select count(*)::int as reviews, count(distinct host_school_id)::int as schools from reviews
      where partnership_id = ${demoPartnership.id} and academic_year = ${academicYearOf(new Date())}`;
    expect(year?.schools).toBeGreaterThanOrEqual(5);
    const total = String(year?.reviews);
    await expect.poll(() => stages.locator('tfoot td').textContent()).toBe(total);
    expect(await stages.getByText(SUPPRESSED_TEXT).count()).toBeGreaterThan(0);
    for (const school of ['Fenbrook Primary', 'Northgate Primary']) {
      expect(await page.locator('main').getByText(school).count()).toBe(0);
    }
    // The CSV download is a link to the same figures.
    const link = page.getByRole('link', { name: /^Download as CSV/ });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(new RegExp(`^/api/partnerships/${demoPartnership.id}/board\\.csv\\?year=\\d{4}-\\d{2}$`));
    const csv = await page.evaluate(async (url) => (await fetch(url)).text(), href);
    expect(csv).toContain(`Reviews by stage,All reviews,${total}`);
    expect(csv).toContain(SUPPRESSED_TEXT);
    await expectNoAxeViolations(page);
    await page.close();
  });
});
