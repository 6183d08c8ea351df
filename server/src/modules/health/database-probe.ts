/**
 * - `up`: the database answered a probe just now;
 * - `busy`: a probe is waiting for a connection (on the embedded database, one connection, a transaction holds it)
 *   and the last probe that finished succeeded;
 * - `down`: the last probe that finished failed.
 */
export type DatabaseStatus = 'up' | 'busy' | 'down';

/** How long a health check waits for the probe before it answers from the last known state. */
export const PROBE_ANSWER_WITHIN_MS = 500;

/**
 * Whether the database answers, without ever making a health check wait behind other work: at most one probe is
 * in flight (however many checks arrive), and a check that does not get its answer within `answerWithinMs` reports
 * the last known state instead. On the embedded database a long transaction (a breakout command, a document
 * compaction) holds the one connection, so a health check that simply ran `select 1` would wait for it to end.
 */
export class DatabaseProbe {
  readonly #ping: () => Promise<unknown>;
  readonly #answerWithinMs: number;
  #inFlight: Promise<boolean> | undefined;
  /** The process migrated the database on start, so it was reachable then. */
  #lastSucceeded = true;

  constructor(ping: () => Promise<unknown>, answerWithinMs = PROBE_ANSWER_WITHIN_MS) {
    this.#ping = ping;
    this.#answerWithinMs = answerWithinMs;
  }

  async status(): Promise<DatabaseStatus> {
    const probe = (this.#inFlight ??= this.#probe());
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => {
        resolve('late');
      }, this.#answerWithinMs);
    });
    try {
      const answer = await Promise.race([probe, late]);
      if (answer === 'late') {
        return this.#lastSucceeded ? 'busy' : 'down';
      }
      return answer ? 'up' : 'down';
    } finally {
      clearTimeout(timer);
    }
  }

  async #probe(): Promise<boolean> {
    try {
      await this.#ping();
      this.#lastSucceeded = true;
    } catch {
      this.#lastSucceeded = false;
    } finally {
      this.#inFlight = undefined;
    }
    return this.#lastSucceeded;
  }
}
