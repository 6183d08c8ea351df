import { supportSuite } from './support.suite.ts';

// The same on the embedded database (PGlite serves one connection).
supportSuite('embedded');
