import { subjectAccessSuite } from './subject-access.suite.ts';

// The same on the embedded database (PGlite serves one connection).
subjectAccessSuite('embedded');
