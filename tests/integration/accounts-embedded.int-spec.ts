import { accountsSuite } from './accounts.suite.ts';

// The same suite on the embedded database (PGlite, one connection).
accountsSuite('embedded');
