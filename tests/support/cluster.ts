import { randomBytes } from 'node:crypto';
import type { CollabTicketAnswer } from '@crosswalk/shared';
import postgres from 'postgres';
import { expect, vi } from 'vitest';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import { createLogger } from '../../server/src/logger.ts';
import { startAppProcess, type AppProcess } from './app-process.ts';
import { DEMO_PASSWORD } from './fixtures.ts';
import { HeadlessEditor, missingLabels, storedDocument } from './headless-editor.ts';
import { HttpClient } from './http-client.ts';
import { testRedisUrl, uniqueRedisPrefix } from './redis.ts';
import { startTcpBalancer, type TcpBalancer } from './tcp-balancer.ts';
import { createTestDatabase } from './test-database.ts';

/** The demo's Fenbrook review; its two peer reviewers may write the evidence log. */
const REVIEW = '6b1d0000-0000-4000-8000-000000000201';
const WRITERS = ['reviewer@hempshill.demo', 'reviewer@princerock.demo'];

/**
 * Several Crosswalk processes on one fresh database (with the demo data), behind a round-robin TCP balancer, with
 * headless editors on the Fenbrook evidence log: the deployment the fault tests break.
 */
export interface TestCluster {
  sql: postgres.Sql;
  processes: AppProcess[];
  balancer: TcpBalancer;
  documentName: string;
  redisKeyPrefix: string;
  editors: HeadlessEditor[];
  /** Opens `count` editors one after the other, so the balancer alternates them between processes. */
  openEditors(count: number): Promise<HeadlessEditor[]>;
  /** The process an editor's first connection went to. */
  processOf(editor: HeadlessEditor): AppProcess;
  /** Every editor adds an entry every `everyMs` until the returned function is called. */
  startLoad(everyMs?: number): () => void;
  /** Every label any editor added, and every label any editor saw confirmed. */
  added(): string[];
  confirmed(): string[];
  /** Waits until every editor holds every entry and shows "All changes saved". */
  converged(timeoutMs?: number): Promise<void>;
  /** Asserts that PostgreSQL holds every confirmed entry (and, once converged, every entry). */
  expectStoredEverything(): Promise<void>;
  /**
   * Negative control of the checker: an edit confirmed now, then deleted from the database on purpose, must be
   * reported missing by the same checker `expectStoredEverything` uses.
   */
  expectCheckerCatchesLoss(): Promise<void>;
  close(): Promise<void>;
}

export async function startCluster(options: { processes?: number; redis?: boolean } = {}): Promise<TestCluster> {
  const database = await createTestDatabase();
  const sql = postgres(database.url, { max: 2, transform: postgres.camel, onnotice: () => undefined });
  await loadDemo(sql, createLogger('silent'));
  const realtimeSecret = randomBytes(32).toString('hex');
  const redisKeyPrefix = uniqueRedisPrefix();
  const processes = await Promise.all(
    Array.from({ length: options.processes ?? 2 }, () =>
      startAppProcess({
        databaseUrl: database.url,
        realtimeSecret,
        ...(options.redis === false ? {} : { redisUrl: testRedisUrl(), redisKeyPrefix }),
      }),
    ),
  );
  const balancer = await startTcpBalancer(processes.map((p) => p.port));
  const first = processes[0] as AppProcess;
  const tickets: string[] = [];
  const authors: { id: string; name: string }[] = [];
  let documentName = '';
  for (const email of WRITERS) {
    const http = new HttpClient(first.url);
    expect((await http.login(email, DEMO_PASSWORD)).status).toBe(200);
    const answer = await http.get(`/api/reviews/${REVIEW}/collab`);
    const access = answer.body as CollabTicketAnswer;
    const evidence = access.documents.find((d) => d.section === 'evidence');
    expect(evidence?.access).toBe('write');
    documentName = evidence?.name ?? '';
    tickets.push(access.ticket);
    const me = (await http.get('/api/me')).body as { id: string; displayName: string };
    authors.push({ id: me.id, name: me.displayName });
  }
  const editors: HeadlessEditor[] = [];
  const firstProcess = new Map<HeadlessEditor, AppProcess>();
  const wsUrl = `ws://127.0.0.1:${balancer.port}/collab`;

  const cluster: TestCluster = {
    sql,
    processes,
    balancer,
    documentName,
    redisKeyPrefix,
    editors,
    async openEditors(count) {
      const opened: HeadlessEditor[] = [];
      for (let index = 0; index < count; index++) {
        const routedBefore = balancer.routed.length;
        const writer = editors.length % tickets.length;
        const editor = new HeadlessEditor(
          wsUrl,
          documentName,
          tickets[writer] ?? '',
          authors[writer] ?? { id: '', name: '' },
        );
        editors.push(editor);
        opened.push(editor);
        await editor.synced();
        const port = balancer.routed[routedBefore];
        firstProcess.set(editor, processes.find((p) => p.port === port) ?? first);
      }
      return opened;
    },
    processOf: (editor) => firstProcess.get(editor) ?? first,
    startLoad(everyMs = 50) {
      let round = 0;
      const timer = setInterval(() => {
        editors.forEach((editor, index) => {
          editor.add(`e${index}-${round}`);
        });
        round += 1;
      }, everyMs);
      return () => {
        clearInterval(timer);
      };
    },
    added: () => editors.flatMap((e) => e.added),
    confirmed: () => editors.flatMap((e) => [...e.confirmed]),
    async converged(timeoutMs = 45_000) {
      const everything = cluster.added();
      await vi.waitFor(
        () => {
          for (const editor of editors) {
            expect(missingLabels(everything, editor.doc)).toEqual([]);
            expect(editor.saveStatus).toBe('saved');
          }
        },
        { timeout: timeoutMs, interval: 100 },
      );
    },
    async expectStoredEverything() {
      const stored = await storedDocument(sql, documentName);
      expect(missingLabels(cluster.confirmed(), stored)).toEqual([]);
      expect(missingLabels(cluster.added(), stored)).toEqual([]);
      stored.destroy();
    },
    async expectCheckerCatchesLoss() {
      const editor = editors[0];
      if (!editor) {
        throw new Error('no editor');
      }
      editor.add('control: confirmed, then lost');
      await vi.waitFor(
        () => {
          expect(editor.confirmed.has('control: confirmed, then lost')).toBe(true);
        },
        { timeout: 30_000 },
      );
      // The newest log row holds the control entry (nothing else is being written): delete it, as a lost write.
      await sql`delete from collab_updates
        where seq = (select max(seq) from collab_updates where name = ${documentName})`;
      const damaged = await storedDocument(sql, documentName);
      expect(missingLabels(cluster.confirmed(), damaged)).toContain('control: confirmed, then lost');
      damaged.destroy();
    },
    async close() {
      for (const editor of editors) {
        editor.destroy();
      }
      await balancer.close();
      await Promise.all(processes.map((p) => p.stop()));
      await sql.end({ timeout: 5 });
      await database.drop();
    },
  };
  return cluster;
}
