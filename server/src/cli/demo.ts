import { DEMO_PASSWORD, demoPeople } from '../demo/demo-data.ts';
import { loadDemo } from '../demo/load-demo.ts';
import { withDatabase } from './bootstrap.ts';

await withDatabase(async (db, _config, logger) => {
  const { created } = await loadDemo(db.sql, logger);
  process.stdout.write(
    [
      `Demo data loaded into the ${db.kind} database (${created} new account${created === 1 ? '' : 's'}).`,
      `Every demo account's password is "${DEMO_PASSWORD}":`,
      ...demoPeople.map((p) => `  ${p.email.padEnd(34)} ${p.displayName}`),
      '',
    ].join('\n'),
  );
});
