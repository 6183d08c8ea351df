import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { HttpClient } from '../support/http-client.ts';
import { useDemoApp } from '../support/demo-app.ts';

/**
 * Signing out leaves nothing confidential in the browser (a staff-room computer is shared): the offline copies of
 * the enquiry document in IndexedDB are deleted and the sign-in page is shown, whether the person signs out here or
 * the server ends the session. With "This is a shared computer" ticked, no copy is ever written.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HEMPSHILL = 'reviewer@hempshill.demo';

const app = useDemoApp();

const patiently = { timeout: 15_000 };
const saveStatus = (page: Page) => page.locator('.save-status').textContent();

/** How many parts of the document this person may open (each has its own copy). */
function partsOf(page: Page): Promise<number> {
  return page.evaluate(async (review) => {
    const response = await fetch(`/api/reviews/${review}/collab`);
    return ((await response.json()) as { documents: unknown[] }).documents.length;
  }, REVIEW);
}

/** Every IndexedDB database the page ever asked to open that would hold a copy of one of the review's documents. */
function documentCopiesOpened(page: Page): Promise<string[]> {
  return page.evaluate(
    (review) => (window as unknown as { openedDatabases: string[] }).openedDatabases.filter((n) => n.includes(review)),
    REVIEW,
  );
}

/** The names of the IndexedDB databases that hold a copy of one of the review's documents. */
function documentCopies(page: Page): Promise<string[]> {
  return page.evaluate(async (review) => {
    const databases = await indexedDB.databases();
    return databases.map((d) => d.name ?? '').filter((name) => name.includes(review));
  }, REVIEW);
}

async function openDocument(options: { sharedComputer: boolean }): Promise<Page> {
  const browser = await app.launch();
  const page = await browser.newPage();
  // Records every database opened, so that one created and deleted again would still be seen.
  await page.addInitScript(() => {
    const opened: string[] = [];
    (window as unknown as { openedDatabases: string[] }).openedDatabases = opened;
    const open = indexedDB.open.bind(indexedDB);
    indexedDB.open = (name: string, version?: number) => {
      opened.push(name);
      return open(name, version);
    };
  });
  await signInThrough(page, `${app.url}/reviews/${REVIEW}/document`, HEMPSHILL, {
    sharedComputer: options.sharedComputer,
  });
  await expect.poll(() => saveStatus(page), patiently).toBe('All changes saved');
  return page;
}

async function expectSignInPage(page: Page): Promise<void> {
  await page.waitForURL(/\/signin/);
  await expect
    .poll(() => page.getByRole('heading', { level: 1 }).textContent(), patiently)
    .toBe('Sign in to Crosswalk');
}

describe('signing out', () => {
  it('deletes every copy of the review document from the browser and shows the sign-in page', async () => {
    const page = await openDocument({ sharedComputer: false });
    // An ordinary computer keeps every part of the document this person may open offline.
    const parts = await partsOf(page);
    expect(parts).toBeGreaterThan(0);
    await expect.poll(() => documentCopies(page).then((names) => names.length), patiently).toBe(parts);
    expect((await documentCopiesOpened(page)).length).toBeGreaterThanOrEqual(parts);

    await page.getByRole('button', { name: 'Sign out' }).click();

    await expectSignInPage(page);
    expect(await documentCopies(page)).toEqual([]);
    await expectNoAxeViolations(page);
  });

  it('does the same when the server ends the sign-in (signed out in another browser)', async () => {
    const page = await openDocument({ sharedComputer: false });
    const parts = await partsOf(page);
    await expect.poll(() => documentCopies(page).then((names) => names.length), patiently).toBe(parts);
    // The same session, signed out by another client holding its cookie: the server closes the page's sockets.
    const cookies = await page.context().cookies(app.url);
    const other = new HttpClient(app.url);
    const session = cookies.find((c) => c.name === 'crosswalk_session')?.value ?? '';
    const out = await other.request(
      'POST',
      '/api/auth/logout',
      {},
      { headers: { cookie: `crosswalk_session=${session}` } },
    );
    expect(out.status).toBe(204);

    await expectSignInPage(page);
    expect(page.url()).toBe(`${app.url}/signin?next=${encodeURIComponent(`/reviews/${REVIEW}/document`)}`);
    expect(await documentCopies(page)).toEqual([]);
  });
});

describe('"This is a shared computer"', () => {
  it('is offered at sign-in and keeps no copy of the document at all', async () => {
    const page = await openDocument({ sharedComputer: true });
    expect(await documentCopiesOpened(page)).toEqual([]);
    expect(await documentCopies(page)).toEqual([]);
    // Reloading the page (a new page load of the same session) still keeps none.
    await page.reload();
    await expect.poll(() => saveStatus(page), patiently).toBe('All changes saved');
    expect(await documentCopiesOpened(page)).toEqual([]);
    expect(await documentCopies(page)).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expectSignInPage(page);
    expect(await documentCopies(page)).toEqual([]);
  });
});
