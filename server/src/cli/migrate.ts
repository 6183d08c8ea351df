import { loadConfigOrExit } from '../config.ts';
import { createDatabase } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { createLogger } from '../logger.ts';

/**
 * `crosswalk migrate`: brings the configured database to this version's schema and exits, so a rollout can migrate
 * once before it starts the new processes (each process also migrates at start unless MIGRATE_ON_START=false).
 */
const config = loadConfigOrExit();
const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
const db = await createDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 1, logger });
try {
  const applied = await migrate(db.sql, logger);
  process.stdout.write(
    applied.length === 0
      ? `The ${db.kind} database is up to date.\n`
      : `Migrated the ${db.kind} database: ${applied.join(', ')}.\n`,
  );
} catch (error) {
  process.stderr.write(`Could not migrate the ${db.kind} database: ${(error as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await db.close();
}
