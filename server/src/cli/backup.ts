import path from 'node:path';
import { loadConfigOrExit } from '../config.ts';
import { backupEmbedded } from '../db/embedded-backup.ts';

/**
 * `crosswalk backup [file]`: a consistent copy of the embedded database, taken by the running Crosswalk if there is
 * one (default file: DATA_DIR/backups/crosswalk-<time>.tar.gz). On PostgreSQL, use pg_dump (docs/deployment.md).
 */
const config = loadConfigOrExit();
if (config.databaseUrl) {
  process.stderr.write(
    'Crosswalk is using PostgreSQL (DATABASE_URL): back it up with pg_dump, see docs/deployment.md.\n',
  );
  process.exit(1);
}
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const target = path.resolve(process.argv[2] ?? path.join(config.dataDir, 'backups', `crosswalk-${stamp}.tar.gz`));
try {
  const { online, bytes } = await backupEmbedded(config.dataDir, target);
  process.stdout.write(
    `Backed up the embedded database${online ? ' (Crosswalk kept running)' : ''} to ${target} (${(bytes / 1024 / 1024).toFixed(1)} MB).\n`,
  );
} catch (error) {
  process.stderr.write(`Could not back up the embedded database: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
