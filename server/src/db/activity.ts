import type postgres from 'postgres';

/** What the process's `sql` is doing now, for the metrics endpoint. */
export interface DatabaseActivity {
  /**
   * Statements sent through the shared `sql` and not yet answered, including those queued for a connection
   * (statements inside a transaction go through `tx` and are not counted here: see `transactionsOpen`).
   */
  queriesInFlight: number;
  /** Transactions begun and not yet ended; each holds one connection of the pool while it runs. */
  transactionsOpen: number;
}

type Then = (onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) => unknown;

const isThenable = (value: unknown): value is { then: Then } =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/** Methods of `sql` that return a statement to run, like the tagged template. */
const STATEMENTS = new Set<PropertyKey>(['unsafe', 'file']);

/**
 * Wraps the process's `sql` to count statements in flight and open transactions, through the driver's public
 * surface only: a statement (a promise) counts from the first time it is awaited, which is when `postgres` sends
 * it, until it settles. A fragment (`sql` inside another statement) is never awaited, so never counted.
 */
export function trackActivity<T extends postgres.Sql>(sql: T): { sql: T; activity: () => DatabaseActivity } {
  let queriesInFlight = 0;
  let transactionsOpen = 0;
  const settled = () => {
    queriesInFlight -= 1;
  };

  function counted<Q>(query: Q): Q {
    if (!isThenable(query)) {
      return query;
    }
    const then = query.then;
    let started = false;
    Object.defineProperty(query, 'then', {
      configurable: true,
      writable: true,
      value(this: unknown, onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
        if (!started) {
          started = true;
          queriesInFlight += 1;
          then.call(query, settled, settled);
        }
        return then.call(query, onFulfilled, onRejected);
      },
    });
    return query;
  }

  async function begin(...args: unknown[]): Promise<unknown> {
    transactionsOpen += 1;
    try {
      return await (sql.begin as (...beginArgs: unknown[]) => Promise<unknown>)(...args);
    } finally {
      transactionsOpen -= 1;
    }
  }

  const tracked = new Proxy(sql, {
    apply(target, thisArg, args: unknown[]) {
      return counted(Reflect.apply(target, thisArg, args) as unknown);
    },
    get(target, property, receiver) {
      if (property === 'begin') {
        return begin;
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      if (STATEMENTS.has(property) && typeof value === 'function') {
        return (...args: unknown[]) => counted(Reflect.apply(value, target, args) as unknown);
      }
      return value;
    },
  });
  return { sql: tracked, activity: () => ({ queriesInFlight, transactionsOpen }) };
}
