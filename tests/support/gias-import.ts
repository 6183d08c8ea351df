import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { expectNoAxeViolations } from './browser.ts';

/** Three fictional schools in the column layout of the GIAS establishment export, with many of its other columns. */
export const GIAS_THREE_SCHOOLS = new URL('../fixtures/gias-three-schools.csv', import.meta.url);

/**
 * On a partnership's settings page: imports the three fixture schools (preview first, then confirmed) and checks
 * they are listed as members, with axe on each step.
 */
export async function importThreeSchools(page: Page): Promise<void> {
  const importer = page.getByRole('region', { name: 'Import schools from a GIAS CSV' });
  await importer.getByLabel('CSV file from Get Information about Schools').setInputFiles({
    name: 'gias-three-schools.csv',
    mimeType: 'text/csv',
    buffer: await readFile(GIAS_THREE_SCHOOLS),
  });
  await importer.getByRole('button', { name: 'Check the file' }).click();
  const preview = importer.getByRole('region', { name: 'What the import will do' });
  await expect.poll(() => preview.textContent()).toContain('New to Crosswalk: created and added (3)');
  expect(await preview.textContent()).toContain('Oakfield Church of England Primary School');
  await expectNoAxeViolations(page);
  await preview.getByRole('button', { name: 'Import 3 schools' }).click();
  await expect.poll(() => importer.getByRole('status').textContent()).toBe('3 schools were added to the partnership.');
  const members = page.getByRole('region', { name: 'Member schools' });
  await expect
    .poll(async () => (await members.getByRole('row').allTextContents()).slice(1).map((row) => row.trim()))
    .toEqual([
      expect.stringMatching(/^Oakfield Church of England Primary School\s*999102\s*Primary\s*Essex/),
      expect.stringMatching(/^Riverside Academy\s*999103\s*Secondary\s*Hertfordshire/),
      expect.stringMatching(/^Saltmarsh Primary School\s*999101\s*Primary\s*Lincolnshire/),
    ]);
  await expectNoAxeViolations(page);
}
