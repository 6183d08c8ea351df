import { boardSuite } from './board.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
boardSuite('embedded');
