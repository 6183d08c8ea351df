import { suggestionsSuite } from './suggestions.suite.ts';

// The same suite on the embedded database (PGlite serves one connection).
suggestionsSuite('embedded');
