import { moderationAuditSuite } from './moderation-audit.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
moderationAuditSuite('embedded');
