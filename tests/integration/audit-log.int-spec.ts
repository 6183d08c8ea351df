import { auditLogSuite } from './audit-log.suite.ts';

auditLogSuite('postgres');
