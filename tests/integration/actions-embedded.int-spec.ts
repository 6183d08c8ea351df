import { actionsSuite } from './actions.suite.ts';

// The same on the embedded database (PGlite serves one connection).
actionsSuite('embedded');
