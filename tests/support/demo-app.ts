import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { signInThrough } from './browser.ts';
import { launchBrowser, type Browser } from './chromium.ts';
import { signInAll, withDemoData } from './fixtures.ts';
import type { HttpClient } from './http-client.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/** The whole app with the demo data set, for one browser test file. */
export interface DemoApp {
  readonly server: TestServer;
  /** The server's base URL. */
  readonly url: string;
  /** A browser with a fresh profile of its own, closed when the file's tests are done. */
  launch(args?: string[]): Promise<Browser>;
  /** A fresh browser signed in as `email` through the sign-in page, left on `path`. */
  openAs(email: string, path: string): Promise<Page>;
}

/**
 * Starts the app (API, web and realtime in one process) with the demo loaded before the file's tests, then
 * `prepare` (e.g. extra accounts); closes the browsers it launched and the server after them.
 */
export function useDemoApp(
  prepare?: (server: TestServer) => Promise<void>,
  options: {
    /** More environment for the server, read when it starts (after the file's earlier `beforeAll` hooks). */
    env?: () => Record<string, string>;
  } = {},
): DemoApp {
  let server: TestServer | undefined;
  const browsers: Browser[] = [];
  const started = (): TestServer => {
    if (!server) {
      throw new Error('the demo app is used before it started (outside a test or hook)');
    }
    return server;
  };
  beforeAll(async () => {
    server = await startTestServer({ env: { SERVICES: 'api,web,realtime', ...options.env?.() } });
    await withDemoData(server);
    await prepare?.(server);
  });
  afterAll(async () => {
    await Promise.all(browsers.map((browser) => browser.close()));
    await server?.close();
  });
  return {
    get server() {
      return started();
    },
    get url() {
      return started().url;
    },
    async launch(args) {
      const browser = await launchBrowser(args);
      browsers.push(browser);
      return browser;
    },
    async openAs(email, path) {
      const browser = await launchBrowser();
      browsers.push(browser);
      const page = await browser.newPage();
      await signInThrough(page, `${started().url}${path}`, email);
      return page;
    },
  };
}

/** A server with the demo data set and some demo accounts signed in, for one integration test file. */
export interface DemoServer {
  readonly server: TestServer;
  /** The signed-in HTTP client of one of the accounts named to `useDemoServer`. */
  as(email: string): HttpClient;
}

/**
 * Starts a server of the file's own (API and realtime) with the demo loaded and signs in `emails` before the file's
 * tests; closes it after them.
 */
export function useDemoServer(emails: readonly string[]): DemoServer {
  let server: TestServer | undefined;
  let clients: Record<string, HttpClient> = {};
  beforeAll(async () => {
    server = await startTestServer();
    await withDemoData(server);
    clients = await signInAll(server, emails);
  });
  afterAll(async () => {
    await server?.close();
  });
  return {
    get server() {
      if (!server) {
        throw new Error('the demo server is used before it started (outside a test or hook)');
      }
      return server;
    },
    as(email) {
      const client = clients[email];
      if (!client) {
        throw new Error(`${email} is not signed in on the demo server`);
      }
      return client;
    },
  };
}
