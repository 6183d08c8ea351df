import { commentsSuite } from './comments.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
commentsSuite('embedded');
