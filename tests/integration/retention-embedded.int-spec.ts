import { withDemoData } from '../support/fixtures.ts';
import { startTestServer } from '../support/test-server.ts';
import { retentionSuite } from './retention.suite.ts';

// The same suite on the embedded database (PGlite serves one process): the pass runs twice at once in it.
retentionSuite('embedded', async () => {
  const a = await startTestServer({ embedded: true });
  await withDemoData(a);
  return { a, b: a };
});
