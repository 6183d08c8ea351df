import { beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInAt, type Browser } from '../support/browser.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { importThreeSchools } from '../support/gias-import.ts';

// The demo's local authorities get their GIAS codes, as an administrator would set them on the local authorities page.
const app = useDemoApp(async (server) => {
  const { sql } = server.crosswalk.db;
  for (const [name, code] of [
    ['Lincolnshire', '925'],
    ['Essex', '881'],
    ['Hertfordshire', '919'],
  ] as const) {
    await sql`update local_authorities set code = ${code} where name = ${name}`;
  }
});
let browser: Browser;

beforeAll(async () => {
  browser = await app.launch();
});

describe('setting up a partnership in the browser', () => {
  it('lets a partnership lead create a partnership and import three schools from a GIAS file', async () => {
    const page = await signInAt(browser, app.url, 'partnership.lead@crosswalk.demo', '/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Set-up' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Set-up');
    await expectNoAxeViolations(page);

    const form = page.getByRole('region', { name: 'New partnership' });
    await form.getByLabel('Name', { exact: true }).fill('Three Shires Virtual Cluster');
    await form.getByLabel('Kind').selectOption('cross_regional_virtual');
    await form.getByLabel(/Schools Partnership Programme phase/).selectOption('build');
    await form.getByRole('button', { name: 'Create partnership' }).click();

    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Settings: Three Shires Virtual Cluster');
    await expect.poll(() => page.getByText('No schools are in this partnership yet').count()).toBe(1);
    await expectNoAxeViolations(page);

    const importer = page.getByRole('region', { name: 'Import schools from a GIAS CSV' });
    const file = importer.getByLabel('CSV file from Get Information about Schools');
    // A file with an authority that is not set up is refused whole, naming the line.
    await file.setInputFiles({
      name: 'bad.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'URN,LA (code),LA (name),EstablishmentName,PhaseOfEducation (name)\n999201,999,Atlantis,Sunken Primary,Primary\n',
      ),
    });
    await importer.getByRole('button', { name: 'Check the file' }).click();
    const problem = importer.getByRole('alert');
    await expect.poll(() => problem.textContent()).toContain('Line 2: local authority 999 (Atlantis) is not set up');
    await expectNoAxeViolations(page);

    await importThreeSchools(page);

    // The partnership's own page lists them too, each linked to its school page and its staff for the lead.
    await page.getByRole('link', { name: 'Back to Three Shires Virtual Cluster' }).click();
    const schoolNames = ['Oakfield Church of England Primary School', 'Riverside Academy', 'Saltmarsh Primary School'];
    await expect
      .poll(() => page.getByRole('region', { name: 'Member schools' }).getByRole('link').allTextContents())
      .toEqual(schoolNames.flatMap((name) => [name, `Staff at ${name}`]));
    await expectNoAxeViolations(page);

    // The partnership lead now leads it: it is on their list with its settings.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Set-up' }).click();
    const list = page.getByRole('region', { name: 'Your partnerships' });
    await expect
      .poll(() => list.getByRole('link', { name: 'Three Shires Virtual Cluster', exact: true }).count())
      .toBe(1);
    await page.close();
  });

  it("lets a headteacher record their school's safeguarding contacts", async () => {
    const page = await signInAt(browser, app.url, 'host.head@fenbrook.demo', '/');
    await page
      .getByRole('region', { name: 'Your schools' })
      .getByRole('link', { name: 'Fenbrook Primary', exact: true })
      .click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Fenbrook Primary');
    // The headteacher keeps the contacts but not the school's details.
    expect(await page.getByRole('region', { name: 'Details' }).count()).toBe(0);
    await expectNoAxeViolations(page);

    const contacts = page.getByRole('region', { name: 'Safeguarding contacts' });
    const lead = contacts.getByRole('group', { name: 'Designated safeguarding lead', exact: true });
    await lead.getByLabel('Name').fill('Dana Safe');
    await lead.getByLabel('Email address').fill('not an address');
    await contacts.getByRole('button', { name: 'Save safeguarding contacts' }).click();
    await expect.poll(() => contacts.getByRole('alert').textContent()).toContain("Safeguarding lead's email address");
    await expectNoAxeViolations(page);

    await lead.getByLabel('Email address').fill('dsl@fenbrook.example');
    await contacts.getByRole('button', { name: 'Save safeguarding contacts' }).click();
    await expect
      .poll(() => contacts.getByRole('status').textContent())
      .toBe('The safeguarding contacts have been saved.');
    await page.close();
  });

  it('lets a partnership lead put a school in a new trust, which it then shows', async () => {
    const page = await signInAt(browser, app.url, 'partnership.lead@crosswalk.demo', '/');
    await page.goto(`${app.url}/schools/6b1d0000-0000-4000-8000-000000000103`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Hempshill Primary');
    const trust = page.getByRole('region', { name: 'Trust' });
    await trust.getByLabel('Or set up a new trust').fill('Trent Valley Academies');
    await trust.getByRole('button', { name: 'Save the trust' }).click();
    await expect
      .poll(() => trust.getByRole('status').textContent())
      .toBe('Hempshill Primary is in Trent Valley Academies.');
    expect(await trust.getByRole('combobox', { name: 'Trust' }).inputValue()).not.toBe('');
    expect(await page.getByText('Trent Valley Academies', { exact: false }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await trust.getByRole('combobox', { name: 'Trust' }).selectOption('');
    await trust.getByRole('button', { name: 'Save the trust' }).click();
    await expect.poll(() => trust.getByRole('status').textContent()).toBe('Hempshill Primary is not in a trust.');
    await page.close();
  });

  it('lets an administrator record a local authority and its designated officer', async () => {
    const page = await signInAt(browser, app.url, 'admin@crosswalk.demo', '/setup');
    await page.getByRole('link', { name: /Local authorities and their designated officers/ }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Local authorities');
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Change Lincolnshire' }).click();
    const form = page.getByRole('region', { name: 'Change Lincolnshire' });
    await form.getByLabel('Name or team (optional)').fill('Lincolnshire LADO team');
    await form.getByLabel('Email address').fill('lado@lincolnshire.example');
    await form.getByRole('button', { name: 'Save local authority' }).click();
    await expect.poll(() => page.getByRole('status').textContent()).toBe('Lincolnshire has been saved.');
    const row = page.getByRole('row', { name: /^Lincolnshire 925/ });
    expect(await row.textContent()).toContain('Lincolnshire LADO team, lado@lincolnshire.example');
    await expectNoAxeViolations(page);
    await page.close();
  });
});
