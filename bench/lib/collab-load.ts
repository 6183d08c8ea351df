/**
 * A y-websocket load generator: real `WebsocketProvider` editors typing into one shared document, and the
 * bookkeeping to turn what they see into latencies. Each editor types at the end of its own paragraph (a
 * `Y.Text` of its own in the room's document, like a person typing at their cursor); every edit inserts
 * `~<id>~` and the time it was made is kept by id. Each other editor records the arrival when the update reaches
 * its socket (a byte scan, so the generator's own CPU stays small next to the server's). With acknowledgements
 * on, the editor also records how long the server took to report the edit durable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { editToken, forEachEditToken } from './edit-tokens.ts';

const DURABLE_ACK = 100;

/** Records the arrival of every token in a sync update message that another editor typed. */
export function recordArrivals(data: unknown, recorder: Recorder, self: number): void {
  if (!recorder.measuring || !(data instanceof ArrayBuffer || data instanceof Uint8Array)) {
    return;
  }
  const now = performance.now();
  forEachEditToken(data instanceof Uint8Array ? data : new Uint8Array(data), (id) => {
    if (recorder.author[id] !== self) {
      recorder.propagation.push(now - (recorder.sentAt[id] ?? now));
    }
  });
}

/** Where an edit's timings are kept. */
export class Recorder {
  readonly sentAt: Float64Array;
  /** Which editor made each edit (servers may echo an editor's own edits back to it). */
  readonly author: Int32Array;
  editors = 0;
  /** Milliseconds from edit to arrival at another editor. */
  propagation: number[] = [];
  /** Milliseconds from edit to its durable acknowledgement. */
  durable: number[] = [];
  next = 0;
  /** Arrivals count only while measuring (not while editors join and receive the history). */
  measuring = true;

  constructor(capacity = 4_000_000) {
    this.sentAt = new Float64Array(capacity);
    this.author = new Int32Array(capacity);
  }

  reset(): void {
    this.propagation = [];
    this.durable = [];
  }
}

export interface Editor {
  /** This editor's number in its recorder. */
  index: number;
  /** Whether the server acknowledges this editor's edits. */
  acks: boolean;
  doc: Y.Doc;
  /** The editor's own paragraph. */
  text: Y.Text;
  provider: WebsocketProvider;
  /** Edits sent on the current socket, and the edit id each `seq` carried (for acknowledgements). */
  sentSeq: number;
  unacked: { seq: number; id: number }[];
  destroy(): void;
}

function isUpdateMessage(data: unknown): boolean {
  return data instanceof Uint8Array && data.length > 1 && data[0] === 0 && (data[1] === 1 || data[1] === 2);
}

/** Connects one editor; resolves once it has synced. */
export async function connectEditor(
  serverUrl: string,
  room: string,
  user: string,
  recorder: Recorder,
  options: { acks: boolean; observe: boolean; ticket?: string },
): Promise<Editor> {
  const doc = new Y.Doc();
  const state = { sent: 0 };
  const index = recorder.editors++;
  class CountingWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols);
      state.sent = 0;
      if (options.observe) {
        this.addEventListener('message', (event) => {
          recordArrivals(event.data, recorder, index);
        });
      }
    }

    override send(data: unknown): void {
      if (isUpdateMessage(data)) {
        state.sent += 1;
      }
      super.send(data as Uint8Array);
    }
  }
  // The bench servers' tickets name the access and the user; a real server's come from `GET /api/reviews/:id/collab`.
  const params: Record<string, string> = { ticket: options.ticket ?? `write:${user}` };
  if (options.acks) {
    params.acks = '1';
  }
  const provider = new WebsocketProvider(serverUrl, room, doc, {
    WebSocketPolyfill: CountingWebSocket as unknown as typeof globalThis.WebSocket,
    params,
    disableBc: true,
  });
  const editor: Editor = {
    index,
    acks: options.acks,
    doc,
    text: doc.getText(`p-${user}`),
    provider,
    get sentSeq() {
      return state.sent;
    },
    unacked: [],
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  provider.messageHandlers[DURABLE_ACK] = (_encoder, decoder) => {
    const seq = decoding.readVarUint(decoder);
    const now = performance.now();
    let count = 0;
    for (const entry of editor.unacked) {
      if (entry.seq > seq) {
        break;
      }
      recorder.durable.push(now - (recorder.sentAt[entry.id] ?? now));
      count += 1;
    }
    editor.unacked.splice(0, count);
  };
  await new Promise<void>((resolve) => {
    if (provider.synced) {
      resolve();
      return;
    }
    provider.once('sync', () => {
      resolve();
    });
  });
  return editor;
}

/**
 * `rooms` rooms of `perRoom` editors, each room a document of its own named after `label`. Editor i of a room
 * connects to `urls[i mod n]`, so with several servers a room's editors are split across processes.
 */
export async function openRooms(
  urls: readonly string[],
  recorder: Recorder,
  shape: { rooms: number; perRoom: number; label: string; acks: boolean },
): Promise<Editor[][]> {
  const prefix = `${shape.label}-${randomBytes(3).toString('hex')}`;
  return Promise.all(
    Array.from({ length: shape.rooms }, (_, room) =>
      Promise.all(
        Array.from({ length: shape.perRoom }, (_, index) =>
          connectEditor(urls[index % urls.length] ?? '', `${prefix}-${room}`, `u${index}`, recorder, {
            acks: shape.acks,
            observe: true,
          }),
        ),
      ),
    ),
  );
}

export function closeRooms(rooms: Editor[][]): void {
  for (const editor of rooms.flat()) {
    editor.destroy();
  }
}

/** Makes one edit: types a fresh token at the end of the editor's paragraph. */
export function edit(editor: Editor, recorder: Recorder): void {
  const id = recorder.next++;
  recorder.author[id] = editor.index;
  recorder.sentAt[id] = performance.now();
  editor.text.insert(editor.text.length, editToken(id));
  if (editor.acks) {
    editor.unacked.push({ seq: editor.sentSeq, id });
  }
}

/**
 * Issues edits at `ratePerSecond` in total, round-robin over the editors, for `durationMs` (open loop: the
 * schedule does not wait for the server). Resolves with the number of edits made.
 */
export async function runLoad(
  editors: Editor[],
  recorder: Recorder,
  ratePerSecond: number,
  durationMs: number,
): Promise<{ edits: number; elapsedMs: number }> {
  let made = 0;
  let turn = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      const due = Math.floor((Math.min(elapsed, durationMs) * ratePerSecond) / 1000);
      while (made < due) {
        const editor = editors[turn % editors.length];
        turn += 1;
        if (editor) {
          edit(editor, recorder);
          made += 1;
        }
      }
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  return { edits: made, elapsedMs: performance.now() - started };
}

/** Waits until `done()` or the timeout; never throws. */
export async function settle(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!done() && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface BenchServer {
  kind: 'crosswalk' | 'reference';
  url: string;
  httpUrl: string;
  process: ChildProcess;
  heapUsed(): Promise<number>;
  loaded(): Promise<number>;
  /** Milliseconds each edit spent inside the server since the last call (see collab-server-process.ts). */
  latency(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * Starts the server under test in its own process (see collab-server-process.ts). `BENCH_SERVER_NODE_FLAGS`
 * adds flags to that process, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` for a CPU profile of the server alone.
 */
export async function startBenchServer(
  kind: 'crosswalk' | 'reference',
  databaseUrl: string,
  redis?: { url: string; keyPrefix: string },
): Promise<BenchServer> {
  const entry = new URL('./collab-server-process.ts', import.meta.url).pathname;
  const redisArgs = redis ? [redis.url, redis.keyPrefix] : [];
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      ...(process.env.BENCH_SERVER_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      entry,
      kind,
      databaseUrl,
      ...redisArgs,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        resolve(Number(match[1]));
      }
    });
    child.once('exit', () => {
      reject(new Error(`${kind} server exited`));
    });
  });
  const httpUrl = `http://127.0.0.1:${port}`;
  const json = async <T = Record<string, number>>(path: string) =>
    (await (await fetch(`${httpUrl}${path}`)).json()) as T;
  return {
    kind,
    url: `ws://127.0.0.1:${port}/collab`,
    httpUrl,
    process: child,
    heapUsed: async () => (await json('/memory')).heapUsed ?? Number.NaN,
    loaded: async () => (await json('/loaded')).loaded ?? Number.NaN,
    latency: () => json<number[]>('/latency'),
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
