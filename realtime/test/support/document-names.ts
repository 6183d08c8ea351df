import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';

/** A document name unique to this test (derived from its name) and this run. */
export function uniqueDocumentName(label = ''): string {
  const testName = expect.getState().currentTestName ?? 'test';
  const slug = `${testName} ${label}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return `${slug || 'doc'}-${randomBytes(4).toString('hex')}`;
}
