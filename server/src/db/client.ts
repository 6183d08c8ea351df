import postgres from 'postgres';
import type { Logger } from '../logger.ts';
import { startEmbeddedPostgres } from './embedded.ts';

export type Sql = postgres.Sql;
/** Either the pool or a transaction: what repository methods accept so callers can compose transactions. */
export type Queryable = postgres.ISql;
export type DatabaseKind = 'embedded' | 'postgres';

export interface Database {
  sql: Sql;
  kind: DatabaseKind;
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
 * Opens the one `sql` instance the process uses. Both paths speak the PostgreSQL wire protocol through the
 * `postgres` package; only where the server lives differs.
 */
export async function createDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) {
    const sql = postgres(options.databaseUrl, { ...common, max: options.poolSize });
    return { sql, kind: 'postgres', close: () => sql.end({ timeout: 5 }) };
  }
  const embedded = await startEmbeddedPostgres(options.dataDir, options.logger);
  // PGlite executes one statement at a time: a single connection keeps transactions isolated.
  const sql = postgres({ ...common, path: embedded.socketPath, database: 'postgres', username: 'postgres', max: 1 });
  return {
    sql,
    kind: 'embedded',
    close: async () => {
      await sql.end({ timeout: 5 });
      await embedded.stop();
    },
  };
}
