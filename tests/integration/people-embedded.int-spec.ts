import { peopleSuite } from './people.suite.ts';

// The same suite on the embedded database (PGlite, one connection).
peopleSuite('embedded');
