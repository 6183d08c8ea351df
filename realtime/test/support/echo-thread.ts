/**
 * A worker thread for `thread-requests.spec.ts`: echoes a value, fails with an error, or dies, as asked; writes
 * `ended` to the file named in its workerData when it is closed gracefully.
 */
import { writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { answerRequests } from '../../src/storage/thread-requests.ts';

export interface EchoRequest {
  op: 'echo' | 'echo-later' | 'fail' | 'die';
  value: string;
}

const { endMarker } = workerData as { endMarker: string };

answerRequests(
  (request: EchoRequest): string | Promise<string> => {
    switch (request.op) {
      case 'echo':
        return request.value;
      case 'echo-later':
        return new Promise((resolve) => {
          setTimeout(() => {
            resolve(request.value);
          }, 20);
        });
      case 'fail':
        throw new Error(`refused ${request.value}`);
      case 'die':
        // In a worker thread this ends the thread, not the process.
        process.exit(3);
    }
  },
  {
    onEnd: () => {
      writeFileSync(endMarker, 'ended');
      return Promise.resolve();
    },
  },
);
