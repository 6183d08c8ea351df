import { subjectAccessSuite } from './subject-access.suite.ts';

subjectAccessSuite('postgres');
