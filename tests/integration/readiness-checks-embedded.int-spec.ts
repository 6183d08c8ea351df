import { readinessChecksSuite } from './readiness-checks.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
readinessChecksSuite('embedded');
