import postgres from 'postgres';
import type { Logger } from '../logger.ts';
import { trackActivity, type DatabaseActivity } from './activity.ts';
import { startEmbeddedPostgres } from './embedded.ts';
import { guardTransactions } from './transaction-guard.ts';

export type Sql = postgres.Sql;
/** Either the pool or a transaction: what repository methods accept so callers can compose transactions. */
export type Queryable = postgres.ISql;
/**
 * A transaction: what repository methods that lock or write several rows require. The shared `sql` is not one (it
 * lacks `savepoint`), so such a method cannot be handed the shared connection by mistake.
 */
export type Tx = postgres.TransactionSql;
export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  sql: Sql;
  kind: DatabaseKind;
  /** Connections the pool may open (1 for the embedded database). */
  poolSize: number;
  /** Statements in flight and transactions open through `sql` now (for the metrics endpoint). */
  activity(): DatabaseActivity;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A PostgreSQL URL; when absent the embedded database in `dataDir` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  poolSize: number;
  logger: Logger;
}

const common = {
  transform: postgres.camel,
  onnotice: () => undefined,
  // The application always passes Dates and reads them back as Dates.
  types: {},
  connection: { application_name: 'crosswalk' },
} satisfies postgres.Options<Record<string, postgres.PostgresType>>;

/**
 * Opens the one `sql` instance the process uses, guarded so that no statement inside a transaction can use it. Both paths speak the PostgreSQL wire protocol through the
 * `postgres` package; only where the server lives differs.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const tracked = trackActivity(postgres(options.databaseUrl, { ...common, max: options.poolSize }));
    const sql = guardTransactions(tracked.sql, { oneConnection: false });
    return {
      sql,
      kind: 'postgres',
      poolSize: options.poolSize,
      activity: tracked.activity,
      close: () => sql.end({ timeout: 5 }),
    };
  }
  const embedded = await startEmbeddedPostgres(options.dataDir, options.logger);
  // PGlite executes one statement at a time: a single connection keeps transactions isolated. While a transaction
  // holds it, nothing else can run, so a statement sent through `sql` inside one would wait for itself: the guard
  // refuses it (on PostgreSQL too, so tests on either engine catch it).
  const tracked = trackActivity(
    postgres({ ...common, path: embedded.socketPath, database: 'postgres', username: 'postgres', max: 1 }),
  );
  const sql = guardTransactions(tracked.sql, { oneConnection: true });
  // Closing twice (a second shutdown signal, a restart in tests) must not stop the stopped PGlite again.
  let closed: Promise<void> | undefined;
  return {
    sql,
    kind: 'embedded',
    poolSize: 1,
    activity: tracked.activity,
    close: () =>
      (closed ??= (async () => {
        await sql.end({ timeout: 5 });
        await embedded.stop();
      })()),
  };
}
