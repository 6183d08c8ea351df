import { parentPort, Worker, type Transferable } from 'node:worker_threads';
import type { RealtimeLogger } from '../types.ts';

/**
 * Requests to one worker thread, each answered once: the bookkeeping shared by `update-merger.ts` and
 * `log-writer.ts` (the thread's side is `answerRequests`). The thread starts on the first request. While a request
 * waits, the thread keeps the process alive; idle, it does not, and it may be stopped after a while. If the thread
 * dies, the requests waiting on it fail and the next request starts a new thread.
 */
export interface ThreadRequests<Request extends object, Answer> {
  /** Starts the thread unless it is running; throws if it cannot be started. */
  start(): Worker;
  /**
   * Sends `request` (with an id of its own) to the thread, starting it if needed, and resolves with the answer;
   * rejects with the thread's error, or if the thread stops first. `transfer` is handed over without a copy.
   */
  request(request: Request, transfer?: readonly Transferable[]): Promise<Answer>;
  /** Threads started so far (diagnostics and tests). */
  readonly threadsStarted: number;
  /**
   * Refuses further requests and stops the thread: with `graceMs` above 0, after the thread's `onEnd` has run (at
   * most that long); otherwise at once. Requests still waiting then fail.
   */
  close(graceMs: number): Promise<void>;
}

export interface ThreadRequestsOptions {
  /** The thread's module; it calls `answerRequests`. */
  url: URL;
  workerData?: unknown;
  logger: RealtimeLogger;
  /** What the thread does, for log lines and errors: "merge", "log writer". */
  name: string;
  /** A thread with nothing to do for this long is stopped (and started again when needed). @default never */
  idleMs?: number;
}

/** What the thread answers to one request. */
type ThreadAnswer<Answer> = { id: number; answer: Answer } | { id: number; error: string };
/** What `close` sends a thread that may end gracefully. */
const END = 'end';

export function createThreadRequests<Request extends object, Answer>(
  options: ThreadRequestsOptions,
): ThreadRequests<Request, Answer> {
  const { logger, name } = options;
  const pending = new Map<number, { resolve(answer: Answer): void; reject(error: Error): void }>();
  let worker: Worker | null = null;
  let nextId = 1;
  let threadsStarted = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let closed = false;

  function failAll(error: Error): void {
    for (const waiting of pending.values()) {
      waiting.reject(error);
    }
    pending.clear();
  }

  /** Lets the process exit while the thread waits for work, and stops it after `idleMs`. */
  function settle(thread: Worker): void {
    if (pending.size > 0) {
      return;
    }
    thread.unref();
    if (options.idleMs === undefined) {
      return;
    }
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (worker === thread && pending.size === 0) {
        worker = null;
        void thread.terminate();
      }
    }, options.idleMs);
    idleTimer.unref();
  }

  function start(): Worker {
    if (closed) {
      throw new Error(`the ${name} thread is closed`);
    }
    if (worker) {
      return worker;
    }
    const started = new Worker(options.url, { workerData: options.workerData });
    started.on('message', (message: ThreadAnswer<Answer>) => {
      const waiting = pending.get(message.id);
      if (!waiting) {
        return;
      }
      pending.delete(message.id);
      if ('error' in message) {
        waiting.reject(new Error(`${name} failed: ${message.error}`));
      } else {
        waiting.resolve(message.answer);
      }
      settle(started);
    });
    started.on('error', (error: Error) => {
      logger.error({ err: error }, `collab ${name} thread failed`);
    });
    started.on('exit', (code) => {
      // Only the running thread can have requests waiting: an idle one stopped with none, a closed one failed its own.
      if (worker === started) {
        worker = null;
        failAll(new Error(`${name} thread stopped (exit code ${code})`));
      }
    });
    worker = started;
    threadsStarted += 1;
    return started;
  }

  return {
    start,
    get threadsStarted() {
      return threadsStarted;
    },
    request(request, transfer = []) {
      let thread: Worker;
      try {
        thread = start();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      clearTimeout(idleTimer);
      // A request in flight keeps the process alive until it is answered.
      thread.ref();
      const id = nextId++;
      return new Promise<Answer>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          thread.postMessage({ ...request, id }, transfer);
        } catch (error) {
          pending.delete(id);
          settle(thread);
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    },
    async close(graceMs) {
      closed = true;
      clearTimeout(idleTimer);
      const thread = worker;
      worker = null;
      if (thread && graceMs > 0) {
        thread.ref();
        const exited = new Promise<void>((resolve) => {
          thread.once('exit', () => {
            resolve();
          });
        });
        thread.postMessage(END);
        const deadline = setTimeout(() => void thread.terminate(), graceMs);
        await exited;
        clearTimeout(deadline);
      }
      failAll(new Error(`the ${name} thread is closed`));
      await thread?.terminate();
    },
  };
}

export interface AnswerOptions<Answer> {
  /** What of an answer to hand over without a copy (its buffers must not be used afterwards). */
  transfer?(answer: Answer): Transferable[];
  /** Runs before the thread ends when the host closes it gracefully (closing a connection, say). */
  onEnd?(): Promise<void>;
}

/**
 * The thread's side of `createThreadRequests`: answers each request with what `handle` returns or resolves to,
 * or with its error's message.
 */
export function answerRequests<Answer>(
  // Any request type: the thread knows what its host sends.
  handle: (request: never) => Answer | Promise<Answer>,
  options: AnswerOptions<Answer> = {},
): void {
  const port = parentPort;
  if (!port) {
    throw new Error('answerRequests runs on a worker thread');
  }
  port.on('message', (message: { id: number } | typeof END) => {
    if (message === END) {
      void (options.onEnd?.() ?? Promise.resolve()).finally(() => {
        process.exit(0);
      });
      return;
    }
    const { id } = message;
    const answered = (answer: Answer) => {
      const reply: ThreadAnswer<Answer> = { id, answer };
      port.postMessage(reply, options.transfer?.(answer) ?? []);
    };
    const failed = (error: unknown) => {
      const reply: ThreadAnswer<Answer> = { id, error: error instanceof Error ? error.message : String(error) };
      port.postMessage(reply);
    };
    try {
      const result = handle(message as never);
      if (result instanceof Promise) {
        result.then(answered, failed);
      } else {
        answered(result);
      }
    } catch (error) {
      failed(error);
    }
  });
}
