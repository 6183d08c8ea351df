import { createLogger } from '../../server/src/logger.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { hashPassword } from '../../server/src/modules/auth/passwords.ts';
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
  return (await signInPeople(server.url, emails)).clients;
}

/** One signed-in HTTP client per demo account on the server at `baseUrl`, and each account's user id, by email. */
export async function signInPeople(
  baseUrl: string,
  emails: readonly string[],
): Promise<{ clients: Record<string, HttpClient>; userIds: Record<string, string> }> {
  const clients: Record<string, HttpClient> = {};
  const userIds: Record<string, string> = {};
  for (const email of emails) {
    const client = new HttpClient(baseUrl);
    const me = await client.login(email, DEMO_PASSWORD);
    clients[email] = client;
    userIds[email] = (me.body as { id: string }).id;
  }
  return { clients, userIds };
}

/** The people a test signs in, each by a name of the test's own: a signed-in client and the user id of each. */
export interface Cast<Who extends string> {
  clients: Record<Who, HttpClient>;
  ids: Record<Who, string>;
}

/** Signs in every person of `emails` (the test's name for each → their demo email) on the server at `baseUrl`. */
export async function signInCast<Who extends string>(baseUrl: string, emails: Record<Who, string>): Promise<Cast<Who>> {
  const names = Object.keys(emails) as Who[];
  const { clients, userIds } = await signInPeople(
    baseUrl,
    names.map((who) => emails[who]),
  );
  const pick = <T>(byEmail: Record<string, T>) =>
    Object.fromEntries(names.map((who) => [who, byEmail[emails[who]]])) as Record<Who, T>;
  return { clients: pick(clients), ids: pick(userIds) };
}

/**
 * Adds an account with the demo password (hashed as the app does) and no school or partnership: someone who may
 * sign in but belongs to nothing, unless the test adds more. Returns its id.
 */
export async function addAccount(server: TestServer, email: string, displayName: string): Promise<string> {
  const hash = await hashPassword(DEMO_PASSWORD);
  const [user] = await server.crosswalk.db.sql<{ id: string }[]>`
    insert into users (email, display_name, password_hash) values (${email}, ${displayName}, ${hash}) returning id`;
  if (!user) {
    throw new Error(`could not add ${email}`);
  }
  return user.id;
}
