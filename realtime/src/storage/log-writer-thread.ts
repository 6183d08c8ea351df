/**
 * The thread behind `log-writer.ts`: appends each batch it is sent to the update log on its own connection and
 * answers once it is committed. One batch at a time (the group commit sends the next after the answer).
 */
import { parentPort, workerData } from 'node:worker_threads';
import postgres from 'postgres';
import { unpackUpdates } from '../yjs/packed-updates.ts';
import type { LogWriterRequest, LogWriterResponse } from './log-writer.ts';
import { appendUpdateRows } from './postgres-store.ts';

const port = parentPort;
if (!port) {
  throw new Error('log-writer-thread.ts runs as a worker thread');
}
const { url } = workerData as { url: string };
const sql = postgres(url, {
  max: 1,
  onnotice: () => undefined,
  connection: { application_name: 'crosswalk-log-writer' },
});

port.on('message', (message: LogWriterRequest | 'end') => {
  if (message === 'end') {
    // Ends the connection cleanly (the server would otherwise log an unexpected end of it), then the thread.
    void sql.end({ timeout: 5 }).finally(() => {
      process.exit(0);
    });
    return;
  }
  const updates = unpackUpdates(message);
  const entries = message.names.map((name, index) => ({ name, update: updates[index] ?? new Uint8Array() }));
  appendUpdateRows(sql, entries).then(
    () => {
      const response: LogWriterResponse = { id: message.id };
      port.postMessage(response);
    },
    (error: unknown) => {
      const response: LogWriterResponse = {
        id: message.id,
        error: error instanceof Error ? error.message : String(error),
      };
      port.postMessage(response);
    },
  );
});
