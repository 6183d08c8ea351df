import { createLogger } from '../../server/src/logger.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { HttpClient } from './http-client.ts';
import type { TestServer } from './test-server.ts';

import { DEMO_PASSWORD } from '../../server/src/demo/demo-data.ts';

export { DEMO_PASSWORD, demoPeople } from '../../server/src/demo/demo-data.ts';

export async function withDemoData(server: TestServer): Promise<void> {
  await loadDemo(server.crosswalk.db.sql, createLogger('silent'));
}

/** The API's error body, for assertions. */
export interface ErrorBody {
  error: { id: string; message: string; fields?: { path: string; message: string }[] };
}

/** One signed-in HTTP client per demo account, keyed by email. */
export async function signInAll(server: TestServer, emails: readonly string[]): Promise<Record<string, HttpClient>> {
  const clients: Record<string, HttpClient> = {};
  for (const email of emails) {
    const client = new HttpClient(server.url);
    await client.login(email, DEMO_PASSWORD);
    clients[email] = client;
  }
  return clients;
}
