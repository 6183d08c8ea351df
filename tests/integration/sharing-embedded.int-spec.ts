import { sharingSuite } from './sharing.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
sharingSuite('embedded');
