import { startTwoProcesses } from '../support/two-processes.ts';
import { retentionSuite } from './retention.suite.ts';

// Two processes of one deployment on PostgreSQL (one database, one Redis): both run the pass at once.
retentionSuite('postgres', () => startTwoProcesses());
