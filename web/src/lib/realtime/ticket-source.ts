/** What every realtime access answer carries: where the live-document server is, and a short-lived ticket for it. */
export interface TicketAnswer {
  url: string;
  ticket: string;
  /** Seconds until the ticket expires. */
  expiresIn: number;
}

/** What asking again found: a fresh answer, a session that has ended (401), access that is gone (404), or no answer. */
export type TicketOutcome<A> =
  { kind: 'fresh'; answer: A } | { kind: 'signedOut' } | { kind: 'gone' } | { kind: 'unreachable' };

/** A ticket this close to its expiry is replaced before the next reconnect. */
export const TICKET_MARGIN_MS = 10_000;

/**
 * Where a live-document client gets its ticket, and how it gets a fresh one. A ticket is good for one connection
 * attempt until it expires, so every reconnect after expiry (or after the server refused it, 4401) needs a new one;
 * however many documents ask at once, the server is asked once.
 */
export class TicketSource<A extends TicketAnswer> {
  readonly #fetch: () => Promise<A>;
  readonly #now: () => number;
  #answer: A | null = null;
  #expiresAt = 0;
  #refreshing: Promise<TicketOutcome<A>> | null = null;

  /** `fetch` asks the server (it rejects with an error carrying the HTTP `status`); `now` is the clock, in ms. */
  constructor(fetch: () => Promise<A>, now: () => number = Date.now) {
    this.#fetch = fetch;
    this.#now = now;
  }

  /** The latest answer, once there is one. */
  get answer(): A | null {
    return this.#answer;
  }

  /** The first answer; rejects as `fetch` does. */
  async open(): Promise<A> {
    return this.#take(await this.#fetch());
  }

  /** Whether the ticket expires within the margin (or there is none): the next connection needs a fresh one. */
  get expiresSoon(): boolean {
    return this.#now() > this.#expiresAt - TICKET_MARGIN_MS;
  }

  /** Asks for a fresh ticket, once however many callers ask while it is on its way. */
  refresh(): Promise<TicketOutcome<A>> {
    this.#refreshing ??= this.#fetch()
      .then((answer): TicketOutcome<A> => ({ kind: 'fresh', answer: this.#take(answer) }))
      .catch((caught: unknown): TicketOutcome<A> => {
        const status = (caught as { status?: unknown } | null)?.status;
        if (status === 401) {
          return { kind: 'signedOut' };
        }
        return status === 404 ? { kind: 'gone' } : { kind: 'unreachable' };
      })
      .finally(() => {
        this.#refreshing = null;
      });
    return this.#refreshing;
  }

  #take(answer: A): A {
    this.#answer = answer;
    this.#expiresAt = this.#now() + answer.expiresIn * 1000;
    return answer;
  }
}
