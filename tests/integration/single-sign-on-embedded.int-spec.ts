import { singleSignOnSuite } from './single-sign-on.suite.ts';

// The same suite on the embedded database (PGlite, one connection).
singleSignOnSuite('embedded');
