/**
 * A hostile writer fuzzing one live document while honest people use it: two writers type markers and wait for
 * durable acknowledgements, a reader watches. Free of vitest: the property test (`collab-fuzz.int-spec.ts`) and
 * the fuzzing benchmark (`bench/collab-fuzz.ts`) both drive it and check the same invariants.
 */
import { CollabQuery } from '@crosswalk/shared';
import { WebSocket } from 'ws';
import { connectClient, type TestClient } from './collab-client.ts';

/** How long an invariant may take to hold on a slow machine before it counts as broken. */
export const SETTLE_MS = 20_000;

/** Waits until `check` returns true, re-checking on every turn of the given events and at most every 10 ms. */
export async function until(check: () => boolean, what: string, timeoutMs = SETTLE_MS): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The hostile writer: one socket at a time, opened again whenever the server closes it. */
class Attacker {
  readonly #url: string;
  #socket: WebSocket | null = null;
  connections = 0;
  readonly closeCodes = new Map<number, number>();

  constructor(serverUrl: string, documentName: string) {
    this.#url = `${serverUrl}/${documentName}?${CollabQuery.ticket}=write:mallory`;
  }

  async #open(): Promise<WebSocket> {
    if (this.#socket?.readyState === WebSocket.OPEN) {
      return this.#socket;
    }
    const socket = new WebSocket(this.#url);
    socket.on('error', () => undefined);
    socket.on('close', (code) => {
      this.closeCodes.set(code, (this.closeCodes.get(code) ?? 0) + 1);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('close', () => {
        reject(new Error('the hostile socket was refused'));
      });
    });
    this.connections += 1;
    this.#socket = socket;
    return socket;
  }

  /**
   * Sends one frame and waits until the server has handled it: the server answers a ping after every message
   * before it (or has closed the socket).
   */
  async send(frame: Uint8Array): Promise<void> {
    const socket = await this.#open();
    await new Promise<void>((resolve) => {
      const done = () => {
        socket.off('pong', done);
        socket.off('close', done);
        resolve();
      };
      socket.on('pong', done);
      socket.on('close', done);
      try {
        socket.send(frame);
        socket.ping();
      } catch {
        done();
      }
    });
  }

  close(): void {
    this.#socket?.terminate();
  }
}

export interface Marker {
  writer: number;
  token: string;
  seq: number;
}

export interface FuzzSession {
  /** Frames the server has handled so far. */
  readonly frames: number;
  readonly attackerConnections: number;
  /** How many times the server closed the hostile socket, by close code. */
  readonly attackerCloseCodes: ReadonlyMap<number, number>;
  readonly writers: readonly TestClient[];
  readonly reader: TestClient;
  /** Sends a burst of hostile frames, one after the other. */
  attack(frames: readonly Uint8Array[]): Promise<void>;
  /**
   * Sends some bursts and waits for a first round of markers, so that memory measured afterwards is the document's
   * and not the first connections' or the JIT's.
   */
  warmUp(bursts: Iterable<readonly Uint8Array[]>): Promise<void>;
  /** Each honest writer appends a marker; returns them (acknowledged once `seq <= writer.ackedSeq`). */
  type(): Marker[];
  /** Markers whose acknowledgement has arrived. */
  acknowledged(): Marker[];
  /** Waits until every marker typed so far is acknowledged; throws if that does not happen. */
  allAcknowledged(): Promise<void>;
  /** Acknowledged markers missing from a text. */
  missingFrom(text: string): string[];
  /** Connects a new writer, waits for it to sync, and returns the acknowledged markers it lacks. */
  newcomerMisses(): Promise<string[]>;
  /** Close codes of the honest connections (there should be none). */
  honestCloseCodes(): number[];
  close(): void;
}

export async function startFuzzSession(serverUrl: string, documentName: string): Promise<FuzzSession> {
  const writers = [0, 1].map((index) =>
    connectClient(serverUrl, documentName, { ticket: `write:honest-${index}`, acks: true }),
  );
  const reader = connectClient(serverUrl, documentName, { ticket: 'read:watcher' });
  await Promise.all([...writers, reader].map((client) => client.synced()));
  const attacker = new Attacker(serverUrl, documentName);
  const markers: Marker[] = [];
  let frames = 0;
  const acknowledged = () => markers.filter((marker) => marker.seq <= (writers[marker.writer]?.ackedSeq ?? 0));
  const missingFrom = (text: string) =>
    acknowledged()
      .filter((marker) => !text.includes(marker.token))
      .map((marker) => marker.token);

  const session: FuzzSession = {
    get frames() {
      return frames;
    },
    get attackerConnections() {
      return attacker.connections;
    },
    attackerCloseCodes: attacker.closeCodes,
    writers,
    reader,
    async attack(burst) {
      for (const frame of burst) {
        await attacker.send(frame);
        frames += 1;
      }
    },
    async warmUp(bursts) {
      for (const burst of bursts) {
        await session.attack(burst);
      }
      session.type();
      await session.allAcknowledged();
    },
    type() {
      return writers.map((writer, index) => {
        const token = `<${index}:${markers.length}>`;
        const seq = writer.edit((text) => {
          text.insert(text.length, token);
        });
        const marker = { writer: index, token, seq };
        markers.push(marker);
        return marker;
      });
    },
    acknowledged,
    allAcknowledged: () =>
      until(() => acknowledged().length === markers.length, 'acknowledgements of every honest marker'),
    missingFrom,
    async newcomerMisses() {
      const newcomer = connectClient(serverUrl, documentName, { ticket: 'write:newcomer', acks: true });
      try {
        await until(() => newcomer.provider.synced, 'a new writer to sync');
        return missingFrom(newcomer.text.toJSON());
      } finally {
        newcomer.destroy();
      }
    },
    honestCloseCodes: () => [...writers, reader].flatMap((client) => client.closeCodes),
    close() {
      attacker.close();
      for (const client of [...writers, reader]) {
        client.destroy();
      }
    },
  };
  return session;
}
