import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoClosedFocus } from '../../server/src/demo/demo-closed-review.ts';
import { signInAll, withDemoData } from '../support/fixtures.ts';
import type { HttpClient } from '../support/http-client.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';

/** The agreed report on the embedded database (PGlite serves one connection): the same files, the same rules. */

const run = promisify(execFile);
const CLOSED = '6b1d0000-0000-4000-8000-000000000210';
const THIS_YEAR = '6b1d0000-0000-4000-8000-000000000201';
const HOST_HEAD = 'host.head@fenbrook.demo';
/** Starting PGlite and loading the demo takes tens of seconds on a busy machine. */
const STARTUP_TIMEOUT_MS = 180_000;

let server: TestServer | undefined;
let host: HttpClient | undefined;
let scratch = '';
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'crosswalk-report-'));
  server = await startTestServer({ embedded: true });
  await withDemoData(server);
  host = (await signInAll(server, [HOST_HEAD]))[HOST_HEAD];
}, STARTUP_TIMEOUT_MS);
afterAll(async () => {
  await server?.close();
  await rm(scratch, { recursive: true, force: true });
});

const client = (): HttpClient => {
  if (!host) {
    throw new Error('the host headteacher is not signed in');
  }
  return host;
};

describe('the agreed report on the embedded database', () => {
  it('exports a tagged PDF holding the question and the findings, and the Word file', async () => {
    const response = await fetch(`${client().baseUrl}/api/reviews/${CLOSED}/report.pdf`, {
      headers: { cookie: client().cookieHeader, origin: client().origin ?? '' },
    });
    expect(response.status).toBe(200);
    const path = join(scratch, 'report.pdf');
    await writeFile(path, Buffer.from(await response.arrayBuffer()));
    const [info, text] = await Promise.all([run('pdfinfo', [path]), run('pdftotext', ['-enc', 'UTF-8', path, '-'])]);
    expect(info.stdout).toMatch(/^Tagged:\s+yes$/m);
    // pdftotext joins a word hyphenated at a line break: compare without hyphens.
    const flat = (words: string) => words.replaceAll('-', '').replace(/\s+/g, ' ');
    expect(flat(text.stdout)).toContain(flat(demoClosedFocus.question));
    expect(flat(text.stdout)).toContain(
      flat('Teaching assistants who lead catch-up groups are untrained. (Evidence: E05.'),
    );
    const word = await fetch(`${client().baseUrl}/api/reviews/${CLOSED}/report.docx?part=briefing`, {
      headers: { cookie: client().cookieHeader, origin: client().origin ?? '' },
    });
    expect(word.status).toBe(200);
  });

  it('saves the governors’ sections and answers 409 before a report is agreed', async () => {
    const chosen = await client().request('PUT', `/api/reviews/${CLOSED}/report/governor-sections`, {
      sections: ['findings', 'actions'],
    });
    expect(chosen.body).toEqual({ sections: ['findings', 'actions'] });
    expect((await client().get(`/api/reviews/${CLOSED}/report`)).body).toMatchObject({
      governorSections: ['findings', 'actions'],
    });
    expect((await client().get(`/api/reviews/${THIS_YEAR}/report.docx`)).status).toBe(409);
  });
});
