import path from 'node:path';
import { loadConfigOrExit } from '../config.ts';
import { restoreEmbedded } from '../db/embedded-backup.ts';

/**
 * `crosswalk restore <file>`: replaces the embedded database with a backup, once the backup has proved whole and
 * no newer than this version of Crosswalk. Crosswalk must be stopped; the replaced database is kept beside it.
 */
const config = loadConfigOrExit();
const file = process.argv[2];
if (config.databaseUrl) {
  process.stderr.write(
    'Crosswalk is using PostgreSQL (DATABASE_URL): restore it with pg_restore, see docs/deployment.md.\n',
  );
  process.exit(1);
}
if (!file) {
  process.stderr.write('Name the backup to restore: crosswalk restore <file>\n');
  process.exit(1);
}
try {
  const { keptAs } = await restoreEmbedded(config.dataDir, path.resolve(file));
  process.stdout.write(
    `Restored the embedded database from ${path.resolve(file)}.${keptAs ? ` The database it replaced is kept in ${keptAs}.` : ''}\n`,
  );
} catch (error) {
  process.stderr.write(`Nothing was changed: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
