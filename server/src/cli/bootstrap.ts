import { loadConfigOrExit, type Config } from '../config.ts';
import { createDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger, type Logger } from '../logger.ts';

/** Opens and migrates the configured database for a command-line task, then closes it. */
export async function withDatabase(
  task: (db: Database, config: Config, logger: Logger) => Promise<void>,
): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const db = await createDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: 2,
    logger,
  });
  try {
    await migrate(db.sql, logger);
    await task(db, config, logger);
  } finally {
    await db.close();
  }
}
