/**
 * The thread behind `log-writer.ts`: appends each batch it is sent to the update log on its own connection and
 * answers once it is committed. One batch at a time (the group commit sends the next after the answer).
 */
import { workerData } from 'node:worker_threads';
import postgres from 'postgres';
import { answerRequests } from './thread-requests.ts';
import { unpackUpdates } from '../updates/packed-updates.ts';
import type { LogWriterRequest } from './log-writer.ts';
import { mergePerDocument } from './merge-per-document.ts';
import { appendUpdateRows } from './postgres-store.ts';

const { url } = workerData as { url: string };
const sql = postgres(url, {
  max: 1,
  onnotice: () => undefined,
  connection: { application_name: 'crosswalk-log-writer' },
});

answerRequests(
  async (request: LogWriterRequest) => {
    const updates = unpackUpdates(request);
    const entries = request.names.map((name, index) => ({ name, update: updates[index] ?? new Uint8Array() }));
    await appendUpdateRows(sql, mergePerDocument(entries));
    return null;
  },
  // Ends the connection cleanly (the server would otherwise log an unexpected end of it).
  { onEnd: () => sql.end({ timeout: 5 }) },
);
