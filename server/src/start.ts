/** Starts the server with the configuration from the environment (see main.ts for why this is a module apart). */
import { flushCompileCache } from 'node:module';
import { loadConfigOrExit } from './config.ts';
import { createCrosswalk } from './crosswalk.ts';
import { createLogger } from './logger.ts';

const config = loadConfigOrExit();
const logger = createLogger(config.logLevel);

try {
  const crosswalk = await createCrosswalk(config, logger);
  const address = await crosswalk.listen();
  // Written now rather than at exit: a process that is killed never exits.
  flushCompileCache();
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  logger.info(
    { port: address.port, database: crosswalk.db.kind, services: config.services },
    `Crosswalk is ready: open ${config.publicUrl ?? `http://${shownHost}:${address.port}`}`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    crosswalk.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
} catch (error) {
  logger.fatal({ err: error }, 'Crosswalk could not start');
  process.exit(1);
}
