import { AsyncLocalStorage } from 'node:async_hooks';
import type postgres from 'postgres';

/** One transaction's callback: `open` until the transaction has ended (work it started may outlive it). */
interface TransactionScope {
  open: boolean;
}

const current = new AsyncLocalStorage<TransactionScope>();

/**
 * A statement sent through the process's shared `sql` from inside a transaction. On the embedded database (one
 * connection) it would wait for ever for the connection its own transaction holds, freezing every request; on
 * PostgreSQL it would run outside the transaction. Always a bug: pass the transaction (`tx`) instead.
 */
export class OwnTransactionError extends Error {
  constructor(what: string) {
    super(
      `${what} was sent through the shared connection inside a transaction; use the transaction (tx) instead: on the embedded database it would wait for ever for the connection its own transaction holds`,
    );
    this.name = 'OwnTransactionError';
  }
}

function refuseInsideTransaction(what: string): void {
  if (current.getStore()?.open) {
    throw new OwnTransactionError(what);
  }
}

const isTemplate = (value: unknown): value is TemplateStringsArray =>
  Array.isArray(value) && Array.isArray((value as Partial<TemplateStringsArray>).raw);

/** Methods of `sql` that send statements or take a connection of their own. */
const CONNECTING = new Set<PropertyKey>(['unsafe', 'file', 'reserve', 'listen', 'notify', 'subscribe', 'largeObject']);
/**
 * Methods that hold a connection apart for as long as the caller keeps it (`reserve`) or open one more (`listen`,
 * `subscribe`): with one connection they would stop every other statement, or wait for ever for a second one.
 */
const EXTRA_CONNECTION = new Set<PropertyKey>(['reserve', 'listen', 'subscribe']);

/**
 * Wraps the process's one `sql` so that "no query waits for itself" holds by construction: while a transaction's
 * callback runs (tracked through the async context), any statement, nested transaction or extra connection asked of
 * the shared `sql` throws OwnTransactionError at once, on PostgreSQL as on the embedded database, instead of
 * hanging the embedded one or silently escaping the transaction. Fragments (`sql(name)`, `sql.json`…) stay allowed.
 * With `oneConnection` (the embedded database), `reserve`, `listen` and `subscribe` are refused outright.
 */
export function guardTransactions<T extends postgres.Sql>(sql: T, options: { oneConnection: boolean }): T {
  function begin(...args: unknown[]): Promise<unknown> {
    refuseInsideTransaction('A nested transaction');
    const callback = args.pop() as (tx: postgres.TransactionSql) => unknown;
    const scope: TransactionScope = { open: true };
    const run = (tx: postgres.TransactionSql) => current.run(scope, () => callback(tx));
    const started =
      args.length > 0 ? sql.begin(args[0] as string, run) : sql.begin((tx: postgres.TransactionSql) => run(tx));
    return started.finally(() => {
      scope.open = false;
    });
  }
  return new Proxy(sql, {
    apply(target, thisArg, args: unknown[]) {
      if (isTemplate(args[0])) {
        refuseInsideTransaction('A query');
      }
      return Reflect.apply(target, thisArg, args) as unknown;
    },
    get(target, property, receiver) {
      if (property === 'begin') {
        return begin;
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      if (CONNECTING.has(property) && typeof value === 'function') {
        return (...args: unknown[]) => {
          if (options.oneConnection && EXTRA_CONNECTION.has(property)) {
            throw new Error(
              `sql.${String(property)} needs a connection of its own, which the embedded database (one connection) does not have`,
            );
          }
          refuseInsideTransaction(`sql.${String(property)}`);
          return Reflect.apply(value, target, args) as unknown;
        };
      }
      return value;
    },
  });
}
