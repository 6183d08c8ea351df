import { auditLogSuite } from './audit-log.suite.ts';

// The same on the embedded database (PGlite serves one connection).
auditLogSuite('embedded');
