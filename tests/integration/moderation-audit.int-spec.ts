import { moderationAuditSuite } from './moderation-audit.suite.ts';

moderationAuditSuite('postgres');
