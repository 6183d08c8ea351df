import { impactSuite } from './impact.suite.ts';

// The same on the embedded database (PGlite serves one connection).
impactSuite('embedded');
