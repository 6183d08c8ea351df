import type { ReviewDetail } from '@crosswalk/shared';
import type { Locator, Page, WebSocketRoute } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, signInThrough } from '../support/browser.ts';
import { signInAll } from '../support/fixtures.ts';
import { useDemoApp } from '../support/demo-app.ts';
import { hashToken } from '../../server/src/modules/auth/tokens.ts';

/**
 * How the editor reacts when the live-document server closes a connection with one of our close codes
 * (shared/src/realtime/close-codes.ts). Access removal is real (the server closes with 4403 when someone leaves
 * the team). The server closes with 4401 and 4404 only in situations a test cannot bring about on an open
 * connection, so those close codes are delivered by a pass-through route in front of the real server
 * (Playwright's routeWebSocket), which forwards every message both ways until the test closes it.
 */

const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const HEMPSHILL = 'reviewer@hempshill.demo';
const PRINCE_ROCK = 'reviewer@princerock.demo';
const PARTNERSHIP_LEAD = 'partnership.lead@crosswalk.demo';

const app = useDemoApp();

interface Opened {
  page: Page;
  /** Every live-document socket the page opened, in order, as routes through which the test can close them. */
  sockets: WebSocketRoute[];
  /** How many times the page asked for a realtime ticket. */
  ticketRequests: () => number;
}

async function openDocumentAs(email: string): Promise<Opened> {
  const browser = await app.launch();
  const page = await browser.newPage();
  const sockets: WebSocketRoute[] = [];
  await page.routeWebSocket(/\/collab\//, (route) => {
    route.connectToServer();
    sockets.push(route);
  });
  let tickets = 0;
  page.on('request', (request) => {
    if (request.url().endsWith(`/api/reviews/${REVIEW}/collab`)) {
      tickets += 1;
    }
  });
  await signInThrough(page, `${app.url}/reviews/${REVIEW}/document`, email);
  await expect.poll(() => saveStatus(page), { timeout: 15_000 }).toBe('All changes saved');
  return { page, sockets, ticketRequests: () => tickets };
}

/** Server round trips (a new ticket, a removal, a reconnect) can be slow on a busy machine. */
const patiently = { timeout: 10_000 };
const saveStatus = (page: Page) => page.locator('.save-status').textContent();
const wordsOf = async (locator: Locator) => ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
const alerts = (page: Page) => wordsOf(page.locator('.document [role="alert"]'));
const socketsFor = (opened: Opened, part: string) => opened.sockets.filter((s) => s.url().includes(`.${part}?`));
/** Waits longer than the editor's pause before reconnecting after a refused message (3 s). */
const longerThanARetry = (page: Page) => page.waitForTimeout(4000);

describe('the editor after the server closes the connection', () => {
  it('fetches a new ticket and reconnects after 4401 (ticket expired or refused)', async () => {
    const opened = await openDocumentAs(HEMPSHILL);
    const before = opened.ticketRequests();
    const [findings] = socketsFor(opened, 'findings');
    await findings?.close({ code: 4401, reason: 'Ticket expired' });
    await expect.poll(() => opened.ticketRequests(), patiently).toBe(before + 1);
    await expect.poll(() => socketsFor(opened, 'findings').length, patiently).toBe(2);
    await expect.poll(() => saveStatus(opened.page), patiently).toBe('All changes saved');
    expect(await opened.page.locator('.document [role="alert"]').count()).toBe(0);

    // Still live: an edit made now reaches the server and is acknowledged.
    await opened.page.getByRole('button', { name: 'Add a strength' }).click();
    await opened.page.getByLabel('Finding S01', { exact: true }).pressSequentially('After a new ticket');
    await expect.poll(() => saveStatus(opened.page), patiently).toBe('All changes saved');
  });

  it('stops a part after 4404 (document not found), says so, and does not reconnect', async () => {
    const opened = await openDocumentAs(HEMPSHILL);
    const [evidence] = socketsFor(opened, 'evidence');
    await evidence?.close({ code: 4404, reason: 'No such document' });
    await expect
      .poll(() => alerts(opened.page), patiently)
      .toBe(
        'Evidence log and emerging themes: This document could not be found, so it has stopped updating. It may have been removed.',
      );
    await longerThanARetry(opened.page);
    expect(socketsFor(opened, 'evidence')).toHaveLength(1);
    // The other parts carry on.
    expect(await saveStatus(opened.page)).toBe('All changes saved');
    await expectNoAxeViolations(opened.page);
  });

  it('stops every part after 4403 when the person is removed from the team, and does not reconnect', async () => {
    const opened = await openDocumentAs(PRINCE_ROCK);
    const opening = opened.sockets.length;
    const { [PARTNERSHIP_LEAD]: lead } = await signInAll(app.server, [PARTNERSHIP_LEAD]);
    const review = (await lead?.get(`/api/reviews/${REVIEW}`))?.body as ReviewDetail;
    const member = review.team.find((m) => m.displayName.includes('Prince Rock'));
    expect((await lead?.request('DELETE', `/api/reviews/${REVIEW}/team/${member?.userId ?? ''}`))?.status).toBe(200);

    await expect
      .poll(() => alerts(opened.page), patiently)
      .toBe(
        'You no longer have access to this document, so it has stopped updating. Ask the Lead Reviewer if you think this is wrong.',
      );
    expect(await saveStatus(opened.page)).toBe('Not updating');
    await longerThanARetry(opened.page);
    expect(opened.sockets).toHaveLength(opening);
    await expectNoAxeViolations(opened.page);
  });

  it('clears the browser and shows the sign-in page when a 4401 comes after the sign-in has ended', async () => {
    const opened = await openDocumentAs(HEMPSHILL);
    // The session ends without the server telling the sockets (as if the announcement were lost).
    const cookie = (await opened.page.context().cookies(app.url)).find((c) => c.name === 'crosswalk_session');
    await app.server.crosswalk.db.sql`delete from sign_ins where id = ${hashToken(cookie?.value ?? '')}`;
    // One part is told its ticket is no good; asking for a new one finds the session gone.
    await socketsFor(opened, 'findings')[0]?.close({ code: 4401, reason: 'Unauthorized' });
    await opened.page.waitForURL(
      `${app.url}/signin?next=${encodeURIComponent(`/reviews/${REVIEW}/document`)}`,
      patiently,
    );
    const copies = await opened.page.evaluate(async () =>
      (await indexedDB.databases()).filter((d) => d.name?.startsWith('crosswalk:')),
    );
    expect(copies).toEqual([]);
  });
});
