import { createLogger } from '../../server/src/logger.ts';
import { loadDemo } from '../../server/src/demo/load-demo.ts';
import type { TestServer } from './test-server.ts';

export { DEMO_PASSWORD, demoPeople } from '../../server/src/demo/demo-data.ts';

export async function withDemoData(server: TestServer): Promise<void> {
  await loadDemo(server.crosswalk.db.sql, createLogger('silent'));
}

/** The API's error body, for assertions. */
export interface ErrorBody {
  error: { id: string; message: string; fields?: { path: string; message: string }[] };
}
